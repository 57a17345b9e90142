namespace Quartier.Resources.Runtime;

/// <summary>
/// An S2 <c>PPBC.PowerProfileDefinition</c>: containers in chronological order, each offering alternative power
/// sequences of which the CEM schedules one, all between <paramref name="StartTime"/> and <paramref name="EndTime"/>.
/// </summary>
public sealed record PpbcPowerProfile(
    string Id,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    IReadOnlyList<PpbcSequenceContainer> Containers);

/// <summary>An S2 <c>PPBC.PowerSequenceContainer</c>: alternative sequences, one of which may be scheduled.</summary>
public sealed record PpbcSequenceContainer(string Id, IReadOnlyList<PpbcPowerSequence> Sequences);

/// <summary>
/// An S2 <c>PPBC.PowerSequence</c>: elements executed one after the other. An interruptible sequence may be
/// paused and resumed; <paramref name="MaxPauseBefore"/> bounds the gap after the previous container's sequence.
/// </summary>
public sealed record PpbcPowerSequence(
    string Id,
    IReadOnlyList<PpbcSequenceElement> Elements,
    bool IsInterruptible = false,
    TimeSpan? MaxPauseBefore = null,
    bool AbnormalConditionOnly = false);

/// <summary>An S2 <c>PPBC.PowerSequenceElement</c>: expected power per commodity for <paramref name="Duration"/>.</summary>
public sealed record PpbcSequenceElement(TimeSpan Duration, IReadOnlyList<PowerValue> PowerValues);

/// <summary>Status of a sequence container (S2 <c>PPBC.PowerSequenceStatus</c>).</summary>
public enum PowerSequenceStatus
{
    /// <summary><c>NOT_SCHEDULED</c>: no sequence selected.</summary>
    NotScheduled,

    /// <summary><c>SCHEDULED</c>: a sequence is selected and waits for its start time.</summary>
    Scheduled,

    /// <summary><c>EXECUTING</c>: the selected sequence runs.</summary>
    Executing,

    /// <summary><c>INTERRUPTED</c>: the selected sequence is paused.</summary>
    Interrupted,

    /// <summary><c>FINISHED</c>: the selected sequence ran to its end.</summary>
    Finished,

    /// <summary><c>ABORTED</c>: the selected sequence stopped before its end and will not resume.</summary>
    Aborted,
}

/// <summary>S2 spelling of <see cref="PowerSequenceStatus"/>.</summary>
public static class PowerSequenceStatuses
{
    /// <summary>The S2 name, e.g. <c>NOT_SCHEDULED</c>.</summary>
    public static string ToS2(PowerSequenceStatus status) => status switch
    {
        PowerSequenceStatus.NotScheduled => "NOT_SCHEDULED",
        PowerSequenceStatus.Scheduled => "SCHEDULED",
        PowerSequenceStatus.Executing => "EXECUTING",
        PowerSequenceStatus.Interrupted => "INTERRUPTED",
        PowerSequenceStatus.Finished => "FINISHED",
        _ => "ABORTED",
    };
}
