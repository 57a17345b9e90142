using System.Text.Json.Nodes;
using Quartier.Resources.Eos;

namespace Quartier.Resources.Tests.Eos;

/// <summary>Small hand-computed cases for the battery, inverter and appliance rules.</summary>
public sealed class EosSimulationTests
{
    private const double Tol = 1e-9;

    [Fact]
    public void Discharge_then_ac_charge_with_efficiencies_and_charge_rate_fallback()
    {
        // Hour 0: 1000 Wh load, no PV, discharge allowed. Hour 1: 500 Wh load, AC charge at full power requested.
        var input = Input(load: [1000, 500], pv: [0, 0], battery: Battery(maxSoc: 55));
        var r = EosSimulation.Run(input, Controls(ac: [0, 1], dc: [1, 1], discharge: [1, 0]), 0);

        // Hour 0: 4000 Wh above min SoC, limited to 2000 Wh by the power, 1800 Wh deliverable ≥ 1000 requested.
        double socAfter0 = 5000 - (1000 / 0.9);
        Assert.Equal(0.0, r.GridConsumptionWhPerHour[0], Tol);
        Assert.Equal((1000 / 0.9) - 1000, r.LossesWhPerHour[0], Tol);
        Assert.Equal(50.0, r.BatterySocPerHour[0], Tol);

        // Hour 1: headroom (5500 − soc)/0.95 ≈ 1696 Wh < 2000 (rate 1.0) and < 1800 (0.9): falls back to 0.8 → 1600 Wh.
        Assert.Equal(socAfter0 / 100, r.BatterySocPerHour[1], Tol);
        Assert.Equal(500 + 1600, r.GridConsumptionWhPerHour[1], Tol);
        Assert.Equal(500 + 1600, r.LoadWhPerHour[1], Tol);
        Assert.Equal(1600 * 0.05, r.LossesWhPerHour[1], Tol);
        Assert.Equal(2100 * 0.0001, r.CostsPerHour[1], Tol);
        Assert.Equal((socAfter0 + 1520) / 100, r.FinalBatterySocPercentage!.Value, Tol);
        Assert.Equal(0.21, r.TotalCosts, Tol);
        Assert.Equal(0.0, r.TotalRevenue);
        Assert.Equal(0.21, r.TotalBalance, Tol);
        Assert.Equal((1000 / 0.9) - 1000 + 80, r.TotalLosses, Tol);
    }

    [Fact]
    public void Charge_rate_fallback_uses_the_devices_own_rates()
    {
        var input = Input(load: [1000, 500], pv: [0, 0], battery: Battery(maxSoc: 55, rates: [1.0, 0.25, 0.5, 0.5]));
        var r = EosSimulation.Run(input, Controls(ac: [0, 1], dc: [1, 1], discharge: [1, 0]), 0);
        Assert.Equal(500 + 1000, r.GridConsumptionWhPerHour[1], Tol);
        Assert.Equal(1000 * 0.05, r.LossesWhPerHour[1], Tol);
        Assert.Equal((5000 - (1000 / 0.9) + 950) / 100, r.FinalBatterySocPercentage!.Value, Tol);
    }

    [Fact]
    public void A_full_battery_takes_no_ac_charge_at_all()
    {
        var input = Input(load: [500], pv: [0], battery: Battery(initialSoc: 55, maxSoc: 55));
        var r = EosSimulation.Run(input, Controls(ac: [1], dc: [0], discharge: [0]), 0);
        Assert.Equal(500, r.GridConsumptionWhPerHour[0], Tol);
        Assert.Equal(0.0, r.LossesWhPerHour[0]);
        Assert.Equal(55.0, r.FinalBatterySocPercentage!.Value, Tol);
    }

