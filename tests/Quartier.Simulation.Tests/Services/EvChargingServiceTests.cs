using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>The EV charging station under Quartier's rules (PTU p from step p, efficiency applied, dispatch clamped): sessions in PTUs, state of charge, limits and the departure deadline. DOTS's rules: <see cref="EvChargingDotsTests"/>.</summary>
public sealed class EvChargingServiceTests
{
    private const string Soc = "EVChargingStation/state_of_charge";
    private const string Plugged = "EVChargingStation/plugged_in";
    private const string Max = "EVChargingStation/max_charge_power";
    private const string Required = "EVChargingStation/required_power";
    private const string Shortfall = "EVChargingStation/departure_shortfall";

    private static string Sessions(int[] arrivals, int[] departures, double[] arrivalJ, double[] departureJ, double maxJ, double efficiency = 1.0) =>
        $$"""{"arrival_ptus": [{{string.Join(", ", arrivals)}}], "departure_ptus": [{{string.Join(", ", departures)}}], "arrival_socs": [{{string.Join(", ", arrivalJ.Select(EsdlBuilder.Num))}}], "departure_socs": [{{string.Join(", ", departureJ.Select(EsdlBuilder.Num))}}], "max_soc": {{EsdlBuilder.Num(maxJ)}}, "efficiency": {{EsdlBuilder.Num(efficiency)}}}""";

    private static EsdlBuilder Home(string evDescription, double power, string? connection = null)
    {
        var b = new EsdlBuilder();
        b.Building("H").Connection(connection).Device("EVChargingStation", "EV", [2], [("power", power)], evDescription);
        return b;
    }

    private static ProbeService Dispatcher(double watts)
    {
        var probe = new ProbeService("ems", AssetKind.EConnection, outputs: [EvChargingService.Dispatch]);
        probe.OnStep = (p, _) => p.Set(EvChargingService.Dispatch, watts);
        return probe;
    }

    [Fact]
    public void Fifty_watts_for_900_s_add_45_kJ_that_is_12_5_Wh()
    {
        // arrives at 3,600,000 J = 1,000 Wh
        var system = Home(Sessions([0], [10], [3_600_000], [7_200_000], 36_000_000), 11_000).Build();
        var sim = Sim.Run(system, 3, new EvChargingService(EvRules.Quartier), Dispatcher(50));
        Assert.Equal(1000.0, sim.At(Soc, "EV", 1), 9);
        Assert.Equal(1012.5, sim.At(Soc, "EV", 2), 9);
        Assert.Equal(1025.0, sim.At(Soc, "EV", 3), 9);
    }

    [Fact]
    public void The_charging_efficiency_scales_what_is_stored()
    {
        var system = Home(Sessions([0], [10], [3_600_000], [7_200_000], 36_000_000, efficiency: 0.8), 11_000).Build();
        var sim = Sim.Run(system, 2, new EvChargingService(EvRules.Quartier), Dispatcher(50));
        Assert.Equal(1010.0, sim.At(Soc, "EV", 2), 9);
    }

    [Fact]
    public void A_car_is_plugged_in_from_its_arrival_PTU_until_its_departure_PTU()
    {
        // PTU p is the quarter hour from start + p·900 s; step k stands for the quarter hour from start + k·900 s
        var system = Home(Sessions([2], [6], [3_600_000], [7_200_000], 36_000_000), 11_000).Build();
        var sim = Sim.Run(system, 8, new EvChargingService(EvRules.Quartier), Dispatcher(0));
        Assert.Equal([0.0, 1, 1, 1, 1, 0, 0, 0], sim.Series(Plugged, "EV"));
        Assert.Equal([0.0, 11_000, 11_000, 11_000, 11_000, 0, 0, 0], sim.Series(Max, "EV"));
        Assert.Equal(1000.0, sim.At(Soc, "EV", 2), 9);

        // unplugged: nothing can or must be charged
        Assert.Equal(0.0, sim.At(Required, "EV", 7));
    }

    [Fact]
    public void Max_charge_power_is_capped_by_the_room_left_in_the_car()
    {
        // 9,900 Wh in a 10,000 Wh car: 100 Wh in a quarter hour is 400 W
        var system = Home(Sessions([0], [10], [35_640_000], [36_000_000], 36_000_000), 11_000).Build();
        var sim = Sim.Run(system, 1, new EvChargingService(EvRules.Quartier), Dispatcher(0));
        Assert.Equal(400.0, sim.At(Max, "EV", 1), 9);
    }

