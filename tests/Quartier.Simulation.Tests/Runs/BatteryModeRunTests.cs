using Quartier.Resources.Devices;
using Quartier.Resources.Schedules;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

/// <summary>
/// Each of the 13 battery modes in a whole run (the built-in services, the rule EMS) given the input it needs, against
/// hand calculations. The home: 1 kW demand (2 kW from step 2 where said), optionally 3.2 kW PV (0.2 · 32 m² · 500 W/m²);
/// the battery 10 kWh at 50 %, 2 kW in at η 0.9, 3 kW out at η 0.8. The EMS books a mode's setpoint at step k for the
/// interval that follows, the battery executes it at step k + 1 (DOTS's send/update split).
/// </summary>
public sealed class BatteryModeRunTests
{
    private const string Conn = "H_conn";
    private static readonly DateTime T0 = EsdlBuilder.DefaultStart;

    private static Core.Model.EnergySystem Home(string description, bool pv = false, double[]? demand = null)
    {
        var b = new EsdlBuilder();
        if (pv)
        {
            b.Weather([.. Enumerable.Repeat(500.0, 12)], [.. Enumerable.Repeat(293.15, 12)]);
        }

        var h = b.Building("H").Connection()
            .Demand("D", demand ?? [.. Enumerable.Repeat(1000.0, 12)], powerFactor: 1)
            .Device("Battery", "B", [1, 2, 3], [("capacity", 36_000_000), ("fillLevel", 0.5), ("chargeEfficiency", 0.9), ("dischargeEfficiency", 0.8), ("maxChargeRate", 2000), ("maxDischargeRate", 3000)], description: description);
        if (pv)
        {
            h.Pv("P", [1, 2, 3]);
        }

        return h.Build();
    }

    private static Sim Run(Core.Model.EnergySystem system, int steps = 4, GridConditions? conditions = null, InstructionSchedule? schedule = null, bool fastPath = true) =>
        Sim.Run(system, steps, [.. BuiltInServices.Create(conditions: conditions, instructions: schedule, fastPath: fastPath)]);

    private static void Executes(Sim sim, double watts, int step = 2)
    {
        Assert.Equal(watts, sim.At("EConnection/dispatch_battery", Conn, step - 1), 9);
        Assert.Equal(watts, sim.At("Battery/power", "B", step), 9);
    }

    [Theory]
    [InlineData("IDLE", 1.0, false, 0.0)]
    [InlineData("SELF_CONSUMPTION", 1.0, false, -1000.0)] // covers the 1 kW deficit
    [InlineData("SELF_CONSUMPTION", 1.0, true, 2000.0)] // 2.2 kW surplus, capped at Pc
    [InlineData("NON_EXPORT", 1.0, true, 2000.0)] // charges what would be exported: min(3200 − 1000 − 0, 2000)
    [InlineData("NON_EXPORT", 1.0, false, 0.0)] // never discharges
    [InlineData("GRID_SUPPORT_EXPORT", 0.5, false, -1500.0)] // f · Pd regardless of the site
    [InlineData("GRID_SUPPORT_IMPORT", 0.5, false, 1000.0)] // f · Pc
    [InlineData("FORCED_CHARGE", 0.5, false, 1000.0)]
    [InlineData("FORCED_DISCHARGE", 0.5, false, -1500.0)]
    public void A_site_following_or_forced_mode_executes_its_setpoint(string mode, double factor, bool pv, double watts)
    {
        var sim = Run(Home($$"""{"operation_mode": "{{mode}}", "operation_mode_factor": {{factor}}}""", pv));
        Executes(sim, watts);

        // the state of charge follows through the efficiencies: charging P·0.25 h·0.9, discharging P·0.25 h/0.8
        double stored = watts > 0 ? watts * 0.25 * 0.9 : watts * 0.25 / 0.8;
        Assert.Equal(5000 + stored, sim.At("Battery/state_of_charge", "B", 2), 9);
    }

    [Fact]
    public void Peak_shaving_discharges_the_import_above_the_limit()
    {
        // 1000 W demand, limit 400 W: −600 W, the connection imports exactly 400 W
        var sim = Run(Home("""{"operation_mode": "PEAK_SHAVING", "peak_import_limit": 400}"""));
        Executes(sim, -600);
        Assert.Equal(400.0, sim.At("EConnection/net_power", Conn, 1), 9);
    }

    [Fact]
    public void Reserve_backup_refills_the_reserve_from_the_grid_below_it()
    {
        // 50 % < reserve 60 %: charges at f·Pc = 2000 W from the grid although the site has a deficit
        var sim = Run(Home("""{"operation_mode": "RESERVE_BACKUP", "reserve_soc": 0.6}"""));
        Executes(sim, 2000);
        Assert.Equal(3000.0, sim.At("EConnection/net_power", Conn, 1), 9);

        // above its reserve (40 %) it covers the deficit like self-consumption
        sim = Run(Home("""{"operation_mode": "RESERVE_BACKUP", "reserve_soc": 0.4}"""));
        Executes(sim, -1000);
    }

