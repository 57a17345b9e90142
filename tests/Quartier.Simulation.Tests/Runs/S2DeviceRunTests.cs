using Quartier.Core.Errors;
using Quartier.Resources.Schedules;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

/// <summary>OMBC, DDBC and PPBC devices (ESDL GenericConsumer with a description) in a whole run, driven by a schedule.</summary>
public sealed class S2DeviceRunTests
{
    private const string Conn = "H_conn";

    private const string Ombc = """
        {"control_type": "OMBC",
         "operation_modes": [{"id": "OFF", "power": [0, 0]}, {"id": "ON", "power": [1000, 3000]}],
         "transitions": [
           {"id": "OFF_TO_ON", "from": "OFF", "to": "ON", "start_timers": ["MIN_ON"], "transition_duration": 1350},
           {"id": "ON_TO_OFF", "from": "ON", "to": "OFF", "blocking_timers": ["MIN_ON"]}],
         "timers": [{"id": "MIN_ON", "duration": 3600}],
         "initial_mode": "OFF"}
        """;

    private const string Ddbc = """
        {"control_type": "DDBC", "demand_rate": 3000,
         "actuators": [{"id": "hp",
           "operation_modes": [{"id": "OFF", "supply": [0, 0], "power": [0, 0]}, {"id": "ON", "supply": [2000, 6000], "power": [500, 1500]}],
           "transitions": [{"id": "OFF_TO_ON", "from": "OFF", "to": "ON"}, {"id": "ON_TO_OFF", "from": "ON", "to": "OFF"}]}]}
        """;

    private const string Ppbc = """
        {"control_type": "PPBC", "consumption_wh": 1000, "duration_h": 0.5,
         "time_windows": {"windows": [{"start_time": "00:30", "duration": "1 hours"}]}}
        """;

    private static Core.Model.EnergySystem Home(string description) =>
        new EsdlBuilder().Building("H").Connection()
            .Demand("D", [.. Enumerable.Repeat(1000.0, 12)], powerFactor: 1)
            .Device("GenericConsumer", "G", [1, 2, 3], description: description)
            .Build();

    private static Sim Run(Core.Model.EnergySystem system, string? schedule = null, int steps = 5) =>
        Sim.Run(system, steps, [.. BuiltInServices.Create(instructions: schedule is null ? null : InstructionSchedule.Parse(schedule, "plan.csv", json: false))]);

    [Fact]
    public void An_OMBC_device_transitions_over_its_duration_and_its_timer_refuses_switching_off()
    {
        // 00:15 ON at factor 0.5 (2000 W): the transition takes 1350 s, until 00:37:30, so the interval 00:30–00:45 runs
        // half OFF and half ON (1000 W); 00:30 OFF is refused by MIN_ON (started at 00:15, until 01:15)
        var sim = Run(Home(Ombc), "time,resource,mode,factor\n2020-08-11T00:15:00Z,G,ON,0.5\n2020-08-11T00:30:00Z,G,OFF,0\n");
        Assert.Equal(new double[] { 0, 1000, 2000, 2000, 2000 }, sim.Series("GenericConsumer/active_power", "G").Select(x => Math.Round(x, 9)));
        Assert.Equal(new double[] { 1, 1, 0, 0, 0 }, sim.Series("GenericConsumer/in_transition", "G"));
        Assert.Equal(new double[] { 0, 0, 1, 1, 1 }, sim.Series("GenericConsumer/operation_mode", "G"));
        Assert.Equal(new double[] { 0, 1, 1, 1, 1 }, sim.Series("GenericConsumer/rejected_instructions", "G"));

        // the connection books the device with the demand: 1000 W + 1000 W at step 2
        Assert.Equal(2000.0, sim.At("EConnection/net_power", Conn, 2), 9);
        Assert.Equal(3000.0, sim.At("EConnection/net_power", Conn, 3), 9);
    }

