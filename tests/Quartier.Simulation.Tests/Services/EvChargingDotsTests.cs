using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Esdl;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>
/// The EV charging station under DOTS's rules against every value of DOTS's EV unit tests (TestEvService.py,
/// dots-ev-chargingstation-service @ d7d03a1) on the same file, ev-test.esdl: station chargingstation_Home1, 11 kW,
/// arrival PTU 74, arrival 179,197,200 J, max_soc 29,700,000 J, efficiency 0.95. DOTS's tests call its send and update
/// calculations one by one; here the real service runs with a dispatch imposed on the connection. DOTS's update of
/// step s (end of the step) is Quartier's application of step s's dispatch at the start of step s + 1, so a state of
/// charge DOTS holds after the update of step s is published at step s + 1.
/// </summary>
public sealed class EvChargingDotsTests
{
    private const string Station = "chargingstation_Home1";
    private const string StationId = "0ff9e0be-d450-4bd3-b2a8-9c5b729c31e0";
    private const string SocJ = "EVChargingStation/state_of_charge_ev";
    private const string SocWh = "EVChargingStation/state_of_charge";

    private static string EvTestPath => ReferenceData.Resolve("dots/service-tests/ev-test.esdl");

    /// <summary>ev-test.esdl with its over-max arrival state of charge replaced (a run cannot load the file as it is, see below).</summary>
    private static EnergySystem EvTest(string arrivalJ) =>
        EsdlReader.ReadString(File.ReadAllText(EvTestPath).Replace("[179197200.0]", $"[{arrivalJ}]", StringComparison.Ordinal), "ev-test.esdl");

    private static ProbeService Dispatch(Func<int, double> watts)
    {
        var probe = new ProbeService("ems", AssetKind.EConnection, outputs: [EvChargingService.Dispatch]);
        probe.OnStep = (p, step) => p.Set(EvChargingService.Dispatch, watts(step.Index));
        return probe;
    }