    [Fact]
    public void Frequency_regulation_follows_the_droop_on_the_frequency_series()
    {
        // droop default min(Pc, Pd)/0.2 Hz = 10,000 W/Hz, dead band 0.01 Hz: 49.90 Hz → −(0.10 − 0.01)·10,000 = −900 W;
        // 50.05 Hz → +(0.05 − 0.01)·10,000 = +400 W; 50.005 Hz lies in the dead band → 0
        var conditions = GridConditions.Create([(T0, 50.0), (T0.AddMinutes(15), 49.9), (T0.AddMinutes(30), 50.05), (T0.AddMinutes(45), 50.005)], []);
        var sim = Run(Home("""{"operation_mode": "FREQUENCY_REGULATION"}"""), 4, conditions);
        Assert.Equal(49.9, sim.At("EConnection/battery_site_frequency", Conn, 1));
        Executes(sim, -900, 2);
        Executes(sim, 400, 3);
        Executes(sim, 0, 4);

        // without a frequency series the mode has no input and stays at 0 W
        Executes(Run(Home("""{"operation_mode": "FREQUENCY_REGULATION"}""")), 0);
    }

    [Fact]
    public void Ramp_rate_control_moves_the_grid_power_at_most_the_ramp_limit_from_the_previous_step()
    {
        // demand 1000 W at step 1, 2000 W from step 2; ramp limit 300 W. Step 1 has no previous grid power: 0 W.
        // Step 2: target min(2000, 1000 + 300) = 1300 W, so the battery gives −700 W; step 3: 1300 + 300 = 1600 → −400 W
        double[] demand = [1000, 1000, 2000, 2000, 2000, 2000, 2000, 2000];
        var sim = Run(Home("""{"operation_mode": "RAMP_RATE_CONTROL", "ramp_limit": 300}""", demand: demand), 5);
        Assert.Equal(1000.0, sim.At("EConnection/net_power", Conn, 1), 9);
        Assert.Equal(1300.0, sim.At("EConnection/net_power", Conn, 2), 9);
        Assert.Equal(1600.0, sim.At("EConnection/net_power", Conn, 3), 9);
        Assert.Equal(1300.0, sim.At("EConnection/battery_site_previous_grid", Conn, 3), 9);
        Executes(sim, 0, 2);
        Executes(sim, -700, 3);
        Executes(sim, -400, 4);
    }

    [Fact]
    public void Outage_supply_covers_the_site_only_while_the_grid_is_down()
    {
        // outage 00:30–01:00 (steps 2 and 3): the battery covers the 1000 W deficit, the connection exchanges nothing
        var conditions = GridConditions.Create([], [(T0.AddMinutes(30), T0.AddMinutes(60))]);
        var sim = Run(Home("""{"operation_mode": "OUTAGE_SUPPLY"}"""), 5, conditions);
        Executes(sim, 0, 2);
        Executes(sim, -1000, 3);
        Executes(sim, -1000, 4);
        Executes(sim, 0, 5);
        Assert.Equal(0.0, sim.At("EConnection/net_power", Conn, 2), 9);
        Assert.Equal(0.0, sim.At("EConnection/battery_site_grid_available", Conn, 2));
        Assert.Equal(1000.0, sim.At("EConnection/net_power", Conn, 4), 9);
    }

    [Fact]
    public void Fault_is_entered_only_under_an_abnormal_condition_and_left_only_to_idle()
    {
        // 00:15 FAULT without an abnormal condition: refused, self-consumption goes on; 00:30 FAULT under one: 0 W;
        // 00:45 FORCED_CHARGE: refused (FAULT is left only to IDLE); 01:00 IDLE accepted
        var schedule = InstructionSchedule.Parse(
            """
            time,resource,mode,factor,abnormal_condition
            2020-08-11T00:15:00Z,B,FAULT,1,false
            2020-08-11T00:30:00Z,B,FAULT,1,true
            2020-08-11T00:45:00Z,B,FORCED_CHARGE,1,false
            2020-08-11T01:00:00Z,B,IDLE,1,false
            """,
            "fault.csv",
            json: false);
        var sim = Run(Home("{}"), 5, schedule: schedule);
        Assert.Equal((double)BatteryMode.SelfConsumption, sim.At("Battery/operation_mode", "B", 1));
        Assert.Equal(1.0, sim.At("Battery/rejected_instructions", "B", 1));
        Executes(sim, -1000, 2);
        Assert.Equal((double)BatteryMode.Fault, sim.At("Battery/operation_mode", "B", 2));
        Executes(sim, 0, 3);
        Assert.Equal(2.0, sim.At("Battery/rejected_instructions", "B", 3));
        Assert.Equal((double)BatteryMode.Fault, sim.At("Battery/operation_mode", "B", 3));
        Assert.Equal((double)BatteryMode.Idle, sim.At("Battery/operation_mode", "B", 4));
    }

