using Quartier.Resources.Eos;

namespace Quartier.Optimization.Eos;

/// <summary>
/// EOS's fitness of a replayed plan, without the genetic algorithm's search penalties: the total balance
/// (costs − revenue) minus the residual value of the PV battery at the end — the usable energy above the minimum SoC,
/// times the discharging and DC→AC efficiencies, priced at <c>preis_euro_pro_wh_akku</c>. The vehicle's target is a
/// constraint: when EOS optimises the vehicle (its minimum SoC is not below its initial SoC) the final SoC must reach
/// <c>min_soc_percentage</c>.
/// </summary>
public static class EosObjective
{
    /// <summary>Objective of <paramref name="result"/> (a replay of <paramref name="input"/>): balance − residual battery value; lower is better.</summary>
    public static double Of(EosOptimizeInput input, EosSimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.TotalBalance - BatteryValue(input, result);
    }

    /// <summary>Objective of a plan whose stored balance is <paramref name="totalBalance"/> and whose battery ends at <paramref name="finalBatterySocWh"/>.</summary>
    public static double Of(EosOptimizeInput input, double totalBalance, double? finalBatterySocWh) =>
        totalBalance - BatteryValue(input, finalBatterySocWh);

    /// <summary>EOS's residual value of the battery energy left at the end of <paramref name="result"/> (0 without a battery).</summary>
    public static double BatteryValue(EosOptimizeInput input, EosSimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return BatteryValue(input, result.FinalBatterySocWh);
    }

    /// <summary>EOS's residual value of a battery ending at <paramref name="finalBatterySocWh"/> (0 when <c>null</c> or without a battery or inverter).</summary>
    public static double BatteryValue(EosOptimizeInput input, double? finalBatterySocWh)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (finalBatterySocWh is not { } soc || input.PvBattery is not { } battery || input.Inverter is not { } inverter)
        {
            return 0.0;
        }

        double minWh = battery.EffectiveMinSocPercentage / 100 * battery.CapacityWh;
        return ResidualValue(soc, minWh, battery.DischargingEfficiency, inverter.DcToAcEfficiency, input.Ems.PricePerWhBattery);
    }

    /// <summary>True when EOS optimises the vehicle's charging: there is one and its minimum SoC is not below its initial SoC.</summary>
    public static bool OptimizesEv(EosOptimizeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Ev is { } ev && ev.MinSocPercentage - ev.InitialSocPercentage >= 0;
    }

    /// <summary>
    /// How far the vehicle's final SoC misses EOS's window (below <c>min_soc_percentage</c> or above
    /// <c>max_soc_percentage</c>), percentage points; 0 when met or when EOS does not optimise the vehicle.
    /// </summary>
    public static double EvShortfall(EosOptimizeInput input, EosSimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!OptimizesEv(input) || input.Ev is not { } ev || result.FinalEvSocPercentage is not { } percent)
        {
            return 0.0;
        }

        return percent < ev.MinSocPercentage ? ev.MinSocPercentage - percent
            : percent > ev.MaxSocPercentage ? percent - ev.MaxSocPercentage
            : 0.0;
    }

    /// <summary>EOS's formula: max((soc − min)·η_discharge, 0) · η_DC→AC · price (in this order of operations).</summary>
    internal static double ResidualValue(double socWh, double minSocWh, double dischargingEfficiency, double dcToAc, double pricePerWh)
    {
        double usable = (socWh - minSocWh) * dischargingEfficiency;
        double content = usable > 0.0 ? usable : 0.0;
        return content * dcToAc * pricePerWh;
    }
}