    [Fact]
    public void Inverter_conversion_efficiencies_and_ac_charge_limit()
    {
        var inverter = new JsonObject { ["device_id"] = "inv", ["max_power_wh"] = 10000, ["battery_id"] = "bat", ["dc_to_ac_efficiency"] = 0.95, ["ac_to_dc_efficiency"] = 0.9, ["max_ac_charge_power_w"] = 1000 };
        var input = Input(load: [1000, 500], pv: [0, 0], battery: Battery(maxSoc: 100), inverter: inverter);
        var r = EosSimulation.Run(input, Controls(ac: [0, 1], dc: [1, 1], discharge: [1, 0]), 0);

        // Hour 0: 1000 Wh AC needs 1000/0.95 Wh DC, which needs (1000/0.95)/0.9 Wh from the cells.
        double dc = 1000 / 0.95;
        Assert.Equal(0.0, r.GridConsumptionWhPerHour[0], Tol);
        Assert.Equal((dc / 0.9) - dc + (dc - 1000), r.LossesWhPerHour[0], Tol);

        // Hour 1: factor capped at 1000 W · 0.9 / 2000 W = 0.45 → 900 Wh DC (855 stored), 1000 Wh AC from the grid.
        Assert.Equal(500 + 1000, r.GridConsumptionWhPerHour[1], Tol);
        Assert.Equal(500 + 1000, r.LoadWhPerHour[1], Tol);
        Assert.Equal(45 + 100, r.LossesWhPerHour[1], Tol);
        Assert.Equal((5000 - (dc / 0.9) + 855) / 100, r.FinalBatterySocPercentage!.Value, Tol);
    }

    [Fact]
    public void Zero_ac_to_dc_efficiency_disables_grid_charging()
    {
        var inverter = new JsonObject { ["device_id"] = "inv", ["max_power_wh"] = 10000, ["battery_id"] = "bat", ["ac_to_dc_efficiency"] = 0 };
        var input = Input(load: [500], pv: [0], battery: Battery(maxSoc: 100), inverter: inverter);
        var r = EosSimulation.Run(input, Controls(ac: [1], dc: [0], discharge: [0]), 0);
        Assert.Equal(500, r.GridConsumptionWhPerHour[0]);
        Assert.Equal(50.0, r.FinalBatterySocPercentage!.Value, Tol);
    }

    [Fact]
    public void Pv_surplus_is_split_by_the_self_consumption_rate()
    {
        var input = Input(load: [500], pv: [3000], battery: Battery(maxSoc: 100));
        var r = EosSimulation.Run(input, Controls(ac: [0], dc: [1], discharge: [0]), 0);
        double scr = SelfConsumptionInterpolator.Default.Rate(500, 3000);
        Assert.InRange(scr, 0.9, 1.0);
        double toBattery = 2500 * scr;

        // Discharge is not allowed, so the unmatched share (1 − scr) comes from the grid. The battery takes its
        // 2000 Wh limit (1900 Wh stored, 100 Wh lost) and the rest of the stored share is exported.
        Assert.Equal(2500 * (1 - scr), r.GridConsumptionWhPerHour[0], Tol);
        Assert.Equal(toBattery - 2000, r.GridFeedInWhPerHour[0], Tol);
        Assert.Equal(100, r.LossesWhPerHour[0], Tol);
        Assert.Equal((toBattery - 2000) * 0.00007, r.TotalRevenue, Tol);
        Assert.Equal(69.0, r.FinalBatterySocPercentage!.Value, Tol);
    }

    [Fact]
    public void Surplus_beyond_the_inverter_limit_is_lost_and_exports_are_paid()
    {
        var inverter = new JsonObject { ["device_id"] = "inv", ["max_power_wh"] = 5000, ["battery_id"] = "bat" };
        var input = Input(load: [5500, 100], pv: [6000, 9000], battery: Battery(initialSoc: 100, maxSoc: 100), inverter: inverter);
        var r = EosSimulation.Run(input, Controls(ac: [0, 0], dc: [1, 1], discharge: [0, 0]), 0);

        // Hour 0: load above the inverter limit: 1000 Wh of PV lost, 500 Wh imported.
        Assert.Equal(1000, r.LossesWhPerHour[0], Tol);
        Assert.Equal(500, r.GridConsumptionWhPerHour[0], Tol);

        // Hour 1: battery full; the stored share is exported up to 5000 − 100 Wh, the rest is lost.
        double scr = SelfConsumptionInterpolator.Default.Rate(100, 9000);
        double surplus = 8900 * scr;
        double export = Math.Min(surplus, 4900);
        Assert.Equal(export, r.GridFeedInWhPerHour[1], Tol);
        Assert.Equal(surplus - export, r.LossesWhPerHour[1], Tol);
        Assert.Equal(export * 0.00007, r.RevenuePerHour[1], Tol);
        Assert.Equal(r.TotalCosts - r.TotalRevenue, r.TotalBalance);
    }

