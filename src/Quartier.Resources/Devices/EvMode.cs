using Quartier.Core.Errors;

namespace Quartier.Resources.Devices;

/// <summary>Operation modes of <see cref="EvResource"/> (ids <c>IDLE</c>, <c>FORCED_CHARGE</c>).</summary>
public enum EvMode
{
    /// <summary><c>IDLE</c>: no charging; the state of charge holds.</summary>
    Idle,

    /// <summary><c>FORCED_CHARGE</c>: charges at factor·MaxChargePowerW (needs a plugged-in vehicle).</summary>
    ForcedCharge,
}

/// <summary>Ids of <see cref="EvMode"/> values.</summary>
public static class EvModes
{
    private static readonly string[] Ids = ["IDLE", "FORCED_CHARGE"];

    /// <summary>All mode ids in enum order.</summary>
    public static IReadOnlyList<string> AllIds => Ids;

    /// <summary>The operation mode id.</summary>
    public static string Id(EvMode mode) => Ids[(int)mode];

    /// <summary>Parses a mode id (case-insensitive); the error lists the valid ids.</summary>
    /// <exception cref="InputException">Unknown id.</exception>
    public static EvMode Parse(string id)
    {
        for (var i = 0; i < Ids.Length; i++)
        {
            if (string.Equals(Ids[i], id?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return (EvMode)i;
            }
        }

        throw new InputException($"unknown EV operation mode '{id}'; valid: {string.Join(", ", Ids)}");
    }
}