    [Fact]
    public void The_DOTS_test_file_is_refused_its_arrival_is_above_max_soc()
    {
        // DOTS's send test publishes 179,197,200 J at step 75 (send does not check), but a DOTS run of this file fails:
        // its EMS is infeasible once the arrival is in the horizon, without an EMS the update of step 75 finds the
        // state of charge over max_soc. Quartier refuses the session when it loads.
        var system = EsdlReader.ReadFile(EvTestPath);
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new EvChargingService(), Dispatch(_ => 0)));
        Assert.Equal(StationId, ex.ElementId);
        Assert.EndsWith("ev-test.esdl", ex.File, StringComparison.Ordinal);
        Assert.Contains(Station, ex.Message, StringComparison.Ordinal);
        Assert.Contains("session 0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("179197200", ex.Message, StringComparison.Ordinal);
        Assert.Contains("29700000", ex.Message, StringComparison.Ordinal);

        // Quartier's rules accept it (the car is full as it arrives)
        var sim = Sim.Run(system, 76, new EvChargingService(EvRules.Quartier), Dispatch(_ => 0));
        Assert.Equal(179_197_200.0, sim.At(SocJ, Station, 75), 3);
    }

    [Fact]
    public void Send_publishes_0_J_at_step_1_and_the_arrival_state_of_PTU_74_at_step_75()
    {
        // test_send_state_of_charge: step 1 → 0.0 (s − 1 = 0 is no arrival PTU); step 75 → the arrival state of charge
        var sim = Sim.Run(EvTest("9900000.0"), 75, new EvChargingService(), Dispatch(_ => 0));
        Assert.Equal(0.0, sim.At(SocJ, Station, 1));
        Assert.Equal(0.0, sim.At(SocJ, Station, 74));
        Assert.Equal(9_900_000.0, sim.At(SocJ, Station, 75));
        Assert.Equal(0.0, sim.At("EVChargingStation/plugged_in", Station, 74));
        Assert.Equal(1.0, sim.At("EVChargingStation/plugged_in", Station, 75));
    }

    [Fact]
    public void Fifty_watts_for_one_step_store_45000_J_the_efficiency_is_not_applied()
    {
        // test_update_state_of_charge: 50 W at step 1 → 45,000.0 J (= 50 × 900; efficiency 0.95 ignored), before any
        // arrival (DOTS integrates whether or not a car is there)
        var sim = Sim.Run(EvTest("9900000.0"), 2, new EvChargingService(), Dispatch(k => k == 1 ? 50.0 : 0.0));
        Assert.Equal(45_000.0, sim.At(SocJ, Station, 2));
        Assert.Equal(12.5, sim.At(SocWh, Station, 2));
    }

    [Fact]
    public void A_dispatch_above_the_station_power_fails_the_run()
    {
        // test_update_state_of_charge_charging_beyond_maximum_power: 12,000 W on an 11 kW station → error
        var ex = Assert.Throws<SimulationException>(() => Sim.Run(EvTest("9900000.0"), 2, new EvChargingService(), Dispatch(_ => 12_000.0)));
        Assert.Contains(Station, ex.Message, StringComparison.Ordinal);
        Assert.Contains("12000 W at step 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("11000 W", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excess_under_a_milliwatt_is_clipped_to_the_station_power()
    {
        var sim = Sim.Run(EvTest("0.0"), 2, new EvChargingService(), Dispatch(_ => 11_000.0009));
        Assert.Equal(9_900_000.0, sim.At(SocJ, Station, 2));
    }

    [Fact]
    public void Charging_at_full_power_reaches_max_soc_on_the_third_step_and_fails_on_the_fourth()
    {
        // test_update_state_of_charge_overcharging_gives_error: 11,000 W at steps 75..78 from 0 J →
        // 9,900,000 → 19,800,000 → 29,700,000 J (= max_soc, allowed) → 39,600,000 J > max_soc: error.
        // (Here the session arrives at step 75 with 0 J; DOTS's test never applies the arrival.)
        var service = new EvChargingService();
        var ex = Assert.Throws<SimulationException>(() => Sim.Run(EvTest("0.0"), 79, service, Dispatch(k => k >= 75 ? 11_000.0 : 0.0)));
        Assert.Contains(Station, ex.Message, StringComparison.Ordinal);
        Assert.Contains("39600000 J after step 78", ex.Message, StringComparison.Ordinal);
        Assert.Contains("max_soc 29700000 J", ex.Message, StringComparison.Ordinal);

        var sim = Sim.Run(EvTest("0.0"), 78, new EvChargingService(), Dispatch(k => k >= 75 ? 11_000.0 : 0.0));
        Assert.Equal([0.0, 9_900_000.0, 19_800_000.0, 29_700_000.0], sim.Series(SocJ, Station)[74..78]);
    }

    [Fact]
    public void A_state_of_charge_less_than_1_J_over_max_soc_is_snapped_to_it()
    {
        // from 29,699,999.5 J, 0.001 W for 900 s adds 0.9 J: 0.4 J over max_soc → snapped
        var sim = Sim.Run(EvTest("29699999.5"), 76, new EvChargingService(), Dispatch(k => k == 75 ? 0.001 : 0.0));
        Assert.Equal(29_700_000.0, sim.At(SocJ, Station, 76));
    }

    [Fact]
    public void A_PTU_0_arrival_is_seen_at_step_1_and_the_car_charges_until_its_departure_PTU_inclusive()
    {
        // DOTS: a session (p, d) is present at steps p + 1 … d; Quartier's rules: p … d − 1 (PTU 0 at step 1 too)
        var b = new EsdlBuilder();
        b.Building("H").Connection(null).Device("EVChargingStation", "EV", [2], [("power", 11_000)],
            """{"arrival_ptus": [0, 4], "departure_ptus": [2, 6], "arrival_socs": [3600000, 7200000], "departure_socs": [3600000, 7200000], "max_soc": 36000000, "efficiency": 0.9}""");
        var system = b.Build();
        var dots = Sim.Run(system, 8, new EvChargingService(), Dispatch(_ => 0));
        Assert.Equal([1.0, 1, 0, 0, 1, 1, 0, 0], dots.Series("EVChargingStation/plugged_in", "EV"));
        var quartier = Sim.Run(system, 8, new EvChargingService(EvRules.Quartier), Dispatch(_ => 0));
        Assert.Equal([1.0, 0, 0, 1, 1, 0, 0, 0], quartier.Series("EVChargingStation/plugged_in", "EV"));

        // the state of charge stays at its departure value until the next arrival (DOTS keeps and publishes it)
        Assert.Equal([3_600_000.0, 3_600_000, 3_600_000, 3_600_000, 7_200_000, 7_200_000, 7_200_000, 7_200_000], dots.Series(SocJ, "EV"));
    }
}
