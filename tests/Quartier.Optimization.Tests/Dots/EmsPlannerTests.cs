using Quartier.Optimization.Dots;
using Quartier.Optimization.Modeling;
using Quartier.Optimization.Solvers;

namespace Quartier.Optimization.Tests.Dots;

/// <summary>DOTS's EConnection MILP on cases whose optimum is known by hand.</summary>
public sealed class EmsPlannerTests
{
    private const int N = 8;
    private const double Dt = 900;

    private static double[] Fill(double v, int n = N) => Enumerable.Repeat(v, n).ToArray();

    private static EmsPlanInput Home(double[]? demand = null, double[]? pv = null, double[]? buy = null, double[]? sell = null, EmsEv? ev = null, EmsBattery? battery = null,
        GridTariffKind tariff = GridTariffKind.None, double[]? tariffValues = null, double bandwidthPrice = 0, double bandwidthW = 0, double peakOld = 0, bool dots = true, double limit = 17_000) => new()
    {
        Steps = N,
        StepSeconds = Dt,
        DemandW = demand ?? Fill(0),
        PvMaxW = pv,
        AirK = Fill(283.15),
        SoilK = Fill(283.15),
        IrradianceWm2 = Fill(0),
        BuyEurPerKwh = buy ?? Fill(0.30),
        SellEurPerKwh = sell ?? Fill(0.30),
        Ev = ev,
        Battery = battery,
        Tariff = tariff,
        TariffValues = tariffValues,
        BandwidthPriceEurPerKwh = bandwidthPrice,
        BandwidthW = bandwidthW,
        PeakOldEur = peakOld,
        DotsQuirks = dots,
        GridLimitW = limit,
    };

    private static EmsPlan Optimal(EmsPlanInput input, ISolver? solver = null) =>
        EmsPlanner.Plan(input, new EmsPlanOptions { RelativeGap = 0, KeepSeries = true, Solver = solver });

    [Fact]
    public void Demand_alone_is_bought_at_the_contract_price()
    {
        var plan = Optimal(Home(demand: Fill(1000)));
        Assert.True(plan.Feasible);

        // 8 steps × 1 kW × 0.25 h × 0.30 EUR/kWh
        Assert.Equal(8 * 0.25 * 0.30, plan.Objective, 9);
        Assert.Equal(1000, plan.ImportW, 6);
        Assert.Equal(0, plan.ExportW, 6);
    }

    [Fact]
    public void An_EV_charges_in_the_cheapest_steps_before_it_leaves_and_meets_its_target()
    {
        // plugged in now, leaves after step 6; needs 2 steps at 4 kW (7.2 MJ); the tariff is cheapest at steps 2 and 4
        double[] tariff = [0.10, 0.10, 0.05, 0.10, 0.05, 0.10, 0.10, 0.10];
        var ev = new EmsEv(4000, 100e6, 10e6, 1.0, [new EmsEvSession(-3, 6, 10e6, 17.2e6)]);
        var plan = Optimal(Home(ev: ev, tariff: GridTariffKind.Variable, tariffValues: tariff));
        Assert.True(plan.Feasible);
        Assert.Equal([0.0, 0, 4000, 0, 4000, 0, 0, 0], plan.EvSeriesW!.Select(v => Math.Round(v, 6)).ToArray());

        // 2 kWh at 0.30 + 0.05 each
        Assert.Equal(2 * (0.30 + 0.05), plan.Objective, 9);
        Assert.Equal(0, plan.EvW, 6);
    }

    [Fact]
    public void The_static_bandwidth_tariff_charges_only_the_energy_beyond_capacity()
    {
        // 3 kW demand with a 2 kW bandwidth at 0.10 EUR/kWh: 1 kW × 0.25 h beyond it per step
        var plan = Optimal(Home(demand: Fill(3000), tariff: GridTariffKind.StaticBandwidth, bandwidthPrice: 0.10, bandwidthW: 2000));
        Assert.Equal(8 * ((0.75 * 0.30) + (0.25 * 0.10)), plan.Objective, 9);
    }

