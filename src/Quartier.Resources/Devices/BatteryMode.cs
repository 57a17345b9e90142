using Quartier.Core.Errors;

namespace Quartier.Resources.Devices;

/// <summary>
/// Battery operation modes (the FRBC operation modes of <see cref="BatteryResource"/>; ids as on the EOS
/// resource page, see <see cref="BatteryModes.Id"/>). <see cref="BatteryBehaviour.Setpoint"/> defines each.
/// </summary>
public enum BatteryMode
{
    /// <summary><c>IDLE</c>: neither charges nor discharges.</summary>
    Idle,

    /// <summary><c>SELF_CONSUMPTION</c>: charges from PV surplus, discharges to cover the site deficit.</summary>
    SelfConsumption,

    /// <summary><c>NON_EXPORT</c>: charges what would be exported beyond the export limit; never discharges.</summary>
    NonExport,

    /// <summary><c>PEAK_SHAVING</c>: discharges the import above the peak limit; charges from PV surplus.</summary>
    PeakShaving,

    /// <summary><c>GRID_SUPPORT_EXPORT</c>: discharges a set power into the grid.</summary>
    GridSupportExport,

    /// <summary><c>GRID_SUPPORT_IMPORT</c>: charges a set power from the grid.</summary>
    GridSupportImport,

    /// <summary><c>FREQUENCY_REGULATION</c>: droop response to the frequency deviation.</summary>
    FrequencyRegulation,

    /// <summary><c>RAMP_RATE_CONTROL</c>: limits the change of grid power from one step to the next.</summary>
    RampRateControl,

    /// <summary><c>RESERVE_BACKUP</c>: self-consumption that keeps the reserve state of charge.</summary>
    ReserveBackup,

    /// <summary><c>OUTAGE_SUPPLY</c>: islanded supply of the site while the grid is down.</summary>
    OutageSupply,

    /// <summary><c>FORCED_CHARGE</c>: charges at the commanded power.</summary>
    ForcedCharge,

    /// <summary><c>FORCED_DISCHARGE</c>: discharges at the commanded power.</summary>
    ForcedDischarge,

    /// <summary><c>FAULT</c>: unavailable; entered only under an abnormal condition, left only to IDLE.</summary>
    Fault,
}

/// <summary>Ids of <see cref="BatteryMode"/> values, both ways.</summary>
public static class BatteryModes
{
    /// <summary>Number of battery modes.</summary>
    public const int Count = 13;

    private static readonly string[] Ids =
    [
        "IDLE",
        "SELF_CONSUMPTION",
        "NON_EXPORT",
        "PEAK_SHAVING",
        "GRID_SUPPORT_EXPORT",
        "GRID_SUPPORT_IMPORT",
        "FREQUENCY_REGULATION",
        "RAMP_RATE_CONTROL",
        "RESERVE_BACKUP",
        "OUTAGE_SUPPLY",
        "FORCED_CHARGE",
        "FORCED_DISCHARGE",
        "FAULT",
    ];

    /// <summary>All mode ids in enum order.</summary>
    public static IReadOnlyList<string> AllIds => Ids;

    /// <summary>The operation mode id, e.g. <c>SELF_CONSUMPTION</c> (no allocation).</summary>
    public static string Id(BatteryMode mode) => Ids[(int)mode];

    /// <summary>Parses a mode id (case-insensitive, surrounding blanks ignored).</summary>
    public static bool TryParse(string? id, out BatteryMode mode)
    {
        mode = BatteryMode.Idle;
        if (id is null)
        {
            return false;
        }

        var s = id.Trim();
        for (var i = 0; i < Ids.Length; i++)
        {
            if (string.Equals(Ids[i], s, StringComparison.OrdinalIgnoreCase))
            {
                mode = (BatteryMode)i;
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses a mode id; the error lists the valid ids.</summary>
    /// <exception cref="InputException">Unknown id.</exception>
    public static BatteryMode Parse(string id) =>
        TryParse(id, out var mode) ? mode : throw new InputException($"unknown battery operation mode '{id}'; valid: {string.Join(", ", Ids)}");
}
