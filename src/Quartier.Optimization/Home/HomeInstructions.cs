using Quartier.Resources.Devices;

namespace Quartier.Optimization.Home;

/// <summary>
/// Turns the per-step schedules of a <see cref="HomePlan"/> into S2 instructions (one per resource whenever its
/// mode or factor changes). See <see cref="HomePlanner"/> for the mapping.
/// </summary>
internal static class HomeInstructions
{
    /// <summary>Powers closer than this (W) count as equal when choosing a mode.</summary>
    internal const double PowerToleranceW = 1e-3;

    private const double FactorTolerance = 1e-9;

    /// <summary>The battery mode and factor that make <see cref="BatteryBehaviour.Setpoint"/> give <paramref name="powerW"/> (+ = charging) for the site.</summary>
    public static (BatteryMode Mode, double Factor) ChooseBatteryMode(double powerW, double pvW, double siteLoadW, HomeBattery battery, double exportLimitW)
    {
        var surplus = Math.Max(pvW - siteLoadW, 0);
        var deficit = Math.Max(siteLoadW - pvW, 0);
        if (powerW > PowerToleranceW)
        {
            var f = Factor(powerW, battery.MaxChargeW);
            if (powerW > surplus + PowerToleranceW)
            {
                return (BatteryMode.ForcedCharge, f);
            }

            // Charging from PV surplus only: NON_EXPORT when it stores exactly what the export limit keeps from the grid,
            // SELF_CONSUMPTION (following the site) when it stores the whole surplus, else SELF_CONSUMPTION capped by the factor.
            if (double.IsFinite(exportLimitW) && Math.Abs(powerW - (surplus - exportLimitW)) <= PowerToleranceW)
            {
                return (BatteryMode.NonExport, 1);
            }

            return Math.Abs(powerW - surplus) <= PowerToleranceW
                ? (BatteryMode.SelfConsumption, 1)
                : (BatteryMode.SelfConsumption, f);
        }

        if (powerW < -PowerToleranceW)
        {
            var d = -powerW;
            return Math.Abs(d - deficit) <= PowerToleranceW
                ? (BatteryMode.SelfConsumption, 1)
                : (BatteryMode.ForcedDischarge, Factor(d, battery.DischargeLimitW));
        }

        return (BatteryMode.Idle, 0);
    }

    public static List<PlannedInstruction> Build(HomeProblem p, HomePlan plan)
    {
        var list = new List<PlannedInstruction>();
        var n = p.Steps;
        if (p.Battery is { } b)
        {
            var last = (Mode: string.Empty, Factor: double.NaN);
            for (var t = 0; t < n; t++)
            {
                var (mode, factor) = ChooseBatteryMode(
                    plan.BatteryChargeW[t] - plan.BatteryDischargeW[t],
                    p.Pv[t] - plan.CurtailmentW[t],
                    SiteLoad(p, plan, t),
                    b,
                    p.ExportLimitW);
                Emit(list, plan, b.Id, t, BatteryModes.Id(mode), factor, ref last);
            }
        }

        if (p.Ev is { } ev)
        {
            var last = (Mode: string.Empty, Factor: double.NaN);
            for (var t = 0; t < n; t++)
            {
                var pw = plan.EvPowerW[t];
                var charging = pw > PowerToleranceW;
                Emit(list, plan, ev.Id, t, EvModes.Id(charging ? EvMode.ForcedCharge : EvMode.Idle), charging ? Factor(pw, ev.MaxChargeW) : 0, ref last);
            }
        }

        for (var a = 0; a < plan.Appliances.Count; a++)
        {
            var run = plan.Appliances[a];
            list.Add(new PlannedInstruction(run.Id, run.StartStep, plan.StepStart(run.StartStep), "RUN", 1));
        }

        if (p.HeatPump is { } hp)
        {
            var last = (Mode: string.Empty, Factor: double.NaN);
            for (var t = 0; t < n; t++)
            {
                var pw = plan.HeatPumpElectricW[t];
                var on = pw > PowerToleranceW;
                Emit(list, plan, hp.Id, t, on ? "ON" : "OFF", on ? Factor(pw, hp.MaxElectricW) : 0, ref last);
            }
        }

        list.Sort(static (x, y) => x.Step != y.Step ? x.Step.CompareTo(y.Step) : string.CompareOrdinal(x.ResourceId, y.ResourceId));
        return list;
    }

    /// <summary>The site consumption the battery sees at step <paramref name="t"/>: load, EV, appliances and heat pump.</summary>
    public static double SiteLoad(HomeProblem p, HomePlan plan, int t)
    {
        var load = p.Load[t];
        if (plan.EvPowerW.Length > 0)
        {
            load += plan.EvPowerW[t];
        }

        if (plan.AppliancePowerW.Length > 0)
        {
            load += plan.AppliancePowerW[t];
        }

        if (plan.HeatPumpElectricW.Length > 0)
        {
            load += plan.HeatPumpElectricW[t];
        }

        return load;
    }

    private static double Factor(double power, double max) => max > 0 ? Math.Clamp(power / max, 0, 1) : 0;

    private static void Emit(List<PlannedInstruction> list, HomePlan plan, string id, int t, string mode, double factor, ref (string Mode, double Factor) last)
    {
        if (mode == last.Mode && Math.Abs(factor - last.Factor) <= FactorTolerance)
        {
            return;
        }

        list.Add(new PlannedInstruction(id, t, plan.StepStart(t), mode, factor));
        last = (mode, factor);
    }
}