    [Fact]
    public void The_variable_peak_tariff_charges_the_highest_step_or_the_memory()
    {
        double[] peak = [2.0, 2.0, 4.0, 2.0, 2.0, 2.0, 2.0, 2.0];
        var plan = Optimal(Home(demand: Fill(1000), tariff: GridTariffKind.VariablePeak, tariffValues: peak));

        // 1 kW × 4 EUR/kW at step 2 is the peak; the first step's own peak cost is 2 EUR (DOTS's next memory)
        Assert.Equal((8 * 0.25 * 0.30) + 4.0, plan.Objective, 9);
        Assert.Equal(2.0, plan.PeakFirstEur, 9);
        var remembered = Optimal(Home(demand: Fill(1000), tariff: GridTariffKind.VariablePeak, tariffValues: peak, peakOld: 10));
        Assert.Equal((8 * 0.25 * 0.30) + 10.0, remembered.Objective, 9);
    }

    [Fact]
    public void With_a_negative_sell_price_PV_is_curtailed_rather_than_sold()
    {
        var plan = Optimal(Home(demand: Fill(500), pv: Fill(3000), sell: Fill(-0.01)));
        Assert.Equal(500, plan.PvUseW, 6);
        Assert.Equal(0, plan.PvSellW, 6);
        Assert.Equal(0, plan.Objective, 9);
        var paid = Optimal(Home(demand: Fill(500), pv: Fill(3000), sell: Fill(0.08)));
        Assert.Equal(2500, paid.PvSellW, 6);
        Assert.Equal(-8 * 2.5 * 0.25 * 0.08, paid.Objective, 9);
    }

    [Fact]
    public void The_17_kW_limit_binds_and_an_infeasible_plan_says_why()
    {
        var fits = Optimal(Home(demand: Fill(16_000)));
        Assert.True(fits.Feasible);
        var over = Optimal(Home(demand: Fill(18_000)));
        Assert.False(over.Feasible);
        Assert.Contains("infeasible", over.Message);
        var noLimit = Optimal(Home(demand: Fill(18_000), limit: double.PositiveInfinity));
        Assert.True(noLimit.Feasible);
    }

    [Fact]
    public void A_battery_buys_cheap_and_covers_the_expensive_steps_through_its_efficiencies()
    {
        // 1 kW demand; cheap (0.10) for 4 steps, then dear (0.50); a 3.6 MJ (1 kWh) battery, empty, 90 % each way, 4 kW
        double[] buy = [0.10, 0.10, 0.10, 0.10, 0.50, 0.50, 0.50, 0.50];
        var battery = new EmsBattery(3.6e6, 0, 0.9, 0.9, 4000, 4000, 0);
        var plan = Optimal(Home(demand: Fill(1000), buy: buy, sell: Fill(0), battery: battery, dots: false));

        // charge 1/0.9 kWh cheaply, deliver 0.9 kWh in dear steps: saves 0.9·0.50 − (1/0.9)·0.10
        double baseline = (4 * 0.25 * 0.10) + (4 * 0.25 * 0.50);
        Assert.Equal(baseline - (0.9 * 0.50) + (0.10 / 0.9), plan.Objective, 6);
    }

    [Fact]
    public void An_arrival_above_the_cars_capacity_has_no_plan()
    {
        var ev = new EmsEv(4000, 10e6, 0, 1.0, [new EmsEvSession(2, 6, 12e6, 12e6)]);
        var plan = Optimal(Home(ev: ev));
        Assert.False(plan.Feasible);
        Assert.Contains("above its max_soc", plan.Message);
    }

    [Fact]
    public void DOTS_hybrid_COP_from_the_buffer_set_point_and_the_air()
    {
        // ΔT = 313.15 − 279.25 = 33.9 K
        Assert.Equal(3.74338, EmsPlanner.HybridCop(313.15, 279.25), 5);
    }

