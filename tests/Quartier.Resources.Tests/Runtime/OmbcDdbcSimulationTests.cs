using Quartier.Core.Errors;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Runtime;

public sealed class OmbcDdbcSimulationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 7, 25, 10, 0, 0, TimeSpan.Zero);

    private static PowerRange[] Power(double start, double end) => [new PowerRange(start, end, CommodityQuantity.ElectricPower3PhaseSymmetric)];

    /// <summary>The S2 guide's state machine: OFF, REDUCED (1000 W), FULL (1000..2500 W); FULL-&gt;OFF starts a cool-down.</summary>
    private static OmbcSimulation Generator() => new(
        new OmbcModel(
            [
                new OmbcOperationMode("OFF", Power(0, 0)),
                new OmbcOperationMode("REDUCED", Power(1000, 1000)),
                new OmbcOperationMode("FULL", Power(1000, 2500)),
                new OmbcOperationMode("OVERLOAD", Power(3000, 3000), AbnormalConditionOnly: true),
            ],
            [
                new ResourceTransition("off_reduced", "OFF", "REDUCED", [], ["cooldown"], TimeSpan.Zero, false),
                new ResourceTransition("reduced_full", "REDUCED", "FULL", [], [], TimeSpan.FromMinutes(2), false),
                ResourceTransition.Simple("full_reduced", "FULL", "REDUCED"),
                ResourceTransition.Simple("reduced_off", "REDUCED", "OFF"),
                new ResourceTransition("full_off", "FULL", "OFF", ["cooldown"], [], TimeSpan.Zero, false),
                ResourceTransition.Simple("full_overload", "FULL", "OVERLOAD"),
            ],
            [new ResourceTimer("cooldown", TimeSpan.FromMinutes(15))]),
        resourceId: "gen");

    [Fact]
    public void OmbcFollowsTransitionsTimersAndFactor()
    {
        var sim = Generator();
        Assert.Equal("OFF", sim.ActiveModeId);
        var direct = sim.Instruct("FULL", 1, T0);
        Assert.Equal("resource 'gen' has no transition from 'OFF' to 'FULL'; allowed from 'OFF': REDUCED", direct.Reason);

        Assert.True(sim.Instruct("REDUCED", 0, T0).IsAccepted);
        Assert.Equal(1000, sim.Step(T0, 600).ElectricW, 9);

        // REDUCED -> FULL at factor 0.5 (1750 W) takes 2 minutes: (1000·120 + 1750·480)/600 = 1600 W.
        Assert.True(sim.Instruct("FULL", 0.5, T0.AddMinutes(10), instructionId: "full").IsAccepted);
        Assert.Equal(1600, sim.Step(T0.AddMinutes(10), 600).ElectricW, 9);
        Assert.Contains(new InstructionStatusUpdate("full", null, InstructionStatus.Succeeded, T0.AddMinutes(12)), sim.StatusUpdates.Updates);

        Assert.True(sim.Instruct("OFF", 0, T0.AddMinutes(20)).IsAccepted);
        var blocked = sim.Instruct("REDUCED", 0, T0.AddMinutes(30));
        Assert.Equal("transition 'off_reduced' from 'OFF' to 'REDUCED' of resource 'gen' is blocked by timer 'cooldown' until 2025-07-25T10:35:00Z", blocked.Reason);
        Assert.True(sim.Instruct("REDUCED", 0, T0.AddMinutes(35)).IsAccepted);
    }

    [Fact]
    public void OmbcAbnormalOnlyModeAndStatus()
    {
        var sim = Generator();
        sim.ApplyStatus("FULL", 1, "REDUCED", T0.AddHours(-1));
        Assert.Equal(2500, sim.Step(T0, 60).ElectricW, 9);
        Assert.Contains("may only be used under an abnormal condition", sim.Instruct("OVERLOAD", 1, T0).Reason, StringComparison.Ordinal);
        Assert.True(sim.Instruct("OVERLOAD", 1, T0, abnormalCondition: true).IsAccepted);
        Assert.Equal(3000, sim.PowerAt(T0).ElectricW, 9);

        sim.ApplyTimerStatus("cooldown", T0.AddHours(1));
        Assert.Equal(T0.AddHours(1), sim.Timers.FinishedAt("cooldown"));
        var e = Assert.Throws<InputException>(() => sim.ApplyStatus("TURBO", 1));
        Assert.Equal("resource 'gen' has no operation mode 'TURBO'; valid: OFF, REDUCED, FULL, OVERLOAD", e.Message);
        Assert.Throws<InputException>(() => sim.ApplyTimerStatus("nope", T0));
        Assert.Throws<InputException>(() => sim.ApplyStatus("FULL", -0.1));
    }

    /// <summary>A hybrid heat pump: heat pump 0..5000 W heat for 0..1500 W electric, boiler 0..20000 W heat for 0..2 l/s gas.</summary>
    private static DdbcSimulation Hybrid() => new(
        new DdbcModel(
            [
                new DdbcActuator(
                    "hp",
                    [
                        new DdbcOperationMode("OFF", new NumberRange(0, 0), Power(0, 0)),
                        new DdbcOperationMode("ON", new NumberRange(0, 5000), Power(0, 1500)),
                    ],
                    [
                        new ResourceTransition("hp_on", "OFF", "ON", ["hp_min_on"], [], TimeSpan.Zero, false),
                        new ResourceTransition("hp_off", "ON", "OFF", [], ["hp_min_on"], TimeSpan.Zero, false),
                    ],
                    [new ResourceTimer("hp_min_on", TimeSpan.FromMinutes(20))]),
                new DdbcActuator(
                    "boiler",
                    [
                        new DdbcOperationMode("OFF", new NumberRange(0, 0), [new PowerRange(0, 0, CommodityQuantity.NaturalGasFlowRate)]),
                        new DdbcOperationMode("ON", new NumberRange(0, 20000), [new PowerRange(0, 2, CommodityQuantity.NaturalGasFlowRate)]),
                    ],
                    [ResourceTransition.Simple("b_on", "OFF", "ON"), ResourceTransition.Simple("b_off", "ON", "OFF")],
                    []),
            ],
            PresentDemandRate: 8000),
        resourceId: "hhp");

    [Fact]
    public void DdbcReportsSupplyAgainstDemand()
    {
        var sim = Hybrid();
        Assert.Equal(8000, sim.Step(T0, 900).Deficit, 9);

        Assert.True(sim.Instruct("hp", "ON", 1, T0).IsAccepted);
        Assert.True(sim.Instruct("boiler", "ON", 0.15, T0).IsAccepted);
        var step = sim.Step(T0, 900);
        Assert.Equal(8000, step.SupplyRate, 9);
        Assert.Equal(0, step.Deficit, 9);
        Assert.Equal(1500, step.Power.ElectricW, 9);
        Assert.Equal(0.3, step.Power[CommodityQuantity.NaturalGasFlowRate], 9);

        sim.DemandRate = 10000;
        Assert.Equal(2000, sim.Step(T0.AddMinutes(15), 900).Deficit, 9);
        Assert.Contains("blocked by timer 'hp_min_on' until 2025-07-25T10:20:00Z", sim.Instruct("hp", "OFF", 0, T0.AddMinutes(15)).Reason, StringComparison.Ordinal);
        Assert.Equal("unknown actuator 'chp' of resource 'hhp'; valid: hp, boiler", sim.Instruct("chp", "ON", 1, T0).Reason);
    }

    [Fact]
    public void DdbcAppliesActuatorAndTimerStatus()
    {
        var sim = Hybrid();
        sim.ApplyActuatorStatus("boiler", "ON", 0.5, "OFF", T0.AddMinutes(-5));
        Assert.Equal("ON", sim.ActiveModeId("boiler"));
        Assert.Equal(10000, sim.Step(T0, 60).SupplyRate, 9);
        sim.ApplyTimerStatus("hp", "hp_min_on", T0.AddMinutes(5));
        Assert.Equal(T0.AddMinutes(5), sim.Timers("hp").FinishedAt("hp_min_on"));
        var e = Assert.Throws<InputException>(() => sim.ApplyActuatorStatus(null, "ON", 1));
        Assert.Equal("resource 'hhp': has 2 actuators (hp, boiler); the status must name actuator_id", e.Message);
        Assert.Throws<InputException>(() => sim.ApplyActuatorStatus("hp", "BOOST", 1));
    }
}
