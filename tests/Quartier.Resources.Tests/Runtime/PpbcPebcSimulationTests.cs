using Quartier.Core.Errors;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Runtime;

public sealed class PpbcPebcSimulationTests
{
    private static readonly DateTimeOffset T0 = new(2025, 7, 25, 10, 0, 0, TimeSpan.Zero);

    private static PpbcSequenceElement El(int minutes, double watts) =>
        new(TimeSpan.FromMinutes(minutes), [new PowerValue(CommodityQuantity.ElectricPowerL1, watts)]);

    /// <summary>c1: A (30 min 1000 W, 30 min 2000 W, interruptible) or B (60 min 1500 W); c2: C (30 min 500 W, at most 30 min after c1).</summary>
    private static PpbcSimulation Washer() => new(
        new PpbcPowerProfile(
            "profile",
            T0,
            T0.AddHours(6),
            [
                new PpbcSequenceContainer("c1", [new PpbcPowerSequence("A", [El(30, 1000), El(30, 2000)], IsInterruptible: true), new PpbcPowerSequence("B", [El(60, 1500)])]),
                new PpbcSequenceContainer("c2", [new PpbcPowerSequence("C", [El(30, 500)], MaxPauseBefore: TimeSpan.FromMinutes(30))]),
            ]),
        resourceId: "washer");

    [Fact]
    public void ScheduledSequenceRunsToItsEndAcrossSteps()
    {
        var sim = Washer();
        Assert.Equal("resource 'washer': sequence container 'c2' cannot be scheduled before container 'c1'", sim.Schedule("c2", "C", T0).Reason);
        Assert.Equal("resource 'washer': sequence container 'c1' has no power sequence 'X'; valid: A, B", sim.Schedule("c1", "X", T0).Reason);
        Assert.Contains("is before the profile's start_time 2025-07-25T10:00:00Z", sim.Schedule("c1", "A", T0.AddMinutes(-1)).Reason, StringComparison.Ordinal);
        Assert.Contains("would end at 2025-07-25T16:30:00Z, after the profile's end_time", sim.Schedule("c1", "A", T0.AddMinutes(330)).Reason, StringComparison.Ordinal);

        Assert.Equal(4, sim.StatusUpdates.Count);
        Assert.All(sim.StatusUpdates.Updates, u => Assert.Equal(InstructionStatus.Rejected, u.Status));
        sim.StatusUpdates.Clear();
        Assert.True(sim.Schedule("c1", "A", T0.AddMinutes(15), instructionId: "s1").IsAccepted);
        Assert.Equal(PowerSequenceStatus.Scheduled, sim.Status("c1", T0));
        Assert.Equal(500, sim.Step(T0, 1800).ElectricW, 9);                    // 15 min at 1000 W
        Assert.Equal(PowerSequenceStatus.Executing, sim.Status("c1", T0.AddMinutes(30)));
        Assert.Equal(1500, sim.Step(T0.AddMinutes(30), 1800).ElectricW, 9);    // 15 min at 1000 W, 15 min at 2000 W
        Assert.Equal(1000, sim.Step(T0.AddMinutes(60), 1800).ElectricW, 9);    // 15 min at 2000 W
        Assert.Equal(PowerSequenceStatus.Finished, sim.Status("c1", T0.AddMinutes(90)));
        Assert.Equal(TimeSpan.FromMinutes(60), sim.Progress("c1", T0.AddMinutes(90)));
        Assert.Equal(0, sim.Step(T0.AddMinutes(90), 1800).ElectricW, 9);

        var updates = sim.StatusUpdates.Updates;
        Assert.Equal(new InstructionStatusUpdate("s1", "c1", InstructionStatus.Accepted, T0.AddMinutes(15)), updates[0]);
        Assert.Equal(new InstructionStatusUpdate("s1", "c1", InstructionStatus.Started, T0.AddMinutes(15)), updates[1]);
        Assert.Equal(new InstructionStatusUpdate("s1", "c1", InstructionStatus.Succeeded, T0.AddMinutes(75)), updates[2]);

        Assert.Contains("already has power sequence 'A' (FINISHED)", sim.Schedule("c1", "B", T0.AddHours(2)).Reason, StringComparison.Ordinal);
        Assert.Contains("is before container 'c1' ends at 2025-07-25T11:15:00Z", sim.Schedule("c2", "C", T0.AddMinutes(60)).Reason, StringComparison.Ordinal);
        Assert.Contains("leaves a pause of 00:45:00 after container 'c1', more than max_pause_before 00:30:00", sim.Schedule("c2", "C", T0.AddMinutes(120)).Reason, StringComparison.Ordinal);
        Assert.True(sim.Schedule("c2", "C", T0.AddMinutes(90)).IsAccepted);
        Assert.Equal(250, sim.Step(T0.AddMinutes(90), 3600).ElectricW, 9);
    }