    [Fact]
    public void Ev_charges_before_the_inverter_and_falls_back_near_full()
    {
        var ev = new JsonObject { ["device_id"] = "ev1", ["capacity_wh"] = 10000, ["charging_efficiency"] = 0.9, ["max_charge_power_w"] = 4000, ["initial_soc_percentage"] = 80, ["min_soc_percentage"] = 90 };
        var input = Input(load: [200, 200], pv: [0, 0], battery: null, ev: ev);
        var controls = Controls(ac: [0, 0], dc: [0, 0], discharge: [0, 0], ev: [1, 1]);
        var r = EosSimulation.Run(input, controls, 0);

        // Hour 0: headroom 2000/0.9 = 2222 Wh < 4000: rates 0.9 … 0.6 too high, 0.5 → 2000 Wh raw, 1800 stored.
        Assert.Equal(80.0, r.EvSocPerHour[0], Tol);
        Assert.Equal(200 + 1800, r.LoadWhPerHour[0], Tol);
        Assert.Equal(200 + 1800, r.GridConsumptionWhPerHour[0], Tol);
        Assert.Equal(200, r.LossesWhPerHour[0], Tol);

        // Hour 1: 200 Wh headroom (222 raw) → rate 0.0 is the only one that fits: nothing charged.
        Assert.Equal(98.0, r.EvSocPerHour[1], Tol);
        Assert.Equal(200, r.LoadWhPerHour[1], Tol);
        Assert.Equal(new[] { 0.5, 0.0 }, r.EvEffectiveChargeArray);
        Assert.Equal(new[] { 1.0, 1.0 }, r.EvChargeHours);
        Assert.Equal(0.0, r.BatterySocPerHour[1]);
        Assert.Null(r.FinalBatterySocPercentage);
    }

