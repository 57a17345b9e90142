namespace Quartier.Resources.Devices;

/// <summary>
/// What a battery does in each <see cref="BatteryMode"/>: pure functions, no allocation.
/// <para>Notation: <c>P</c> = AC power (+ charge, − discharge); <c>f</c> = factor clamped to 0..1 (NaN = 0);
/// <c>Pc</c>/<c>Pd</c> = <see cref="BatterySpec.MaxChargePowerW"/>/<see cref="BatterySpec.DischargeLimitW"/>;
/// <c>Lc</c>/<c>Ld</c> = the <see cref="BatteryLimits"/> (power limits, SoC bounds and efficiencies over the
/// step); <c>surplus = max(PV − load, 0)</c>, <c>deficit = max(load − PV, 0)</c>, <c>net = load − PV</c>;
/// <c>C = min(f·Pc, Lc)</c> and <c>D = min(f·Pd, Ld)</c> are the factor-scaled caps.</para>
/// <list type="table">
/// <item><term>IDLE, FAULT</term><description><c>P = 0</c>.</description></item>
/// <item><term>SELF_CONSUMPTION</term><description><c>P = min(surplus, C)</c> if surplus &gt; 0, else <c>−min(deficit, D)</c>.</description></item>
/// <item><term>NON_EXPORT</term><description><c>P = min(max(PV − load − ExportLimitW, 0), C)</c>; never discharges.</description></item>
/// <item><term>PEAK_SHAVING</term><description><c>P = −min(net − PeakImportLimitW, D)</c> if net &gt; PeakImportLimitW; <c>min(surplus, C)</c> if surplus &gt; 0; else 0.</description></item>
/// <item><term>GRID_SUPPORT_EXPORT</term><description><c>P = −min(f·G, Ld)</c>, <c>G</c> = GridSupportPowerW (default Pd), regardless of the site.</description></item>
/// <item><term>GRID_SUPPORT_IMPORT</term><description><c>P = min(f·G, Lc)</c>, <c>G</c> = GridSupportPowerW (default Pc), regardless of the site.</description></item>
/// <item><term>FREQUENCY_REGULATION</term><description><c>Δ = F − NominalFrequencyHz</c>; <c>e = sign(Δ)·max(|Δ| − deadband, 0)</c>; <c>P = clamp(f·droop·e, −Ld, Lc)</c>: over-frequency charges, under-frequency discharges. Frequency ≤ 0 or NaN counts as nominal.</description></item>
/// <item><term>RAMP_RATE_CONTROL</term><description>With R = ramp limit and <c>g₀ = net</c>: <c>P = clamp(clamp(g₀, prev − R, prev + R) − g₀, −D, C)</c>, so the grid power moves at most R from PreviousGridW; 0 when PreviousGridW is NaN.</description></item>
/// <item><term>RESERVE_BACKUP</term><description>Below ReserveSoc: <c>P = min(max(surplus, f·Pc), Lc)</c> (PV and grid refill the reserve). Otherwise SELF_CONSUMPTION, but discharging only while the SoC is above ReserveSoc (<see cref="BatteryResource"/> also computes Ld down to ReserveSoc, so a step cannot cross it).</description></item>
/// <item><term>OUTAGE_SUPPLY</term><description>Grid down: <c>P = −min(deficit, Ld)</c> or <c>min(surplus, Lc)</c> (the factor is ignored: an islanded battery balances the site as far as it can). Grid up: 0.</description></item>
/// <item><term>FORCED_CHARGE</term><description><c>P = C</c> (e.g. f = 0.5 → 0.5·Pc, less when the SoC headroom is smaller).</description></item>
/// <item><term>FORCED_DISCHARGE</term><description><c>P = −D</c>.</description></item>
/// </list>
/// </summary>
public static class BatteryBehaviour
{
    /// <summary>
    /// The AC setpoint (W, + = charging) of <paramref name="mode"/> with <paramref name="factor"/> for the site
    /// conditions, within <paramref name="limits"/>. See the class remarks for every mode.
    /// </summary>
    public static double Setpoint(BatteryMode mode, double factor, in SiteConditions site, in BatteryLimits limits, BatterySpec spec, double fillLevel)
    {
        var f = factor >= 0 ? Math.Min(factor, 1) : 0;
        var pc = spec.MaxChargePowerW;
        var pd = spec.DischargeLimitW;
        var lc = Math.Max(limits.ChargeW, 0);
        var ld = Math.Max(limits.DischargeW, 0);
        var capC = Math.Min(f * pc, lc);
        var capD = Math.Min(f * pd, ld);
        var surplus = site.SurplusW;
        var deficit = site.DeficitW;
        switch (mode)
        {
            case BatteryMode.SelfConsumption:
                return SelfConsumption(surplus, deficit, capC, capD);

            case BatteryMode.NonExport:
                return Math.Min(Math.Max(site.PvW - site.LoadW - spec.ExportLimitW, 0), capC);

            case BatteryMode.PeakShaving:
                {
                    var net = site.NetLoadW;
                    if (net > spec.PeakImportLimitW)
                    {
                        return -Math.Min(net - spec.PeakImportLimitW, capD);
                    }

                    return surplus > 0 ? Math.Min(surplus, capC) : 0;
                }

            case BatteryMode.GridSupportExport:
                return -Math.Min(f * (spec.GridSupportPowerW ?? pd), ld);

            case BatteryMode.GridSupportImport:
                return Math.Min(f * (spec.GridSupportPowerW ?? pc), lc);

            case BatteryMode.FrequencyRegulation:
                {
                    var hz = site.FrequencyHz;
                    if (!(hz > 0))
                    {
                        return 0;
                    }

                    var delta = hz - spec.NominalFrequencyHz;
                    var beyond = Math.Max(Math.Abs(delta) - spec.FrequencyDeadbandHz, 0);
                    var p = f * spec.DroopWPerHz * Math.Sign(delta) * beyond;
                    return Math.Clamp(p, -ld, lc);
                }

            case BatteryMode.RampRateControl:
                {
                    var previous = site.PreviousGridW;
                    if (double.IsNaN(previous))
                    {
                        return 0;
                    }

                    var r = spec.RampLimitW;
                    var g0 = site.NetLoadW;
                    var target = Math.Clamp(g0, previous - r, previous + r);
                    return Math.Clamp(target - g0, -capD, capC);
                }

            case BatteryMode.ReserveBackup:
                if (fillLevel < spec.ReserveSoc)
                {
                    return Math.Min(Math.Max(surplus, f * pc), lc);
                }

                return SelfConsumption(surplus, deficit, capC, fillLevel > spec.ReserveSoc ? capD : 0);

            case BatteryMode.OutageSupply:
                if (site.GridAvailable)
                {
                    return 0;
                }

                return SelfConsumption(surplus, deficit, lc, ld);

            case BatteryMode.ForcedCharge:
                return capC;

            case BatteryMode.ForcedDischarge:
                return -capD;

            default:
                return 0;
        }
    }