    [Fact]
    public void Required_power_rises_as_the_deadline_nears_and_the_EMS_meets_the_target()
    {
        // empty car, 5,000 Wh (18 MJ) needed by PTU 8 (t = 7200 s), 5 kW station: 4 quarter hours at full power,
        // charged in the last 4 steps before departure (steps 4..7); at step 8 the car leaves full enough.
        var system = Home(Sessions([0], [8], [0], [18_000_000], 144_000_000), 5000, """{"got_ems": true}""").Build();
        var sim = Sim.Run(system, 9, new EvChargingService(EvRules.Quartier), new EmsService());

        Assert.Equal([0.0, 0, 0, 5000, 5000, 5000, 5000, 0, 0], sim.Series(Required, "EV").Select(v => Math.Round(v, 6)));
        Assert.Equal([0.0, 0, 0, 5000, 5000, 5000, 5000, 0, 0], sim.Series("EConnection/dispatch_ev", "H_conn").Select(v => Math.Round(v, 6)));
        Assert.Equal([0.0, 0, 0, 0, 1250, 2500, 3750, 5000, 5000], sim.Series(Soc, "EV").Select(v => Math.Round(v, 6)));
        Assert.Equal(0.0, sim.At(Plugged, "EV", 8));
        Assert.All(sim.Series(Shortfall, "EV"), v => Assert.Equal(0.0, v, 9));
    }

    [Fact]
    public void A_target_out_of_reach_is_counted_as_departure_shortfall()
    {
        // 2,000 Wh needed by PTU 4 with a 1 kW station: steps 1..3 give 750 Wh, 1,250 Wh short at departure
        var system = Home(Sessions([0], [4], [0], [7_200_000], 36_000_000), 1000, """{"got_ems": true}""").Build();
        var sim = Sim.Run(system, 5, new EvChargingService(EvRules.Quartier), new EmsService());
        Assert.Equal([1000.0, 1000, 1000, 0, 0], sim.Series(Required, "EV"));
        Assert.Equal(750.0, sim.At(Soc, "EV", 4), 9);
        Assert.Equal([0.0, 0, 0, 1250, 1250], sim.Series(Shortfall, "EV").Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void A_second_session_resets_the_state_of_charge_to_its_arrival_value()
    {
        var system = Home(Sessions([0, 4], [2, 8], [3_600_000, 7_200_000], [3_600_000, 7_200_000], 36_000_000), 11_000).Build();
        var sim = Sim.Run(system, 5, new EvChargingService(EvRules.Quartier), Dispatcher(0));
        Assert.Equal([1.0, 0, 0, 1, 1], sim.Series(Plugged, "EV"));
        Assert.Equal(2000.0, sim.At(Soc, "EV", 4), 9);
    }

    [Fact]
    public void Mismatched_session_lists_are_rejected()
    {
        const string bad = """{"arrival_ptus": [0, 4], "departure_ptus": [2], "arrival_socs": [0], "departure_socs": [0], "max_soc": 1000}""";
        var system = Home(bad, 11_000).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new EvChargingService(EvRules.Quartier)));
        Assert.Equal("EV", ex.ElementId);
    }

    [Fact]
    public void Overlapping_sessions_are_rejected()
    {
        var system = Home(Sessions([0, 3], [4, 8], [0, 0], [0, 0], 1000), 11_000).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new EvChargingService(EvRules.Quartier)));
        Assert.Contains("overlap", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Back_to_back_sessions_hand_over_in_the_same_step()
    {
        // session 1 leaves at PTU 3 as session 2 arrives: at step 3 the state of charge is session 2's arrival value
        var system = Home(Sessions([0, 3], [3, 6], [3_600_000, 18_000_000], [3_600_000, 18_000_000], 36_000_000), 11_000).Build();
        var sim = Sim.Run(system, 4, new EvChargingService(EvRules.Quartier), Dispatcher(100));
        Assert.Equal([1.0, 1, 1, 1], sim.Series(Plugged, "EV"));
        Assert.Equal(1025.0, sim.At(Soc, "EV", 2), 9);
        Assert.Equal(5000.0, sim.At(Soc, "EV", 3), 9);
        Assert.Equal(5025.0, sim.At(Soc, "EV", 4), 9);
    }

    [Fact]
    public void A_departure_before_arrival_is_rejected()
    {
        var system = Home(Sessions([5], [3], [0], [0], 1000), 11_000).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new EvChargingService(EvRules.Quartier)));
        Assert.Contains("departure", ex.Message, StringComparison.Ordinal);
    }
}
