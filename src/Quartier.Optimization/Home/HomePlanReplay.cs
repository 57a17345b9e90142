using System.Globalization;
using Quartier.Resources.Devices;

namespace Quartier.Optimization.Home;

/// <summary>
/// Executes a <see cref="HomePlan"/>'s instructions on the resource simulations, to check that the plan is
/// executable as instructed: the battery instructions drive a <see cref="BatteryResource"/> with the planned site
/// (PV after curtailment; load + EV + appliances + heat pump), and the resulting state of charge can be compared
/// with <see cref="HomePlan.BatterySoc"/>.
/// </summary>
public static class HomePlanReplay
{
    /// <summary>Replays the battery instructions of <paramref name="plan"/> over the horizon.</summary>
    /// <exception cref="ArgumentException">The input has no battery or the plan has no values.</exception>
    public static BatteryReplay Battery(HomePlanInput input, HomePlan plan)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(plan);
        var b = input.Battery ?? throw new ArgumentException("the input has no battery to replay", nameof(input));
        if (!plan.HasValues)
        {
            throw new ArgumentException($"the plan has no values (status {plan.Status})", nameof(plan));
        }

        var n = plan.Steps;
        var resource = new BatteryResource(b.Id, b.ToSpec(input.ExportLimitW), BatteryMode.Idle, 0);
        var power = new double[n];
        var soc = new double[n + 1];
        soc[0] = resource.FillLevel;
        var rejections = new List<string>();
        var instructions = plan.Instructions;
        var k = 0;
        for (var t = 0; t < n; t++)
        {
            var at = plan.StepStart(t);
            for (; k < instructions.Count && instructions[k].Step <= t; k++)
            {
                var ins = instructions[k];
                if (ins.ResourceId != b.Id)
                {
                    continue;
                }

                var mode = BatteryModes.Parse(ins.ModeId);
                if (mode == resource.Mode && ins.Factor == resource.Factor)
                {
                    continue;
                }

                var outcome = resource.Instruct(mode, ins.Factor, at);
                if (!outcome.IsAccepted)
                {
                    rejections.Add(string.Create(CultureInfo.InvariantCulture, $"step {t}: {ins.ModeId} {ins.Factor}: {outcome.Reason}"));
                }
            }

            var load = input.LoadW[t];
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

            var site = new SiteConditions(input.PvW[t] - plan.CurtailmentW[t], load);
            var r = resource.Step(at, plan.StepSeconds, site);
            power[t] = r.PowerW;
            soc[t + 1] = r.FillLevel;
        }

        return new BatteryReplay(power, soc, rejections);
    }
}

/// <summary>What <see cref="HomePlanReplay.Battery"/> observed.</summary>
/// <param name="PowerW">Battery AC power per step (W, + = charging).</param>
/// <param name="Soc">State of charge at the start of every step and at the end (Steps + 1 values).</param>
/// <param name="Rejections">Instructions the resource rejected (step, mode, factor, reason); empty when all were accepted.</param>
public sealed record BatteryReplay(double[] PowerW, double[] Soc, IReadOnlyList<string> Rejections);