    /// <summary>
    /// The AC power a battery can take and give over <paramref name="seconds"/> at <paramref name="fillLevel"/>:
    /// charge <c>min(Pc, (MaxSoc − soc)·Cap/(η_c·h))</c>, discharge <c>min(Pd, (soc − floor)·Cap·η_d/h)</c>
    /// with <c>floor = max(MinSoc, <paramref name="floorSoc"/>)</c> and h the step in hours (both ≥ 0). For a step
    /// of 0 s only the power limits apply, and 0 at the bound.
    /// </summary>
    public static BatteryLimits Limits(BatterySpec spec, double fillLevel, double seconds, double floorSoc = 0)
    {
        var pc = spec.MaxChargePowerW;
        var pd = spec.DischargeLimitW;
        var floor = Math.Max(spec.MinSoc, floorSoc);
        var headroom = Math.Max(spec.MaxSoc - fillLevel, 0) * spec.CapacityWh;
        var available = Math.Max(fillLevel - floor, 0) * spec.CapacityWh;
        if (!(seconds > 0))
        {
            return new BatteryLimits(headroom > 0 ? pc : 0, available > 0 ? pd : 0);
        }

        var h = seconds / 3600.0;
        return new BatteryLimits(
            Math.Min(pc, headroom / (spec.ChargeEfficiency * h)),
            Math.Min(pd, available * spec.DischargeEfficiency / h));
    }

    internal static double SelfConsumption(double surplus, double deficit, double capC, double capD)
    {
        if (surplus > 0)
        {
            return Math.Min(surplus, capC);
        }

        return deficit > 0 ? -Math.Min(deficit, capD) : 0;
    }
}