    [Fact]
    public void Hours_before_the_start_are_not_simulated()
    {
        var input = Input(load: [1000, 500, 700], pv: [0, 0, 0], battery: Battery(maxSoc: 100));
        var r = EosSimulation.Run(input, Controls(ac: [1, 0, 0], dc: [1, 1, 1], discharge: [1, 1, 0]), 1);
        Assert.Equal(2, r.LoadWhPerHour.Length);
        Assert.Equal(new[] { 0.0, 0.0, 0.0 }, r.AcCharge);
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, r.DischargeAllowed);
        Assert.Equal(50.0, r.BatterySocPerHour[0], Tol);
        Assert.Equal(0.0, r.GridConsumptionWhPerHour[0], Tol);
        Assert.Equal(700, r.GridConsumptionWhPerHour[1], Tol);
    }

    [Theory]
    [InlineData(14, 10, 11)] // 14:00 is outside 08:00–13:00; the simulation starts before the latest start (11:00): moved there
    [InlineData(14, 12, 32)] // the simulation starts after 11:00: moved to the earliest start tomorrow (08:00 = hour 32)
    [InlineData(9, 0, 9)] // allowed as given
    public void Appliance_starts_are_moved_into_the_time_windows_as_eos_does(int requested, int startHour, int expected)
    {
        var windows = new JsonObject { ["windows"] = new JsonArray(new JsonObject { ["start_time"] = "08:00", ["duration"] = "5 hours" }) };
        var dishwasher = new JsonObject { ["device_id"] = "dw", ["consumption_wh"] = 3000, ["duration_h"] = 2, ["time_windows"] = windows };
        var input = Input(load: Enumerable.Repeat(100.0, 48).ToArray(), pv: new double[48], battery: null, dishwasher: dishwasher);
        var zeros = new double[48];
        var r = EosSimulation.Run(input, Controls(zeros, zeros, zeros, washing: requested), startHour, new DateOnly(2025, 7, 21));
        Assert.Equal(expected, r.WashingStart);
        for (int h = startHour; h < 48; h++)
        {
            double want = h == expected || h == expected + 1 ? 1500 : 0;
            Assert.Equal(want, r.HomeApplianceWhPerHour[h - startHour]);
            Assert.Equal(100 + want, r.LoadWhPerHour[h - startHour]);
        }
    }

    [Fact]
    public void Without_time_windows_any_hour_may_start_and_the_run_is_cut_at_the_horizon()
    {
        var dishwasher = new JsonObject { ["device_id"] = "dw", ["consumption_wh"] = 3000, ["duration_h"] = 3 };
        var input = Input(load: new double[48], pv: new double[48], battery: null, dishwasher: dishwasher);
        var zeros = new double[48];
        var r = EosSimulation.Run(input, Controls(zeros, zeros, zeros, washing: 46), 10);
        Assert.Equal(46, r.WashingStart);
        Assert.Equal(1000, r.HomeApplianceWhPerHour[36]);
        Assert.Equal(1000, r.HomeApplianceWhPerHour[37]);
        Assert.Equal(2000, r.HomeApplianceWhPerHour.Sum());
    }

    [Fact]
    public void Per_hour_loop_allocates_nothing_beyond_the_result()
    {
        var input = EosOptimizeInput.Load(ReferenceData.Path("eos/optimize_input_2.json"));
        var controls = EosControls.Load(ReferenceData.Path("eos/optimize_result_2.json"));
        EosSimulation.Run(input, controls, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        EosSimulation.Run(input, controls, 0);
        long perRun = GC.GetAllocatedBytesForCurrentThread() - before;

        // Two batteries, an appliance, ~13 arrays of 48 doubles and the result object: a few KB, independent of the
        // hundreds of self-consumption points evaluated per hour.
        Assert.InRange(perRun, 1, 24_000);
    }

    internal static EosOptimizeInput Input(double[] load, double[] pv, JsonObject? battery, JsonObject? inverter = null, JsonObject? ev = null, JsonObject? dishwasher = null)
    {
        var root = new JsonObject
        {
            ["ems"] = new JsonObject
            {
                ["gesamtlast"] = Array(load),
                ["pv_prognose_wh"] = Array(pv),
                ["strompreis_euro_pro_wh"] = Array(load.Select((_, h) => h % 2 == 0 ? 0.0003 : 0.0001).ToArray()),
                ["einspeiseverguetung_euro_pro_wh"] = 0.00007,
                ["preis_euro_pro_wh_akku"] = 0.0001,
            },
            ["pv_akku"] = battery,
            ["inverter"] = inverter ?? new JsonObject { ["device_id"] = "inv", ["max_power_wh"] = 10000, ["battery_id"] = battery is null ? null : "bat" },
            ["eauto"] = ev,
            ["dishwasher"] = dishwasher,
        };
        return EosOptimizeInput.Parse(root.ToJsonString(), "test-input");
    }

    internal static JsonObject Battery(double initialSoc = 50, double maxSoc = 100, double[]? rates = null) => new()
    {
        ["device_id"] = "bat",
        ["capacity_wh"] = 10000,
        ["charging_efficiency"] = 0.95,
        ["discharging_efficiency"] = 0.9,
        ["max_charge_power_w"] = 2000,
        ["initial_soc_percentage"] = initialSoc,
        ["min_soc_percentage"] = 10,
        ["max_soc_percentage"] = maxSoc,
        ["charge_rates"] = rates is null ? null : Array(rates),
    };

    internal static EosControls Controls(double[] ac, double[] dc, double[] discharge, double[]? ev = null, int? washing = null)
    {
        var root = new JsonObject
        {
            ["ac_charge"] = Array(ac),
            ["dc_charge"] = Array(dc),
            ["discharge_allowed"] = new JsonArray(discharge.Select(d => (JsonNode)JsonValue.Create((int)d)).ToArray()),
            ["eautocharge_hours_float"] = ev is null ? null : Array(ev),
            ["washingstart"] = washing,
        };
        return EosControls.Parse(root.ToJsonString(), "test-controls");
    }

    private static JsonArray Array(double[] values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