    [Fact]
    public void Fault_cannot_be_a_battery_s_standing_mode()
    {
        var ex = Assert.Throws<Core.Errors.InputException>(() => Run(Home("""{"operation_mode": "FAULT"}""")));
        Assert.Contains("only under an abnormal condition", ex.Message, StringComparison.Ordinal);
        Assert.Equal("B", ex.ElementId);
    }

    [Fact]
    public void A_scheduled_transition_takes_its_duration_and_a_running_timer_refuses_the_next_instruction()
    {
        // transition_duration 1800 s, min_mode_dwell 3600 s. 00:15 FORCED_CHARGE: accepted, self-consumption runs on
        // until 00:45 (in_transition 1 at 00:15 and 00:30); 00:30 FORCED_DISCHARGE: refused, MIN_DWELL runs until 01:15.
        // Energy: two steps of −1000 W (−312.5 Wh each at η 0.8), then +2000 W (+450 Wh at η 0.9).
        var schedule = InstructionSchedule.Parse(
            """
            {"instructions": [
              {"time": "2020-08-11T00:15:00Z", "resource": "B", "mode": "FORCED_CHARGE", "factor": 1},
              {"time": "2020-08-11T00:30:00Z", "resource": "B", "mode": "FORCED_DISCHARGE", "factor": 1}
            ]}
            """,
            "plan.json",
            json: true);
        var sim = Run(Home("""{"transition_duration": 1800, "min_mode_dwell": 3600}"""), 5, schedule: schedule);
        Assert.Equal(new double[] { 1, 1, 0, 0, 0 }, sim.Series("Battery/in_transition", "B"));
        Assert.Equal(new double[] { 1, 1, 10, 10, 10 }, sim.Series("Battery/operation_mode", "B"));
        Assert.Equal(new double[] { 0, 1, 1, 1, 1 }, sim.Series("Battery/rejected_instructions", "B"));
        Assert.Equal(new double[] { 0, -1000, -1000, 2000, 2000 }, sim.Series("Battery/power", "B").Select(x => Math.Round(x, 9)));
        Assert.Equal(5000 - 312.5 - 312.5 + 450, sim.At("Battery/state_of_charge", "B", 4), 9);
        Assert.Equal(5000 - 312.5 - 312.5 + 450 + 450, sim.At("Battery/state_of_charge", "B", 5), 9);
    }

    [Fact]
    public void Schedules_and_input_modes_give_the_same_series_with_the_fleet_fast_path_on_and_off()
    {
        var schedule = InstructionSchedule.Parse(
            "time,resource,mode,factor\n2020-08-11T00:30:00Z,B,FREQUENCY_REGULATION,1\n2020-08-11T01:15:00Z,B,RAMP_RATE_CONTROL,1\n2020-08-11T01:45:00Z,B,OUTAGE_SUPPLY,1\n2020-08-11T02:15:00Z,B,FORCED_CHARGE,0.3\n",
            "s.csv",
            json: false);
        var conditions = GridConditions.Create([(T0, 50.0), (T0.AddMinutes(45), 49.95), (T0.AddMinutes(60), 50.1)], [(T0.AddHours(2), T0.AddHours(2.5))]);
        double[] demand = [.. Enumerable.Range(0, 16).Select(k => 800.0 + (150 * (k % 5)))];
        var system = Home("""{"transition_duration": 900, "min_mode_dwell": 2700, "ramp_limit": 200}""", pv: true, demand: demand);
        var fast = Run(system, 12, conditions, schedule);
        var slow = Run(Home("""{"transition_duration": 900, "min_mode_dwell": 2700, "ramp_limit": 200}""", pv: true, demand: demand), 12, conditions, schedule, fastPath: false);
        foreach (var signal in new[] { "Battery/power", "Battery/fill_level", "Battery/operation_mode", "Battery/in_transition", "Battery/rejected_instructions" })
        {
            Assert.Equal(slow.Series(signal, "B"), fast.Series(signal, "B"));
        }

        Assert.Equal(slow.Series("EConnection/net_power", Conn), fast.Series("EConnection/net_power", Conn));
        Assert.Contains(fast.Series("Battery/rejected_instructions", "B"), r => r > 0);
    }

    [Fact]
    public void Scheduled_batteries_keep_the_booked_and_executed_power_equal()
    {
        var schedule = InstructionSchedule.Parse("time,resource,mode,factor\n2020-08-11T00:30:00Z,B,GRID_SUPPORT_IMPORT,0.25\n2020-08-11T01:00:00Z,B,PEAK_SHAVING,1\n", "s.csv", json: false);
        var sim = Run(Home("""{"peak_import_limit": 500}"""), 8, schedule: schedule);
        for (int k = 2; k <= 8; k++)
        {
            Assert.Equal(sim.At("EConnection/dispatch_battery", Conn, k - 1), sim.At("Battery/power", "B", k), 9);
        }

        Executes(sim, 500, 3);
        Executes(sim, -500, 5);
    }
}
