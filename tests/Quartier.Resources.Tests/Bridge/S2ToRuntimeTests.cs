using Quartier.Core.Errors;
using Quartier.Resources.Bridge;
using Quartier.Resources.Runtime;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Frbc;
using InstructionStatus = Quartier.Resources.Runtime.InstructionStatus;
using Quartier.Resources.Tests.S2;

namespace Quartier.Resources.Tests.Bridge;

/// <summary>An S2 FRBC system description from the wire, simulated: the DHW heat pump of the S2 examples.</summary>
public sealed class S2ToRuntimeTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static FrbcSimulation HeatPumpAt(double celsius)
    {
        var description = S2Json.Parse<FrbcSystemDescription>(S2Examples.ByMessageType["FRBC.SystemDescription"], "dhw.json");
        var status = new FrbcStorageStatus { MessageId = "s-1", PresentFillLevel = celsius };
        return S2ToRuntime.FrbcSimulation(description, status, resourceId: "dhw");
    }

    [Fact]
    public void Switching_on_at_half_factor_heats_at_the_interpolated_fill_rate_after_the_transition_duration()
    {
        var sim = HeatPumpAt(46);
        var outcome = sim.Instruct("hp-compressor", "om-on", 0.5, T0);
        Assert.Equal(InstructionStatus.Accepted, outcome.Status);

        // the transition takes 30 s (still off); then 0.00209 + 0.5·(0.00835 − 0.00209) = 0.00522 K/s for 570 s
        var step = sim.Step(T0, 600);
        Assert.Equal(46 + (0.00522 * 570), step.FillLevel, 9);
        Assert.Equal(46 + (0.00522 * 570), sim.FillLevel, 9);
    }

    [Fact]
    public void Switching_off_is_blocked_by_the_minimum_on_timer_and_allowed_after_it()
    {
        var sim = HeatPumpAt(46);
        Assert.True(sim.Instruct("hp-compressor", "om-on", 1, T0).IsAccepted);
        sim.Step(T0, 300);

        var early = sim.Instruct("hp-compressor", "om-off", 0, T0.AddSeconds(300));
        Assert.Equal(InstructionStatus.Rejected, early.Status);
        Assert.Contains("timer-min-on", early.Reason, StringComparison.Ordinal);

        sim.Step(T0.AddSeconds(300), 400);
        Assert.True(sim.Instruct("hp-compressor", "om-off", 0, T0.AddSeconds(700)).IsAccepted);
    }

    [Fact]
    public void An_invalid_description_is_refused_with_the_rule_it_breaks()
    {
        var json = S2Examples.ByMessageType["FRBC.SystemDescription"].Replace("\"to\": \"om-on\"", "\"to\": \"om-boost\"", StringComparison.Ordinal);
        var description = S2Json.Parse<FrbcSystemDescription>(json, "dhw.json");
        var ex = Assert.Throws<InputException>(() => S2ToRuntime.Frbc(description, source: "dhw.json"));
        Assert.Contains(S2Rules.TransitionOperationMode, ex.Message, StringComparison.Ordinal);
        Assert.Contains("om-boost", ex.Message, StringComparison.Ordinal);
    }
}
