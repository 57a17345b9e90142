using Quartier.Resources.Devices;

namespace Quartier.Optimization.Home;

/// <summary>
/// The home battery for <see cref="HomePlanner"/>. State-of-charge values are fractions 0..1 of
/// <see cref="CapacityWh"/>; powers are AC. The plan stores <c>P·η_c·h</c> when charging and draws
/// <c>P/η_d·h</c> when discharging, exactly as <see cref="BatteryResource"/> does.
/// </summary>
public sealed record HomeBattery
{
    /// <summary>Resource id used in the instruction plan. Default <c>battery</c>.</summary>
    public string Id { get; init; } = "battery";

    /// <summary>Usable capacity (Wh, &gt; 0).</summary>
    public required double CapacityWh { get; init; }

    /// <summary>State of charge at the start (within MinSoc..MaxSoc). Default 0.5.</summary>
    public double InitialSoc { get; init; } = 0.5;

    /// <summary>Lowest state of charge. Default 0.</summary>
    public double MinSoc { get; init; }

    /// <summary>Highest state of charge. Default 1.</summary>
    public double MaxSoc { get; init; } = 1;

    /// <summary>Maximum AC charging power (W, ≥ 0).</summary>
    public required double MaxChargeW { get; init; }

    /// <summary>Maximum AC discharging power (W, ≥ 0); null = <see cref="MaxChargeW"/>.</summary>
    public double? MaxDischargeW { get; init; }

    /// <summary>Share of the AC charging energy that is stored, (0, 1]. Default 0.88 (as <see cref="BatterySpec"/>).</summary>
    public double ChargeEfficiency { get; init; } = 0.88;

    /// <summary>Share of the drawn stored energy delivered as AC, (0, 1]. Default 0.88.</summary>
    public double DischargeEfficiency { get; init; } = 0.88;

    /// <summary>Value of the energy stored at the end of the horizon (EUR/kWh stored, ≥ 0). Default 0.</summary>
    public double TerminalValueEurPerKwh { get; init; }

    /// <summary>
    /// True (default) lets battery energy go to the grid (arbitrage). False limits the discharge of every step to
    /// the home's own consumption in that step, so the export never exceeds the PV generation.
    /// </summary>
    public bool AllowGridExport { get; init; } = true;

    /// <summary>Maximum discharging power with the default applied.</summary>
    public double DischargeLimitW => MaxDischargeW ?? MaxChargeW;

    /// <summary>
    /// The <see cref="BatterySpec"/> of the same battery for <see cref="BatteryResource"/>; NON_EXPORT uses
    /// <paramref name="exportLimitW"/> (the site's export limit; infinite = 0, the mode is then not planned).
    /// </summary>
    public BatterySpec ToSpec(double exportLimitW) => new()
    {
        CapacityWh = CapacityWh,
        MaxChargePowerW = MaxChargeW,
        MaxDischargePowerW = DischargeLimitW,
        ChargeEfficiency = ChargeEfficiency,
        DischargeEfficiency = DischargeEfficiency,
        MinSoc = MinSoc,
        MaxSoc = MaxSoc,
        InitialSoc = InitialSoc,
        ExportLimitW = double.IsFinite(exportLimitW) ? exportLimitW : 0,
    };
}
