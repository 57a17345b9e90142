using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Resources.Devices;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>The battery against hand calculations, dispatched by a stand-in EConnection.</summary>
public sealed class BatteryServiceTests
{
    private const string Soc = "Battery/state_of_charge";
    private const string MaxCharge = "Battery/max_charge_power";
    private const string MaxDischarge = "Battery/max_discharge_power";

    /// <summary>36,000,000 J = 10,000 Wh; charge efficiency 0.9, discharge efficiency 0.8; 2000 W in, 3000 W out.</summary>
    private static Core.Model.EnergySystem System(double fillLevel = 0.5) =>
        new EsdlBuilder().Building("H").Connection()
            .Device("Battery", "B", [3], [("capacity", 36_000_000), ("fillLevel", fillLevel), ("chargeEfficiency", 0.9), ("dischargeEfficiency", 0.8), ("maxChargeRate", 2000), ("maxDischargeRate", 3000)])
            .Build();

    /// <summary>
    /// A stand-in EConnection controller: at step k it instructs <paramref name="steps"/>[k − 1] (mode, factor, site PV,
    /// site load), which the battery executes over that interval at step k + 1.
    /// </summary>
    private static ProbeService Controller(params (BatteryMode Mode, double Factor, double Pv, double Load)[] steps)
    {
        var probe = new ProbeService("ems", AssetKind.EConnection, outputs: [BatteryService.Mode, BatteryService.Factor, BatteryService.SitePv, BatteryService.SiteLoad]);
        probe.OnStep = (p, s) =>
        {
            var (mode, factor, pv, load) = s.Index <= steps.Length ? steps[s.Index - 1] : (BatteryMode.Idle, 0, 0, 0);
            p.Set(BatteryService.Mode, (int)mode);
            p.Set(BatteryService.Factor, factor);
            p.Set(BatteryService.SitePv, pv);
            p.Set(BatteryService.SiteLoad, load);
        };
        return probe;
    }

