using Quartier.Core.Errors;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Runtime;

public sealed class FrbcSimulationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 7, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly NumberRange Full = new(0, 100);

    private static FrbcOperationModeElement Element(double lo, double hi, double rateAtOne, double powerAtOne, double rateAtZero = 0, double powerAtZero = 0) =>
        new(new NumberRange(lo, hi), new NumberRange(rateAtZero, rateAtOne), [new PowerRange(powerAtZero, powerAtOne, CommodityQuantity.ElectricPowerL1)]);

    /// <summary>OFF, ON (0..0.02/s, 0..2000 W), EMERGENCY (abnormal-only), LIMITED (valid 0..50 only); min-on/min-off timers.</summary>
    private static FrbcSimulation StateMachine(double fill = 30)
    {
        var actuator = new FrbcActuator(
            "a",
            [
                new FrbcOperationMode("OFF", [Element(0, 100, 0, 0)]),
                new FrbcOperationMode("ON", [Element(0, 100, 0.02, 2000)]),
                new FrbcOperationMode("EMERGENCY", [Element(0, 100, 0.05, 5000)], AbnormalConditionOnly: true),
                new FrbcOperationMode("LIMITED", [Element(0, 50, 0.01, 1000)]),
            ],
            [
                new ResourceTransition("off_on", "OFF", "ON", ["min_on"], ["min_off"], TimeSpan.Zero, false),
                new ResourceTransition("on_off", "ON", "OFF", ["min_off"], ["min_on"], TimeSpan.Zero, false),
                new ResourceTransition("on_emergency", "ON", "EMERGENCY", [], [], TimeSpan.Zero, false),
                new ResourceTransition("off_limited", "OFF", "LIMITED", [], [], TimeSpan.Zero, AbnormalConditionOnly: true),
                ResourceTransition.Simple("on_limited", "ON", "LIMITED"),
            ],
            [new ResourceTimer("min_on", TimeSpan.FromMinutes(10)), new ResourceTimer("min_off", TimeSpan.FromMinutes(5))]);
        return new FrbcSimulation(new FrbcModel([actuator], new FrbcStorage(Full)), fill, "r1");
    }

    private static FrbcSimulation Single(FrbcOperationModeElement[] onElements, double fill, IReadOnlyList<FrbcLeakageElement>? leakage = null, FrbcUsageForecast? usage = null, TimeSpan? transition = null)
    {
        var actuator = new FrbcActuator(
            "a",
            [new FrbcOperationMode("OFF", [Element(0, 100, 0, 0)]), new FrbcOperationMode("ON", onElements)],
            [
                new ResourceTransition("off_on", "OFF", "ON", [], [], transition ?? TimeSpan.Zero, false),
                ResourceTransition.Simple("on_off", "ON", "OFF"),
            ],
            []);
        return new FrbcSimulation(new FrbcModel([actuator], new FrbcStorage(Full), leakage, usage), fill);
    }

    [Fact]
    public void RejectsUnknownActuatorModeAndBadFactorWithTheValidIds()
    {
        var sim = StateMachine();
        var r1 = sim.Instruct("x", "ON", 1, T0);
        Assert.Equal(InstructionStatus.Rejected, r1.Status);
        Assert.Equal("unknown actuator 'x' of resource 'r1'; valid: a", r1.Reason);
        var r2 = sim.Instruct("a", "FAST", 1, T0);
        Assert.Equal("actuator 'a' of resource 'r1' has no operation mode 'FAST'; valid: OFF, ON, EMERGENCY, LIMITED", r2.Reason);
        var r3 = sim.Instruct("a", "ON", 1.5, T0);
        Assert.Equal("operation mode factor 1.5 is outside 0..1", r3.Reason);
        Assert.Equal(InstructionStatus.Rejected, sim.Instruct("a", "ON", double.NaN, T0).Status);
        Assert.Equal("OFF", sim.ActiveModeId("a"));
    }

    [Fact]
    public void RejectsAMissingTransitionAndNamesTheAllowedTargets()
    {
        var sim = StateMachine();
        var r = sim.Instruct("a", "EMERGENCY", 1, T0, abnormalCondition: true);
        Assert.Equal("actuator 'a' of resource 'r1' has no transition from 'OFF' to 'EMERGENCY'; allowed from 'OFF': ON, LIMITED", r.Reason);
    }

    [Fact]
    public void BlockingTimerRejectsUntilItFinishesThenAccepts()
    {
        var sim = StateMachine();
        Assert.True(sim.Instruct("a", "ON", 1, T0).IsAccepted);
        Assert.Equal(T0.AddMinutes(10), sim.Timers("a").FinishedAt("min_on"));

        var early = sim.Instruct("a", "OFF", 0, T0.AddMinutes(5));
        Assert.Equal("transition 'on_off' from 'ON' to 'OFF' of actuator 'a' of resource 'r1' is blocked by timer 'min_on' until 2025-07-25T12:10:00Z", early.Reason);
        Assert.Equal("ON", sim.ActiveModeId("a"));

        Assert.True(sim.Instruct("a", "OFF", 0, T0.AddMinutes(10)).IsAccepted);
        var back = sim.Instruct("a", "ON", 1, T0.AddMinutes(12));
        Assert.Contains("blocked by timer 'min_off' until 2025-07-25T12:15:00Z", back.Reason, StringComparison.Ordinal);
        Assert.True(sim.Instruct("a", "ON", 1, T0.AddMinutes(15)).IsAccepted);
        Assert.Equal("OFF", sim.PreviousModeId("a"));
        Assert.Equal(T0.AddMinutes(15), sim.TransitionTimestamp("a"));
    }

    [Fact]
    public void AbnormalOnlyTransitionAndModeNeedAnAbnormalCondition()
    {
        var sim = StateMachine(fill: 30);
        var normal = sim.Instruct("a", "LIMITED", 0.5, T0);
        Assert.Equal("transition 'off_limited' from 'OFF' to 'LIMITED' of actuator 'a' of resource 'r1' is only allowed under an abnormal condition", normal.Reason);
        Assert.True(sim.Instruct("a", "LIMITED", 0.5, T0, abnormalCondition: true).IsAccepted);

        var sim2 = StateMachine();
        Assert.True(sim2.Instruct("a", "ON", 1, T0).IsAccepted);
        var mode = sim2.Instruct("a", "EMERGENCY", 1, T0);
        Assert.Equal("operation mode 'EMERGENCY' of actuator 'a' of resource 'r1' may only be used under an abnormal condition", mode.Reason);
        Assert.True(sim2.Instruct("a", "EMERGENCY", 1, T0, abnormalCondition: true).IsAccepted);
    }

    [Fact]
    public void RejectsAModeWithNoElementAtThePresentFillLevel()
    {
        var sim = StateMachine(fill: 60);
        Assert.True(sim.Instruct("a", "ON", 1, T0).IsAccepted);
        var r = sim.Instruct("a", "LIMITED", 1, T0.AddMinutes(1));
        Assert.Equal("operation mode 'LIMITED' of actuator 'a' of resource 'r1' is not valid at fill level 60 (its elements cover 0..50)", r.Reason);
    }

    [Fact]
    public void FactorChangeWithinTheActiveModeNeedsNoTransition()
    {
        var sim = StateMachine();
        Assert.True(sim.Instruct("a", "ON", 1, T0).IsAccepted);
        Assert.True(sim.Instruct("a", "ON", 0.25, T0.AddMinutes(1)).IsAccepted);
        Assert.Equal(0.25, sim.Factor("a"));
        var step = sim.Step(T0.AddMinutes(1), 60);
        Assert.Equal(500, step.ElectricW, 9);
        Assert.Equal(30 + (0.005 * 60), step.FillLevel, 9);
    }

    [Fact]
    public void OldModeContinuesUntilTheTransitionCompletesAndStatusFollows()
    {
        // ON: 1000 W and 0.001/s at any factor; OFF -> ON takes 60 s.
        var sim = Single([Element(0, 100, 0.001, 1000, 0.001, 1000)], fill: 10, transition: TimeSpan.FromSeconds(60));
        Assert.True(sim.Instruct("a", "ON", 1, T0, instructionId: "i1").IsAccepted);
        Assert.Equal("ON", sim.ActiveModeId("a"));
        Assert.True(sim.InTransition("a", T0.AddSeconds(30)));
        Assert.Equal(2, sim.StatusUpdates.Count);
        Assert.Equal(new InstructionStatusUpdate("i1", "a", InstructionStatus.Accepted, T0), sim.StatusUpdates[0]);
        Assert.Equal(InstructionStatus.Started, sim.StatusUpdates[1].Status);

        var busy = sim.Instruct("a", "OFF", 0, T0.AddSeconds(10));
        Assert.Contains("is still in transition from 'OFF' to 'ON' until 2025-07-25T12:01:00Z", busy.Reason, StringComparison.Ordinal);

        var step = sim.Step(T0, 300);
        Assert.Equal(1000.0 * 240 / 300, step.ElectricW, 9);
        Assert.Equal(10 + (0.001 * 240), step.FillLevel, 9);
        var last = sim.StatusUpdates.Last!.Value;
        Assert.Equal(InstructionStatus.Succeeded, last.Status);
        Assert.Equal(T0.AddSeconds(60), last.Timestamp);
        Assert.Equal("i1", last.InstructionId);
        Assert.False(sim.InTransition("a", T0.AddSeconds(60)));
    }

    [Fact]
    public void IntegratesLeakageAndUsageAcrossALeakageBoundary()
    {
        // ON factor 0.5: 0.01 /s and 1000 W. Leakage 0.002 /s below 50, 0.004 /s above.
        // Usage: 0.003 /s for 600 s, then 0.001 /s for 600 s. Start 45, step 1200 s.
        // 0..600 s: net 0.005 -> 48. Then net 0.007 reaches 50 after 2/0.007 s, then net 0.005.
        var sim = Single(
            [Element(0, 100, 0.02, 2000)],
            fill: 45,
            leakage: [new FrbcLeakageElement(new NumberRange(0, 50), 0.002), new FrbcLeakageElement(new NumberRange(50, 100), 0.004)],
            usage: new FrbcUsageForecast(T0, [new FrbcUsageElement(TimeSpan.FromSeconds(600), 0.003), new FrbcUsageElement(TimeSpan.FromSeconds(600), 0.001)]));
        Assert.True(sim.Instruct("a", "ON", 0.5, T0).IsAccepted);
        var step = sim.Step(T0, 1200);

        var tCross = 2 / 0.007;
        var expected = 50 + (0.005 * (600 - tCross));
        Assert.Equal(expected, step.FillLevel, 9);
        Assert.Equal(51.571428571428571, step.FillLevel, 9);
        Assert.Equal(1000, step.ElectricW, 9);
        Assert.Equal(0.01, step.SupplyRate, 12);
        Assert.Equal(0.002, step.UsageRate, 12);
        Assert.Equal(((0.002 * (600 + tCross)) + (0.004 * (600 - tCross))) / 1200, step.LeakageRate, 12);
        Assert.False(step.Saturated);
        Assert.Equal(expected, sim.FillLevel, 9);
    }

    [Fact]
    public void ElementBoundaryChangesRateAndPowerWithinAStep()
    {
        // ON: below 50 0.01 /s at 1000 W, above 50 0.005 /s at 600 W. Start 45, 1000 s: 50 after 500 s, then +2.5.
        var sim = Single([Element(0, 50, 0.01, 1000), Element(50, 100, 0.005, 600)], fill: 45);
        sim.Instruct("a", "ON", 1, T0);
        var step = sim.Step(T0, 1000);
        Assert.Equal(52.5, step.FillLevel, 9);
        Assert.Equal(((1000 * 500) + (600 * 500)) / 1000.0, step.ElectricW, 9);
    }

    [Fact]
    public void FullStorageThrottlesTheActuator()
    {
        // 0.01 /s from 99: full after 100 s; the remaining 100 s the actuator is throttled to zero.
        var sim = Single([Element(0, 100, 0.01, 1000)], fill: 99);
        sim.Instruct("a", "ON", 1, T0);
        var step = sim.Step(T0, 200);
        Assert.Equal(100, step.FillLevel, 12);
        Assert.Equal(500, step.ElectricW, 9);
        Assert.Equal(0.005, step.SupplyRate, 12);
        Assert.True(step.Saturated);
        Assert.Equal(0, step.SpilledFill, 12);
    }

    [Fact]
    public void FullStorageThrottlesOnlyWhatUsageDoesNotTake()
    {
        // At 100 with ON 0.01 /s and usage 0.004 /s the actuator delivers 0.004 /s: 400 W.
        var sim = Single([Element(0, 100, 0.01, 1000)], fill: 100, usage: new FrbcUsageForecast(T0, [new FrbcUsageElement(TimeSpan.FromHours(1), 0.004)]));
        sim.Instruct("a", "ON", 1, T0);
        var step = sim.Step(T0, 60);
        Assert.Equal(100, step.FillLevel, 12);
        Assert.Equal(400, step.ElectricW, 9);
    }

    [Fact]
    public void EmptyStorageReportsUnmetUsage()
    {
        // OFF, usage 0.01 /s from 0.5: empty after 50 s, 0.5 unmet in the remaining 50 s.
        var sim = Single([Element(0, 100, 0.01, 1000)], fill: 0.5, usage: new FrbcUsageForecast(T0, [new FrbcUsageElement(TimeSpan.FromHours(1), 0.01)]));
        var step = sim.Step(T0, 100);
        Assert.Equal(0, step.FillLevel, 12);
        Assert.Equal(0.5, step.UnmetFill, 9);
        Assert.True(step.Saturated);
    }

    [Fact]
    public void OpposingElementsHoldTheLevelAtTheirBoundary()
    {
        // Below 50 the actuator raises the level (+0.01 /s, 1000 W), above it lowers it (-0.01 /s, -500 W):
        // at 50 the two are mixed half and half, so the power is 250 W and the level stays.
        var sim = Single([Element(0, 50, 0.01, 1000), Element(50, 100, -0.01, -500)], fill: 50);
        sim.Instruct("a", "ON", 1, T0);
        var step = sim.Step(T0, 100);
        Assert.Equal(50, step.FillLevel, 9);
        Assert.Equal(250, step.ElectricW, 9);
    }

    [Fact]
    public void UsageForecastOutsideItsWindowIsZero()
    {
        var sim = Single([Element(0, 100, 0.01, 1000)], fill: 50, usage: new FrbcUsageForecast(T0.AddSeconds(100), [new FrbcUsageElement(TimeSpan.FromSeconds(100), 0.01)]));
        var step = sim.Step(T0, 300);
        Assert.Equal(49, step.FillLevel, 9);
        Assert.Equal(0.01 * 100 / 300, step.UsageRate, 12);
    }

    [Fact]
    public void PowerIsSummedOverActuators()
    {
        var a = new FrbcActuator("a", [new FrbcOperationMode("ON", [Element(0, 100, 0.01, 1000)])], [], []);
        var b = new FrbcActuator("b", [new FrbcOperationMode("ON", [Element(0, 100, 0.02, 3000)])], [], []);
        var sim = new FrbcSimulation(new FrbcModel([a, b], new FrbcStorage(Full)), 10);
        sim.Instruct("a", "ON", 1, T0);
        sim.Instruct("b", "ON", 0.5, T0);
        var step = sim.Step(T0, 100);
        Assert.Equal(2500, step.Power[CommodityQuantity.ElectricPowerL1], 9);
        Assert.Equal(12, step.FillLevel, 9);
    }

    [Fact]
    public void AppliesReportedStatusAndValidatesIt()
    {
        var sim = StateMachine(fill: 30);
        sim.ApplyActuatorStatus(null, "ON", 0.75, "OFF", T0);
        Assert.Equal("ON", sim.ActiveModeId("a"));
        Assert.Equal(0.75, sim.Factor("a"));
        Assert.Equal("OFF", sim.PreviousModeId("a"));
        sim.ApplyStorageStatus(42);
        Assert.Equal(42, sim.FillLevel);
        sim.ApplyTimerStatus("a", "min_on", T0.AddMinutes(30));
        Assert.Contains("blocked by timer 'min_on' until 2025-07-25T12:30:00Z", sim.Instruct("a", "OFF", 0, T0.AddMinutes(20)).Reason, StringComparison.Ordinal);
        var step = sim.Step(T0, 100);
        Assert.Equal(1500, step.ElectricW, 9);
        Assert.Equal(42 + (0.015 * 100), step.FillLevel, 9);

        var badMode = Assert.Throws<InputException>(() => sim.ApplyActuatorStatus("a", "TURBO", 1));
        Assert.Equal("resource 'r1': actuator 'a' has no operation mode 'TURBO'; valid: OFF, ON, EMERGENCY, LIMITED", badMode.Message);
        Assert.Equal("r1", badMode.ElementId);
        var badFactor = Assert.Throws<InputException>(() => sim.ApplyActuatorStatus("a", "ON", 1.2));
        Assert.Contains("operation_mode_factor 1.2 is outside 0..1", badFactor.Message, StringComparison.Ordinal);
        var badFill = Assert.Throws<InputException>(() => sim.ApplyStorageStatus(120));
        Assert.Equal("resource 'r1': fill level 120 is outside the storage range 0..100", badFill.Message);
        var badTimer = Assert.Throws<InputException>(() => sim.ApplyTimerStatus("a", "nope", T0));
        Assert.Contains("has no timer 'nope'; valid: min_on, min_off", badTimer.Message, StringComparison.Ordinal);
        var badActuator = Assert.Throws<InputException>(() => sim.ApplyActuatorStatus("b", "ON", 1));
        Assert.Contains("unknown actuator 'b'; valid: a", badActuator.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportedTransitionKeepsThePreviousModeForTheTransitionDuration()
    {
        var sim = Single([Element(0, 100, 0.001, 1000, 0.001, 1000)], fill: 10, transition: TimeSpan.FromSeconds(60));
        sim.ApplyActuatorStatus("a", "ON", 1, "OFF", T0);
        var step = sim.Step(T0, 120);
        Assert.Equal(500, step.ElectricW, 9);
    }

    [Fact]
    public void ReportedStatusAbortsAPendingTransition()
    {
        var sim = Single([Element(0, 100, 0.001, 1000)], fill: 10, transition: TimeSpan.FromSeconds(60));
        sim.Instruct("a", "ON", 1, T0, instructionId: "i1");
        sim.ApplyActuatorStatus("a", "OFF", 0);
        var last = sim.StatusUpdates.Last!.Value;
        Assert.Equal(InstructionStatus.Aborted, last.Status);
        Assert.Equal("i1", last.InstructionId);
    }

    [Fact]
    public void InvalidModelsAreRejectedWithTheElement()
    {
        var badTransition = new FrbcActuator("a", [new FrbcOperationMode("OFF", [Element(0, 100, 0, 0)])], [ResourceTransition.Simple("t", "OFF", "ON")], []);
        var e1 = Assert.Throws<InputException>(() => new FrbcSimulation(new FrbcModel([badTransition], new FrbcStorage(Full)), 0));
        Assert.Contains("transition 't' refers to unknown operation mode 'ON'; valid: OFF", e1.Message, StringComparison.Ordinal);
        var badRange = new FrbcActuator("a", [new FrbcOperationMode("OFF", [Element(50, 10, 0, 0)])], [], []);
        var e2 = Assert.Throws<InputException>(() => new FrbcSimulation(new FrbcModel([badRange], new FrbcStorage(Full)), 0));
        Assert.Contains("fill_level_range 50..10 must have start < end", e2.Message, StringComparison.Ordinal);
        var e3 = Assert.Throws<InputException>(() => new FrbcSimulation(new FrbcModel([badRange], new FrbcStorage(new NumberRange(1, 1))), 0));
        Assert.Contains("storage fill_level_range 1..1", e3.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var sim = Single(
            [Element(0, 50, 0.01, 1000), Element(50, 100, 0.005, 600)],
            fill: 45,
            leakage: [new FrbcLeakageElement(new NumberRange(0, 100), 0.001)],
            usage: new FrbcUsageForecast(T0, [new FrbcUsageElement(TimeSpan.FromHours(1), 0.002)]));
        sim.StatusUpdates.Enabled = false;
        sim.Instruct("a", "ON", 1, T0);
        sim.Step(T0, 60);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var t = T0;
        for (var i = 0; i < 1000; i++)
        {
            sim.Step(t, 60);
            t = t.AddSeconds(60);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
