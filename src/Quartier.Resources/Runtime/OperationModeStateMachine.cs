using System.Runtime.CompilerServices;
using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>
/// The state machine shared by OMBC, FRBC and DDBC: operation modes, transitions, timers, the active mode
/// and factor, the previous mode and the transition in progress. Checks instructions (precise rejection
/// reasons), executes them and reports status updates. Everything is index based so the hot path allocates
/// nothing; only rejections build strings.
/// </summary>
internal sealed class OperationModeStateMachine
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ResourceTransition>, SharedTable> SharedTables = new();
    private readonly string _label;
    private readonly string? _actuatorId;
    private readonly string[] _modeIds;
    private readonly bool[] _modeAbnormalOnly;
    private readonly CompiledTransition[] _transitions;
    private readonly InstructionStatusLog _log;
    private string? _pendingInstruction;
    private bool _pending;

    public OperationModeStateMachine(
        string label,
        string? actuatorId,
        string[] modeIds,
        bool[] modeAbnormalOnly,
        IReadOnlyList<ResourceTransition> transitions,
        IReadOnlyList<ResourceTimer> timers,
        InstructionStatusLog log)
    {
        _label = label;
        _actuatorId = actuatorId;
        _modeIds = modeIds;
        _modeAbnormalOnly = modeAbnormalOnly;
        _log = log;
        if (modeIds.Length == 0)
        {
            throw new InputException($"{label} has no operation modes");
        }

        for (var i = 0; i < modeIds.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(modeIds[i]))
            {
                throw new InputException($"{label}: operation mode {i} has no id");
            }

            for (var j = 0; j < i; j++)
            {
                if (modeIds[j] == modeIds[i])
                {
                    throw new InputException($"{label}: operation mode id '{modeIds[i]}' is used twice", elementId: modeIds[i]);
                }
            }
        }

        Timers = new TimerSet(timers);
        _transitions = CompiledFor(transitions);

        PreviousMode = -1;
        TransitionTimestamp = Ticks.Never;
        TransitionEnd = Ticks.Never;
    }

    public TimerSet Timers { get; }

    public int ModeCount => _modeIds.Length;

    public int ActiveMode { get; private set; }

    public double Factor { get; private set; }

    /// <summary>
    /// The timers (as a bit mask) that an instruction from <paramref name="from"/> to <paramref name="to"/> starts when the
    /// transition it takes is certain from the model alone — the first defined one is for normal conditions and
    /// instantaneous, and every timer lasts zero seconds, so none can block it; -1 otherwise.
    /// </summary>
    public int PlainTransitionStarts(int from, int to)
    {
        if (Timers.Count > 30)
        {
            return -1;
        }

        for (var i = 0; i < Timers.Count; i++)
        {
            if (Timers[i].Duration != TimeSpan.Zero)
            {
                return -1;
            }
        }

        for (var i = 0; i < _transitions.Length; i++)
        {
            ref readonly var t = ref _transitions[i];
            if (t.From != from || t.To != to)
            {
                continue;
            }

            if (t.AbnormalOnly || t.DurationTicks != 0)
            {
                return -1;
            }

            var mask = 0;
            foreach (var timer in t.Start)
            {
                mask |= 1 << timer;
            }

            return mask;
        }

        return -1;
    }

    /// <summary>
    /// Takes the state a run of accepted instantaneous instructions left (see <see cref="PlainTransitionStarts"/>): the last
    /// mode change at <paramref name="changedAt"/> from <paramref name="previous"/>, and the factor since; nothing pending.
    /// </summary>
    public void Restore(int active, double factor, int previous, double previousFactor, long changedAt)
    {
        ActiveMode = active;
        Factor = factor;
        PreviousMode = previous;
        PreviousFactor = previousFactor;
        TransitionTimestamp = changedAt;
        TransitionEnd = changedAt;
        _pending = false;
    }

    /// <summary>Sets the factor of the active mode as an accepted factor-only instruction does, without a status update (a fleet's fast path catching up).</summary>
    public void SetFactor(double factor) => Factor = factor;

    /// <summary>Mode active before the present one, or -1.</summary>
    public int PreviousMode { get; private set; }

    public double PreviousFactor { get; private set; }

    public long TransitionTimestamp { get; private set; }

    /// <summary>When the device starts behaving as the active mode (<see cref="Ticks.Never"/> if not transitioning).</summary>
    public long TransitionEnd { get; private set; }

    public string ModeId(int index) => _modeIds[index];

    public bool IsAbnormalOnly(int mode) => _modeAbnormalOnly[mode];

    public int IndexOf(string modeId)
    {
        for (var i = 0; i < _modeIds.Length; i++)
        {
            if (_modeIds[i] == modeId)
            {
                return i;
            }
        }

        return -1;
    }

    public string ValidModeIds() => string.Join(", ", _modeIds);

    /// <summary>Sets the initial state (no previous mode, no transition, timers untouched).</summary>
    public void Initialise(int mode, double factor)
    {
        ActiveMode = mode;
        Factor = factor;
        PreviousMode = -1;
        PreviousFactor = 0;
        TransitionTimestamp = Ticks.Never;
        TransitionEnd = Ticks.Never;
        _pending = false;
    }

    /// <summary>The mode the device behaves as at <paramref name="t"/>: the previous one until the transition completes.</summary>
    public int EffectiveMode(long t) => PreviousMode >= 0 && t < TransitionEnd ? PreviousMode : ActiveMode;

    public double EffectiveFactor(long t) => PreviousMode >= 0 && t < TransitionEnd ? PreviousFactor : Factor;

    /// <summary>
    /// Checks an instruction to go to <paramref name="mode"/> with <paramref name="factor"/> at <paramref name="at"/>.
    /// Returns null when allowed (with the transition to use, or -1 for a factor change within the active mode),
    /// else the reason.
    /// </summary>
    public string? Check(int mode, double factor, long at, bool abnormalCondition, out int transition)
    {
        transition = -1;
        if (!(factor >= 0 && factor <= 1))
        {
            return FormattableString.Invariant($"operation mode factor {factor} is outside 0..1");
        }

        if (_modeAbnormalOnly[mode] && !abnormalCondition)
        {
            return $"operation mode '{_modeIds[mode]}' of {_label} may only be used under an abnormal condition";
        }

        if (mode == ActiveMode)
        {
            return null;
        }

        if (PreviousMode >= 0 && at < TransitionEnd)
        {
            return $"{_label} is still in transition from '{_modeIds[PreviousMode]}' to '{_modeIds[ActiveMode]}' until {Ticks.Format(TransitionEnd)}";
        }

        string? firstReason = null;
        var found = false;
        for (var i = 0; i < _transitions.Length; i++)
        {
            ref readonly var t = ref _transitions[i];
            if (t.From != ActiveMode || t.To != mode)
            {
                continue;
            }

            found = true;
            if (t.AbnormalOnly && !abnormalCondition)
            {
                firstReason ??= $"transition '{t.Id}' from '{_modeIds[t.From]}' to '{_modeIds[t.To]}' of {_label} is only allowed under an abnormal condition";
                continue;
            }

            var blocked = -1;
            for (var b = 0; b < t.Blocking.Length; b++)
            {
                if (Timers.IsRunning(t.Blocking[b], at))
                {
                    blocked = t.Blocking[b];
                    break;
                }
            }

            if (blocked >= 0)
            {
                firstReason ??= $"transition '{t.Id}' from '{_modeIds[t.From]}' to '{_modeIds[t.To]}' of {_label} is blocked by timer '{Timers[blocked].Id}' until {Ticks.Format(Timers.FinishedAtTicks(blocked))}";
                continue;
            }

            transition = i;
            return null;
        }

        if (!found)
        {
            return $"{_label} has no transition from '{_modeIds[ActiveMode]}' to '{_modeIds[mode]}'; allowed from '{_modeIds[ActiveMode]}': {AllowedTargets(ActiveMode)}";
        }

        return firstReason;
    }

    /// <summary>Executes a checked instruction at <paramref name="at"/> and reports ACCEPTED, STARTED (and SUCCEEDED when instantaneous).</summary>
    public void Execute(int mode, double factor, long at, int transition, string? instructionId)
    {
        _log.Add(instructionId, _actuatorId, InstructionStatus.Accepted, at);
        if (transition < 0)
        {
            Factor = factor;
            _log.Add(instructionId, _actuatorId, InstructionStatus.Started, at);
            if (PreviousMode >= 0 && at < TransitionEnd)
            {
                if (_pending)
                {
                    _log.Add(_pendingInstruction, _actuatorId, InstructionStatus.Revoked, at, "superseded by a later instruction");
                }

                _pending = true;
                _pendingInstruction = instructionId;
            }
            else
            {
                _log.Add(instructionId, _actuatorId, InstructionStatus.Succeeded, at);
            }

            return;
        }

        ref readonly var t = ref _transitions[transition];
        PreviousMode = ActiveMode;
        PreviousFactor = Factor;
        ActiveMode = mode;
        Factor = factor;
        TransitionTimestamp = at;
        TransitionEnd = Ticks.Add(at, t.DurationTicks);
        for (var i = 0; i < t.Start.Length; i++)
        {
            Timers.Start(t.Start[i], at);
        }

        _log.Add(instructionId, _actuatorId, InstructionStatus.Started, at);
        if (t.DurationTicks == 0)
        {
            _log.Add(instructionId, _actuatorId, InstructionStatus.Succeeded, at);
            _pending = false;
        }
        else
        {
            _pending = true;
            _pendingInstruction = instructionId;
        }
    }

    public void Reject(string? instructionId, long at, string reason) =>
        _log.Add(instructionId, _actuatorId, InstructionStatus.Rejected, at, reason);

    /// <summary>Reports SUCCEEDED for a transition that completed by <paramref name="t"/>.</summary>
    public void CompleteUntil(long t)
    {
        if (_pending && TransitionEnd <= t)
        {
            _pending = false;
            _log.Add(_pendingInstruction, _actuatorId, InstructionStatus.Succeeded, TransitionEnd);
        }
    }

    /// <summary>
    /// Takes over a reported actuator status. The previous mode (if any) keeps the present factor when it is the
    /// mode that was active here; a transition from it is taken to last its defined duration from
    /// <paramref name="transitionTimestamp"/>. Timers are not touched (they come with their own status).
    /// </summary>
    public void ApplyStatus(int mode, double factor, int previous, long transitionTimestamp)
    {
        if (_pending && (mode != ActiveMode || previous != PreviousMode))
        {
            _log.Add(_pendingInstruction, _actuatorId, InstructionStatus.Aborted, transitionTimestamp == Ticks.Never ? TransitionTimestamp : transitionTimestamp, "overridden by a reported status");
        }

        _pending = false;
        double previousFactor;
        if (previous < 0)
        {
            previousFactor = 0;
        }
        else if (previous == ActiveMode)
        {
            previousFactor = Factor;
        }
        else if (previous == PreviousMode)
        {
            previousFactor = PreviousFactor;
        }
        else
        {
            previousFactor = factor;
        }

        var end = Ticks.Never;
        if (previous >= 0 && transitionTimestamp != Ticks.Never)
        {
            end = transitionTimestamp;
            for (var i = 0; i < _transitions.Length; i++)
            {
                if (_transitions[i].From == previous && _transitions[i].To == mode)
                {
                    end = Ticks.Add(transitionTimestamp, _transitions[i].DurationTicks);
                    break;
                }
            }
        }

        ActiveMode = mode;
        Factor = factor;
        PreviousMode = previous;
        PreviousFactor = previousFactor;
        TransitionTimestamp = transitionTimestamp;
        TransitionEnd = end;
    }

    /// <summary>
    /// The compiled transitions. A transition list shared by many resources (e.g. every battery) is compiled once
    /// and the table reused, as long as the mode and timer ids are the same.
    /// </summary>
    private CompiledTransition[] CompiledFor(IReadOnlyList<ResourceTransition> transitions)
    {
        var timerIds = new string[Timers.Count];
        for (var i = 0; i < timerIds.Length; i++)
        {
            timerIds[i] = Timers[i].Id;
        }

        if (SharedTables.TryGetValue(transitions, out var shared)
            && shared.ModeIds.AsSpan().SequenceEqual(_modeIds)
            && shared.TimerIds.AsSpan().SequenceEqual(timerIds)
            && SameItems(shared.Source, transitions))
        {
            return shared.Compiled;
        }

        var compiled = new CompiledTransition[transitions.Count];
        for (var i = 0; i < transitions.Count; i++)
        {
            compiled[i] = Compile(transitions[i], i, compiled);
        }

        var source = new ResourceTransition[transitions.Count];
        for (var i = 0; i < source.Length; i++)
        {
            source[i] = transitions[i];
        }

        SharedTables.AddOrUpdate(transitions, new SharedTable(source, (string[])_modeIds.Clone(), timerIds, compiled));
        return compiled;
    }

    private static bool SameItems(ResourceTransition[] snapshot, IReadOnlyList<ResourceTransition> transitions)
    {
        if (snapshot.Length != transitions.Count)
        {
            return false;
        }

        for (var i = 0; i < snapshot.Length; i++)
        {
            if (!ReferenceEquals(snapshot[i], transitions[i]))
            {
                return false;
            }
        }

        return true;
    }

    private string AllowedTargets(int from)
    {
        var targets = new List<string>();
        for (var i = 0; i < _transitions.Length; i++)
        {
            if (_transitions[i].From == from && !targets.Contains(_modeIds[_transitions[i].To]))
            {
                targets.Add(_modeIds[_transitions[i].To]);
            }
        }

        return targets.Count == 0 ? "(none)" : string.Join(", ", targets);
    }

    private CompiledTransition Compile(ResourceTransition t, int index, CompiledTransition[] earlier)
    {
        if (t is null || string.IsNullOrWhiteSpace(t.Id))
        {
            throw new InputException($"{_label}: transition {index} has no id");
        }

        for (var j = 0; j < index; j++)
        {
            if (earlier[j].Id == t.Id)
            {
                throw new InputException($"{_label}: transition id '{t.Id}' is used twice", elementId: t.Id);
            }
        }

        var from = IndexOf(t.From);
        var to = IndexOf(t.To);
        if (from < 0 || to < 0)
        {
            var bad = from < 0 ? t.From : t.To;
            throw new InputException($"{_label}: transition '{t.Id}' refers to unknown operation mode '{bad}'; valid: {ValidModeIds()}", elementId: t.Id);
        }

        if (t.Duration < TimeSpan.Zero)
        {
            throw new InputException($"{_label}: transition '{t.Id}' has a negative duration {t.Duration}", elementId: t.Id);
        }

        return new CompiledTransition(t.Id, from, to, TimerIndices(t, t.StartTimers), TimerIndices(t, t.BlockingTimers), t.Duration.Ticks, t.AbnormalConditionOnly);
    }

    private int[] TimerIndices(ResourceTransition t, string[]? ids)
    {
        if (ids is null || ids.Length == 0)
        {
            return [];
        }

        var result = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            result[i] = Timers.IndexOf(ids[i]);
            if (result[i] < 0)
            {
                throw new InputException($"{_label}: transition '{t.Id}' refers to unknown timer '{ids[i]}'; valid: {Timers.ValidIds()}", elementId: t.Id);
            }
        }

        return result;
    }

    private sealed record SharedTable(ResourceTransition[] Source, string[] ModeIds, string[] TimerIds, CompiledTransition[] Compiled);

    private readonly record struct CompiledTransition(string Id, int From, int To, int[] Start, int[] Blocking, long DurationTicks, bool AbnormalOnly);
}
