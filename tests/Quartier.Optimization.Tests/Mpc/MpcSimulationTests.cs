using Quartier.Optimization.Home;
using Quartier.Optimization.Mpc;

namespace Quartier.Optimization.Tests.Mpc;

/// <summary>MPC with daily 48 h plans against the rule-based controller on a home with a time-of-use price.</summary>
public sealed class MpcSimulationTests
{
    private const int Days = 4;
    private const int PerDay = 96;

    private static (MpcHome Home, MpcOptions Options) Scenario()
    {
        // until 08:00 of the last day: every EV session departs inside the run, and no appliance window is cut off
        int n = (Days * PerDay) + 32;
        var pv = new double[n];
        var load = new double[n];
        var price = new double[n];
        for (int t = 0; t < n; t++)
        {
            double hour = (t % PerDay) / 4.0;
            pv[t] = hour is > 6 and < 20 ? 4000 * Math.Sin(Math.PI * (hour - 6) / 14) : 0;
            load[t] = 400 + (hour is >= 17 and < 22 ? 1000 : 0);
            price[t] = hour < 6 ? 0.15 : hour is >= 17 and < 21 ? 0.45 : 0.30;
        }

        var home = new MpcHome
        {
            Id = "home1",
            PvW = pv,
            LoadW = load,
            Battery = new HomeBattery { CapacityWh = 10_000, MaxChargeW = 5000, InitialSoc = 0.5, ChargeEfficiency = 0.95, DischargeEfficiency = 0.95 },
            Ev = new EvCommute(CapacityWh: 50_000, MaxChargeW: 11_000, ChargeEfficiency: 0.9, ArrivalHour: 18, DepartureHour: 7, ArrivalSoc: 0.3, TargetSoc: 0.8),
            Appliance = new DailyAppliance("dishwasher", [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000], EarliestHour: 10, LatestEndHour: 22, DefaultStartHour: 19),
        };
        var options = new MpcOptions { StartUtc = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc), ImportPriceEurPerKwh = price, ExportPriceEurPerKwh = 0.08 };
        return (home, options);
    }

    [Fact]
    public void MPC_with_perfect_forecasts_costs_less_than_the_rule_based_controller_and_meets_the_EV_targets()
    {
        var (home, options) = Scenario();
        var rule = MpcSimulation.RunRuleBased(home, options);
        var mpc = MpcSimulation.RunMpc(home, options with { RecordPlans = true });

        Assert.Equal(0, mpc.FailedPlans);
        Assert.Equal(mpc.Plans, mpc.PlanLog.Count);
        Assert.Contains(mpc.PlanLog[1].Instructions, i => i.ModeId == "FORCED_CHARGE");
        Assert.Equal(Days + 1, mpc.Plans);    // at the start and every day at noon
        Assert.Equal(0.0, mpc.EvShortfallKwh, 6);
        Assert.Equal(0.0, rule.EvShortfallKwh, 6);
        Assert.True(mpc.CostEur < rule.CostEur * 0.9, $"MPC {mpc.CostEur:F2} EUR vs rule-based {rule.CostEur:F2} EUR");
    }

    [Fact]
    public void Both_controllers_serve_the_same_EV_energy_and_appliance_runs_so_the_saving_is_timing()
    {
        var (home, options) = Scenario();
        var rule = MpcSimulation.RunRuleBased(home, options);
        var mpc = MpcSimulation.RunMpc(home, options);

        // five sessions from 30 % to 80 % of 50 kWh at 90 %: 5 · 25 / 0.9 = 138.9 kWh, and four dishwasher runs
        Assert.Equal(5 * 25 / 0.9, rule.EvKwh, 6);
        Assert.Equal(rule.EvKwh, mpc.EvKwh, 6);
        Assert.Equal(Days, rule.ApplianceRuns);
        Assert.Equal(Days, mpc.ApplianceRuns);
    }
}