    [Fact]
    public void A_DDBC_device_supplies_its_demand_at_the_instructed_factor()
    {
        // ON at 0.25: supply 2000 + 0.25·4000 = 3000 (the demand), power 500 + 0.25·1000 = 750 W
        var sim = Run(Home(Ddbc), "time,resource,mode,factor,actuator\n2020-08-11T00:30:00Z,G,ON,0.25,hp\n");
        Assert.Equal(new double[] { 0, 750, 750, 750, 750 }, sim.Series("GenericConsumer/active_power", "G"));
        Assert.Equal(new double[] { 0, 3000, 3000, 3000, 3000 }, sim.Series("GenericConsumer/supply_rate", "G"));
        Assert.Equal(3000.0, sim.At("GenericConsumer/demand_rate", "G", 1));
        Assert.Equal(1750.0, sim.At("EConnection/net_power", Conn, 2), 9);
    }

    [Fact]
    public void A_PPBC_appliance_starts_itself_in_its_window_and_runs_its_sequence_once()
    {
        // window 00:30–01:30: at 00:15 a 30-min run is not allowed, at 00:30 it starts: 1000 Wh / 0.5 h = 2000 W for two steps
        var sim = Run(Home(Ppbc), steps: 6);
        Assert.Equal(new double[] { 0, 2000, 2000, 0, 0, 0 }, sim.Series("GenericConsumer/active_power", "G").Select(x => Math.Round(x, 9)));
        Assert.Equal(new double[] { 0, 1, 1, 0, 0, 0 }, sim.Series("GenericConsumer/operation_mode", "G"));
        Assert.Equal(3000.0, sim.At("EConnection/net_power", Conn, 3), 9);
    }

    [Fact]
    public void A_PPBC_start_outside_its_window_is_refused_and_a_later_one_runs()
    {
        var sim = Run(Home(Ppbc.Replace("\"duration_h\": 0.5,", "\"duration_h\": 0.5, \"auto_start\": false,", StringComparison.Ordinal)), "time,resource,mode,factor\n2020-08-11T00:15:00Z,G,RUN,1\n2020-08-11T00:45:00Z,G,RUN,1\n", 6);
        Assert.Equal(new double[] { 0, 0, 2000, 2000, 0, 0 }, sim.Series("GenericConsumer/active_power", "G").Select(x => Math.Round(x, 9)));
        Assert.Equal(1.0, sim.At("GenericConsumer/rejected_instructions", "G", 6));
    }

    [Theory]
    [InlineData("""{"control_type": "XYZ"}""", "control_type 'XYZ'")]
    [InlineData("""{"control_type": "OMBC", "operation_modes": []}""", "operation_modes must be a non-empty list")]
    [InlineData("""{"control_type": "OMBC", "operation_modes": [{"id": "A", "power": [0]}]}""", "power must be [value at factor 0")]
    public void A_bad_description_names_the_device(string description, string fragment)
    {
        var ex = Assert.Throws<InputException>(() => Run(Home(description)));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Equal("G", ex.ElementId);
        Assert.Equal("test.esdl", ex.File);
    }

    [Fact]
    public void A_GenericConsumer_without_an_S2_description_is_noted_and_left_out_but_takes_no_instructions()
    {
        var sim = Run(Home("""{"note": "no control type"}"""));
        Assert.Equal(new double[] { 0, 0, 0, 0, 0 }, sim.Series("GenericConsumer/active_power", "G"));
        Assert.Contains(sim.Simulation.SourcedNotes, n => n.Note.Contains("GenericConsumer 'G' has no S2 device description", StringComparison.Ordinal));
        var ex = Assert.Throws<InputException>(() => Run(Home("""{"note": "no control type"}"""), "time,resource,mode,factor\n2020-08-11T00:15:00Z,G,ON,1\n"));
        Assert.Equal(("plan.csv", 2), (ex.File, ex.Line));
        Assert.Contains("takes no instructions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scheduled_mode_the_device_lacks_names_the_schedule_line()
    {
        var ex = Assert.Throws<InputException>(() => Run(Home(Ombc), "time,resource,mode,factor\n2020-08-11T00:15:00Z,G,BOOST,1\n"));
        Assert.Equal("plan.csv", ex.File);
        Assert.Equal(2, ex.Line);
        Assert.Contains("valid: OFF, ON", ex.Message, StringComparison.Ordinal);
    }
}