    [Fact]
    public void A_2000_W_forced_charge_for_one_900_s_step_adds_450_Wh()
    {
        var sim = Sim.Run(System(), 3, new BatteryService(), Controller((BatteryMode.ForcedCharge, 1, 0, 0), (BatteryMode.ForcedDischarge, 1.0 / 3, 0, 0)));

        // step 1: initial 0.5 · 10,000 Wh
        Assert.Equal(5000.0, sim.At(Soc, "B", 1), 9);
        Assert.Equal(0.5, sim.At("Battery/fill_level", "B", 1), 12);

        // step 2 executes step 1's FORCED_CHARGE at factor 1: 2000 W · 0.25 h · 0.9 = 450 Wh
        Assert.Equal(5450.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(0.545, sim.At("Battery/fill_level", "B", 2), 12);
        Assert.Equal(2000.0, sim.At("Battery/power", "B", 2), 9);
        Assert.Equal((double)BatteryMode.ForcedCharge, sim.At("Battery/operation_mode", "B", 2));

        // step 3: FORCED_DISCHARGE at 1/3 of 3000 W = 1000 W: 1000 W · 0.25 h / 0.8 = 312.5 Wh out of the cells
        Assert.Equal(5137.5, sim.At(Soc, "B", 3), 9);
        Assert.Equal(-1000.0, sim.At("Battery/power", "B", 3), 9);
    }

    [Fact]
    public void Self_consumption_charges_the_surplus_up_to_the_rate_and_covers_the_deficit()
    {
        // 5 kW PV on a 1 kW load: surplus 4 kW, capped at 2000 W; then a 1 kW deficit, covered in full
        var sim = Sim.Run(System(), 3, new BatteryService(), Controller((BatteryMode.SelfConsumption, 1, 5000, 1000), (BatteryMode.SelfConsumption, 1, 0, 1000)));
        Assert.Equal(5450.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(5137.5, sim.At(Soc, "B", 3), 9);
    }

    [Fact]
    public void Limits_are_the_rates_while_there_is_room()
    {
        var sim = Sim.Run(System(), 1, new BatteryService(), Controller());
        Assert.Equal(2000.0, sim.At(MaxCharge, "B", 1));
        Assert.Equal(3000.0, sim.At(MaxDischarge, "B", 1));
    }

    [Fact]
    public void Max_charge_power_is_capped_at_the_headroom_and_filling_it_reaches_capacity()
    {
        // 0.99 · 10,000 = 9,900 Wh: 100 Wh of room takes 100 / 0.25 h / 0.9 = 444.4 W for one step
        double headroom = 100 / 0.25 / 0.9;
        var sim = Sim.Run(System(0.99), 3, new BatteryService(), Controller((BatteryMode.ForcedCharge, 1, 0, 0), (BatteryMode.ForcedCharge, 1, 0, 0)));
        Assert.Equal(headroom, sim.At(MaxCharge, "B", 1), 9);
        Assert.Equal(headroom, sim.At("Battery/power", "B", 2), 9);
        Assert.Equal(10_000.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(0.0, sim.At(MaxCharge, "B", 2), 9);
        Assert.Equal(1.0, sim.At("Battery/fill_level", "B", 2), 12);
        Assert.Equal(10_000.0, sim.At(Soc, "B", 3), 9);
    }

    [Fact]
    public void Max_discharge_power_is_capped_by_the_stored_energy_times_efficiency()
    {
        // 0.01 · 10,000 = 100 Wh; delivered over a quarter hour at 0.8: 100 · 4 · 0.8 = 320 W
        var sim = Sim.Run(System(0.01), 3, new BatteryService(), Controller((BatteryMode.ForcedDischarge, 1, 0, 0)));
        Assert.Equal(320.0, sim.At(MaxDischarge, "B", 1), 9);
        Assert.Equal(-320.0, sim.At("Battery/power", "B", 2), 9);
        Assert.Equal(0.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(0.0, sim.At(MaxDischarge, "B", 2), 9);
    }

    [Fact]
    public void An_instruction_blocked_by_the_minimum_dwell_timer_is_rejected_and_the_active_mode_goes_on()
    {
        // min_mode_dwell 1 h: FORCED_CHARGE is accepted at 00:15 (starting the timer), FORCED_DISCHARGE at 00:30 is
        // blocked, so the battery keeps charging: two steps of 450 Wh
        var system = new EsdlBuilder().Building("H").Connection()
            .Device("Battery", "B", [3], [("capacity", 36_000_000), ("fillLevel", 0.5), ("chargeEfficiency", 0.9), ("dischargeEfficiency", 0.8), ("maxChargeRate", 2000), ("maxDischargeRate", 3000)], description: """{"min_mode_dwell": 3600}""")
            .Build();
        var sim = Sim.Run(system, 3, new BatteryService(), Controller((BatteryMode.ForcedCharge, 1, 0, 0), (BatteryMode.ForcedDischarge, 1, 0, 0)));
        Assert.Equal(5900.0, sim.At(Soc, "B", 3), 9);
        Assert.Equal(1.0, sim.At("Battery/rejected_instructions", "B", 3));
        Assert.Equal((double)BatteryMode.ForcedCharge, sim.At("Battery/operation_mode", "B", 3));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(-0.1)]
    public void A_fill_level_outside_0_to_1_is_rejected(double fill)
    {
        // the reader already refuses a percentage fill level, naming the battery
        var ex = Assert.Throws<InputException>(() => System(fill));
        Assert.Equal("B", ex.ElementId);
    }

    [Fact]
    public void An_efficiency_above_1_is_rejected()
    {
        // Refused when the ESDL is read (EsdlRanges), before any service is built.
        var ex = Assert.Throws<InputException>(() => Sim.Run(new EsdlBuilder().Building("H").Connection().Device("Battery", "B", [1], [("capacity", 3.6e6), ("chargeEfficiency", 1.5)]).Build(), 1, new BatteryService()));
        Assert.Contains("efficienc", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