    [Fact]
    public void InterruptibleSequencePausesAndResumes()
    {
        var sim = Washer();
        Assert.True(sim.Schedule("c1", "A", T0).IsAccepted);
        Assert.True(sim.StartInterruption("c1", T0.AddMinutes(10)).IsAccepted);
        Assert.Equal(1000.0 / 3, sim.Step(T0, 1800).ElectricW, 9);             // 10 of 30 min at 1000 W
        Assert.Equal(PowerSequenceStatus.Interrupted, sim.Status("c1", T0.AddMinutes(30)));
        Assert.Null(sim.PredictedEnd("c1"));
        Assert.Contains("is INTERRUPTED, not EXECUTING", sim.StartInterruption("c1", T0.AddMinutes(35)).Reason, StringComparison.Ordinal);

        Assert.True(sim.EndInterruption("c1", T0.AddMinutes(40)).IsAccepted);
        Assert.Equal(T0.AddMinutes(90), sim.PredictedEnd("c1"));
        Assert.Equal(2000.0 / 3, sim.Step(T0.AddMinutes(30), 1800).ElectricW, 9); // 20 min at 1000 W
        Assert.Equal(TimeSpan.FromMinutes(30), sim.Progress("c1", T0.AddMinutes(60)));
        Assert.Contains("is EXECUTING, not INTERRUPTED", sim.EndInterruption("c1", T0.AddMinutes(61)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NonInterruptibleSequenceCannotBePaused()
    {
        var sim = Washer();
        Assert.True(sim.Schedule("c1", "B", T0).IsAccepted);
        var r = sim.StartInterruption("c1", T0.AddMinutes(10));
        Assert.Equal("resource 'washer': power sequence 'B' of container 'c1' is not interruptible; it runs until 2025-07-25T11:00:00Z", r.Reason);
        Assert.Equal(1500, sim.Step(T0, 3600).ElectricW, 9);
    }

    [Fact]
    public void AppliesAReportedContainerStatus()
    {
        var sim = Washer();
        sim.ApplyContainerStatus("c1", "A", TimeSpan.FromMinutes(45), PowerSequenceStatus.Executing, T0.AddHours(1));
        Assert.Equal(2000, sim.Step(T0.AddHours(1), 900).ElectricW, 9);
        Assert.Equal(PowerSequenceStatus.Finished, sim.Status("c1", T0.AddMinutes(75)));
        var e = Assert.Throws<InputException>(() => sim.ApplyContainerStatus("c1", "A", TimeSpan.FromMinutes(90), PowerSequenceStatus.Executing, T0));
        Assert.Contains("progress 01:30:00 is outside 0..01:00:00", e.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => sim.ApplyContainerStatus("c9", "A", null, PowerSequenceStatus.Scheduled, T0));
    }

    /// <summary>The S2 PV example: LOWER_LIMIT -4000..0 W, UPPER_LIMIT 0..0 W on L1.</summary>
    private static PebcSimulation Pv() => new(new PebcPowerConstraints(
        "powerConstraint1",
        T0.AddDays(-1),
        T0.AddDays(1),
        PebcConsequenceType.Vanish,
        [
            new PebcAllowedLimitRange(CommodityQuantity.ElectricPowerL1, PebcLimitType.LowerLimit, new NumberRange(-4000, 0)),
            new PebcAllowedLimitRange(CommodityQuantity.ElectricPowerL1, PebcLimitType.UpperLimit, new NumberRange(0, 0)),
        ]));

    private static PebcPowerEnvelope[] Envelope(double lower, double upper, int minutes = 60) =>
        [new PebcPowerEnvelope("pe", CommodityQuantity.ElectricPowerL1, [new PebcPowerEnvelopeElement(TimeSpan.FromMinutes(minutes), lower, upper)])];

    [Fact]
    public void PebcClampsIntoTheActiveEnvelopeElement()
    {
        var sim = Pv();
        Assert.True(sim.Instruct(Envelope(-2000, 0), T0.AddMinutes(60), instructionId: "env").IsAccepted);
        // 14:30..15:30 in the S2 example is here 10:30..11:30: half unlimited (-3450 W), half at -2000 W.
        var step = sim.Step(T0.AddMinutes(30), 3600, CommodityQuantity.ElectricPowerL1, -3450);
        Assert.Equal(-2725, step.Power, 9);
        Assert.Equal(-725, step.Limited, 9);
        Assert.Equal(-2000, sim.Clamp(CommodityQuantity.ElectricPowerL1, T0.AddMinutes(70), -3450));
        Assert.Equal(-1000, sim.Clamp(CommodityQuantity.ElectricPowerL1, T0.AddMinutes(70), -1000));
        Assert.Equal(-3450, sim.Clamp(CommodityQuantity.ElectricPowerL1, T0.AddMinutes(120), -3450));
        Assert.True(sim.TryGetLimits(CommodityQuantity.ElectricPowerL1, T0.AddMinutes(61), out var lower, out var upper));
        Assert.Equal((-2000.0, 0.0), (lower, upper));
        sim.Step(T0.AddMinutes(90), 3600, CommodityQuantity.ElectricPowerL1, -3450);
        Assert.Equal(new InstructionStatusUpdate("env", null, InstructionStatus.Succeeded, T0.AddMinutes(120)), sim.StatusUpdates.Last);
    }

    [Fact]
    public void PebcRejectsEnvelopesOutsideTheConstraints()
    {
        var sim = Pv();
        Assert.Equal("pe element 0: lower_limit -5000 for ELECTRIC.POWER.L1 is outside the allowed ranges -4000..0", Trim(sim.Instruct(Envelope(-5000, 0), T0).Reason));
        Assert.Equal("pe element 0: upper_limit 100 for ELECTRIC.POWER.L1 is outside the allowed ranges 0..0", Trim(sim.Instruct(Envelope(-1000, 100), T0).Reason));
        Assert.Contains("lower_limit 0 is above upper_limit -100", sim.Instruct(Envelope(0, -100), T0).Reason, StringComparison.Ordinal);
        Assert.Contains("duration 00:00:00 must be > 0", sim.Instruct(Envelope(-100, 0, 0), T0).Reason, StringComparison.Ordinal);
        Assert.Contains("is before power constraints 'powerConstraint1' are valid", sim.Instruct(Envelope(-100, 0), T0.AddDays(-2)).Reason, StringComparison.Ordinal);
        PebcPowerEnvelope[] twice = [Envelope(-100, 0)[0], Envelope(-200, 0)[0] with { Id = "pe2" }];
        Assert.Contains("both limit ELECTRIC.POWER.L1", sim.Instruct(twice, T0).Reason, StringComparison.Ordinal);
        PebcPowerEnvelope[] l2 = [new PebcPowerEnvelope("pe", CommodityQuantity.ElectricPowerL2, [new PebcPowerEnvelopeElement(TimeSpan.FromHours(1), -100, 0)])];
        Assert.Contains("allow no upper_limit for ELECTRIC.POWER.L2", sim.Instruct(l2, T0).Reason, StringComparison.Ordinal);
        Assert.Equal(-3000, sim.Step(T0, 60, CommodityQuantity.ElectricPowerL1, -3000).Power);
    }

    private static string Trim(string? reason) => reason!.Replace("power envelope '", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
}
