using Quartier.Core.Errors;
using Quartier.Core.Model;
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

    /// <summary>An EConnection that dispatches the battery with <paramref name="dispatch"/>[k − 1] at step k.</summary>
    private static ProbeService Dispatcher(params double[] dispatch)
    {
        var probe = new ProbeService("ems", AssetKind.EConnection, outputs: [BatteryService.Dispatch]);
        probe.OnStep = (p, s) => p.Set(BatteryService.Dispatch, s.Index <= dispatch.Length ? dispatch[s.Index - 1] : 0);
        return probe;
    }

    [Fact]
    public void A_2000_W_charge_for_one_900_s_step_adds_450_Wh()
    {
        var sim = Sim.Run(System(), 3, new BatteryService(), Dispatcher(2000, -1000));

        // step 1: initial 0.5 · 10,000 Wh
        Assert.Equal(5000.0, sim.At(Soc, "B", 1), 9);
        Assert.Equal(0.5, sim.At("Battery/fill_level", "B", 1), 12);

        // step 2 applies the step-1 dispatch: 2000 W · 0.25 h · 0.9 = 450 Wh
        Assert.Equal(5450.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(0.545, sim.At("Battery/fill_level", "B", 2), 12);

        // step 3 applies −1000 W: 1000 W · 0.25 h / 0.8 = 312.5 Wh out of the cells
        Assert.Equal(5137.5, sim.At(Soc, "B", 3), 9);
    }

    [Fact]
    public void Limits_are_the_rates_while_there_is_room()
    {
        var sim = Sim.Run(System(), 1, new BatteryService(), Dispatcher());
        Assert.Equal(2000.0, sim.At(MaxCharge, "B", 1));
        Assert.Equal(3000.0, sim.At(MaxDischarge, "B", 1));
    }

    [Fact]
    public void Max_charge_power_is_capped_at_the_headroom_and_filling_it_reaches_capacity()
    {
        // 0.99 · 10,000 = 9,900 Wh: 100 Wh of room takes 100 / 0.25 h / 0.9 = 444.4 W for one step
        double headroom = 100 / 0.25 / 0.9;
        var sim = Sim.Run(System(0.99), 3, new BatteryService(), Dispatcher(headroom));
        Assert.Equal(headroom, sim.At(MaxCharge, "B", 1), 9);
        Assert.Equal(10_000.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(0.0, sim.At(MaxCharge, "B", 2), 9);
        Assert.Equal(1.0, sim.At("Battery/fill_level", "B", 2), 12);
    }

    [Fact]
    public void Max_discharge_power_is_capped_by_the_stored_energy_times_efficiency()
    {
        // 0.01 · 10,000 = 100 Wh; delivered over a quarter hour at 0.8: 100 · 4 · 0.8 = 320 W
        var sim = Sim.Run(System(0.01), 3, new BatteryService(), Dispatcher(-320));
        Assert.Equal(320.0, sim.At(MaxDischarge, "B", 1), 9);
        Assert.Equal(0.0, sim.At(Soc, "B", 2), 9);
        Assert.Equal(0.0, sim.At(MaxDischarge, "B", 2), 9);
    }

    [Fact]
    public void Over_dispatch_is_clamped_to_the_capacity()
    {
        var sim = Sim.Run(System(0.99), 2, new BatteryService(), Dispatcher(100_000));
        Assert.Equal(10_000.0, sim.At(Soc, "B", 2));
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
        var system = new EsdlBuilder().Building("H").Connection().Device("Battery", "B", [1], [("capacity", 3.6e6), ("chargeEfficiency", 1.5)]).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new BatteryService()));
        Assert.Contains("efficienc", ex.Message, StringComparison.Ordinal);
    }
}
