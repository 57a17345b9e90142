using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>The kinds of status document a resource accepts.</summary>
public enum ResourceStatusType
{
    /// <summary><c>FRBC.ActuatorStatus</c> (EOS: <c>FRBCActuatorStatus</c>).</summary>
    FrbcActuatorStatus,

    /// <summary><c>FRBC.StorageStatus</c> (EOS: <c>FRBCStorageStatus</c>).</summary>
    FrbcStorageStatus,

    /// <summary><c>FRBC.TimerStatus</c>.</summary>
    FrbcTimerStatus,

    /// <summary><c>OMBC.Status</c>.</summary>
    OmbcStatus,

    /// <summary><c>OMBC.TimerStatus</c>.</summary>
    OmbcTimerStatus,

    /// <summary><c>DDBC.ActuatorStatus</c>.</summary>
    DdbcActuatorStatus,

    /// <summary><c>DDBC.TimerStatus</c>.</summary>
    DdbcTimerStatus,

    /// <summary><c>PowerMeasurement</c> (any control type).</summary>
    PowerMeasurement,
}

/// <summary>Names and control types of <see cref="ResourceStatusType"/> values.</summary>
public static class ResourceStatusTypes
{
    private static readonly string[] Names =
    [
        "FRBC.ActuatorStatus",
        "FRBC.StorageStatus",
        "FRBC.TimerStatus",
        "OMBC.Status",
        "OMBC.TimerStatus",
        "DDBC.ActuatorStatus",
        "DDBC.TimerStatus",
        "PowerMeasurement",
    ];

    /// <summary>All S2 message type names, in enum order.</summary>
    public static IReadOnlyList<string> S2Names => Names;

    /// <summary>The S2 message type, e.g. <c>FRBC.ActuatorStatus</c>.</summary>
    public static string ToS2(ResourceStatusType type) => Names[(int)type];

    /// <summary>
    /// Parses a type name: the S2 spelling (<c>FRBC.ActuatorStatus</c>) or EOS's without the dot
    /// (<c>FRBCActuatorStatus</c>), case-insensitive.
    /// </summary>
    public static bool TryParse(string? name, out ResourceStatusType type)
    {
        type = default;
        if (name is null)
        {
            return false;
        }

        var wanted = name.Trim().Replace(".", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i].Replace(".", string.Empty, StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase))
            {
                type = (ResourceStatusType)i;
                return true;
            }
        }

        return false;
    }

    /// <summary>The control type the status belongs to; null for <see cref="ResourceStatusType.PowerMeasurement"/> (all).</summary>
    public static ControlType? ControlTypeOf(ResourceStatusType type) => type switch
    {
        ResourceStatusType.FrbcActuatorStatus or ResourceStatusType.FrbcStorageStatus or ResourceStatusType.FrbcTimerStatus => ControlType.FillRateBased,
        ResourceStatusType.OmbcStatus or ResourceStatusType.OmbcTimerStatus => ControlType.OperationModeBased,
        ResourceStatusType.DdbcActuatorStatus or ResourceStatusType.DdbcTimerStatus => ControlType.DemandDrivenBased,
        _ => null,
    };
}