    [Fact]
    public void CBC_and_GLPK_agree_on_the_optimum()
    {
        double[] tariff = [0.10, 0.07, 0.05, 0.10, 0.05, 0.07, 0.10, 0.10];
        var ev = new EmsEv(11_000, 100e6, 20e6, 1.0, [new EmsEvSession(-1, 7, 20e6, 50e6)]);
        var input = Home(demand: [300, 400, 500, 800, 300, 200, 900, 700], pv: [0, 500, 2500, 4000, 3000, 1000, 0, 0], ev: ev, tariff: GridTariffKind.Variable, tariffValues: tariff);
        var cbc = Optimal(input, Quartier.Optimization.Solvers.Solvers.Cbc);
        var glpk = Optimal(input, Quartier.Optimization.Solvers.Solvers.Glpk);
        Assert.Equal(cbc.Objective, glpk.Objective, 6);
    }

    [Fact]
    public void A_hybrid_plan_that_CBC_210_proved_infeasible_at_the_root_is_solved_to_GLPKs_optimum()
    {
        // Home 12 of DOTS's Arch72 variable-peak example at step 4 (dumped with QUARTIER_DEBUG=1): CBC's first solve takes
        // an LP point with a hybrid binary at 6e-8 as integral, rejects its rounding and reports "proven infeasible".
        var path = Path.Combine(AppContext.BaseDirectory, "Dots", "Data", "arch72-home12-hybrid-step4.json");
        var input = System.Text.Json.JsonSerializer.Deserialize<EmsPlanInput>(File.ReadAllText(path))!;
        var options = new EmsPlanOptions { RelativeGap = 0.15 };
        var cbc = EmsPlanner.Plan(input, options with { Solver = Quartier.Optimization.Solvers.Solvers.Cbc });
        var glpk = EmsPlanner.Plan(input, options with { Solver = Quartier.Optimization.Solvers.Solvers.Glpk });
        Assert.True(cbc.Feasible, cbc.Message);
        Assert.True(glpk.Feasible, glpk.Message);
        Assert.Equal(glpk.Objective, cbc.Objective, 6);
        Assert.Equal(0.63904061613, cbc.Objective, 9);
    }

    [Fact]
    public void A_really_infeasible_plan_stays_infeasible_under_CBC_after_the_recheck()
    {
        // the EV must take 60 MJ in two steps of 900 s at 11 kW (19.8 MJ at most)
        var ev = new EmsEv(11_000, 100e6, 20e6, 1.0, [new EmsEvSession(-1, 2, 20e6, 80e6)]);
        var plan = EmsPlanner.Plan(Home(ev: ev), new EmsPlanOptions { Solver = Quartier.Optimization.Solvers.Solvers.Cbc });
        Assert.False(plan.Feasible);
        Assert.Equal(SolveStatus.Infeasible, plan.Status);
        Assert.Contains("the EV cannot reach", plan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heat_pump_plan_that_GLPKs_presolver_proved_infeasible_is_solved_without_it()
    {
        // Home 1 of the small test tiled to a year in Amsterdam, 25 December 09:00, under --ems-solver glpk: GLPK 5.0's MIP
        // presolver reports "no primal feasible solution"; CBC and GLPK without the presolver find plans.
        var path = Path.Combine(AppContext.BaseDirectory, "Dots", "Data", "small-test-home1-heatpump-dec25.json");
        var input = System.Text.Json.JsonSerializer.Deserialize<EmsPlanInput>(File.ReadAllText(path))!;
        var cbc = EmsPlanner.Plan(input, new EmsPlanOptions { RelativeGap = 0, Solver = Quartier.Optimization.Solvers.Solvers.Cbc });
        var glpk = EmsPlanner.Plan(input, new EmsPlanOptions { RelativeGap = 0.15, Solver = Quartier.Optimization.Solvers.Solvers.Glpk });
        Assert.True(cbc.Feasible, cbc.Message);
        Assert.True(glpk.Feasible, glpk.Message);
        Assert.Contains("re-solved without it", glpk.Message, StringComparison.Ordinal);
        Assert.InRange(glpk.Objective, cbc.Objective - 1e-6, cbc.Objective + (0.15 * Math.Abs(glpk.Objective)) + 1e-6);
    }
}
