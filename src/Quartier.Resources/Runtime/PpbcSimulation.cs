using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>
/// Simulates a PPBC resource: per sequence container the selected sequence, its start, pauses and abort.
/// Progress at time t is the running time since the start minus the pauses; the energy over a step is the
/// sequence's cumulative energy at the progress at the step's end minus that at its start, so steps need not
/// align with elements and cost no allocation. Instructions are expected in time order; a step may span the
/// latest interruption (and its end) exactly.
/// <para>
/// Rules: a container takes one sequence; containers are scheduled in order, each starting no earlier than the
/// (predicted) end of the previous container's sequence and at most its <c>max_pause_before</c> later; a
/// sequence must run within the profile's start and end time; only interruptible sequences can be
/// interrupted; abnormal-only sequences need an abnormal condition.
/// </para>
/// </summary>
public sealed partial class PpbcSimulation
{
    private readonly Container[] _containers;
    private readonly Sequence[][] _sequences;
    private readonly long _profileStart;
    private readonly long _profileEnd;

    /// <summary>Creates the simulation with nothing scheduled.</summary>
    public PpbcSimulation(PpbcPowerProfile profile, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        Profile = profile;
        ResourceId = resourceId;
        StatusUpdates = new InstructionStatusLog(enabled: true);
        _profileStart = Ticks.Of(profile.StartTime);
        _profileEnd = Ticks.Of(profile.EndTime);
        if (_profileEnd < _profileStart)
        {
            throw Error($"profile '{profile.Id}' ends ({Ticks.Format(_profileEnd)}) before it starts ({Ticks.Format(_profileStart)})");
        }

        var containers = profile.Containers ?? [];
        if (containers.Count == 0)
        {
            throw Error($"profile '{profile.Id}' has no sequence containers");
        }

        _containers = new Container[containers.Count];
        _sequences = new Sequence[containers.Count][];
        for (var c = 0; c < containers.Count; c++)
        {
            var container = containers[c];
            for (var d = 0; d < c; d++)
            {
                if (containers[d].Id == container.Id)
                {
                    throw Error($"sequence container id '{container.Id}' is used twice");
                }
            }

            var seqs = container.Sequences ?? [];
            if (seqs.Count == 0)
            {
                throw Error($"sequence container '{container.Id}' has no power sequences");
            }

            _sequences[c] = new Sequence[seqs.Count];
            for (var s = 0; s < seqs.Count; s++)
            {
                _sequences[c][s] = Compile(container.Id, seqs[s]);
            }

            _containers[c] = Container.Empty(container.Id);
        }
    }

    /// <summary>The power profile definition.</summary>
    public PpbcPowerProfile Profile { get; }

    /// <summary>Resource id used in messages (may be null).</summary>
    public string? ResourceId { get; }

    /// <summary>Status updates: ACCEPTED/REJECTED when instructed, STARTED when a sequence starts, SUCCEEDED when it finishes.</summary>
    public InstructionStatusLog StatusUpdates { get; }

    /// <summary>Number of containers.</summary>
    public int ContainerCount => _containers.Length;

    /// <summary>
    /// Schedules <paramref name="sequenceId"/> of <paramref name="containerId"/> to start at
    /// <paramref name="executionTime"/> (S2 <c>PPBC.ScheduleInstruction</c>); rejected with the reason when a rule
    /// above is broken.
    /// </summary>
    public InstructionOutcome Schedule(string containerId, string sequenceId, DateTimeOffset executionTime, bool abnormalCondition = false, string? instructionId = null)
    {
        var at = Ticks.Of(executionTime);
        var c = IndexOfContainer(containerId);
        if (c < 0)
        {
            return Reject(instructionId, containerId, at, $"unknown sequence container '{containerId}'; valid: {ContainerIds()}");
        }

        var s = IndexOfSequence(c, sequenceId);
        if (s < 0)
        {
            return Reject(instructionId, containerId, at, $"sequence container '{containerId}' has no power sequence '{sequenceId}'; valid: {SequenceIds(c)}");
        }

        return ScheduleIndex(c, s, at, abnormalCondition, instructionId);
    }

    /// <summary>Pauses the executing sequence of <paramref name="containerId"/> at <paramref name="at"/> (S2 <c>PPBC.StartInterruptionInstruction</c>).</summary>
    public InstructionOutcome StartInterruption(string containerId, DateTimeOffset at, string? instructionId = null)
    {
        var c = IndexOfContainer(containerId);
        return c < 0
            ? Reject(instructionId, containerId, Ticks.Of(at), $"unknown sequence container '{containerId}'; valid: {ContainerIds()}")
            : StartInterruptionIndex(c, Ticks.Of(at), instructionId);
    }

    /// <summary>Resumes the interrupted sequence of <paramref name="containerId"/> at <paramref name="at"/> (S2 <c>PPBC.EndInterruptionInstruction</c>).</summary>
    public InstructionOutcome EndInterruption(string containerId, DateTimeOffset at, string? instructionId = null)
    {
        var c = IndexOfContainer(containerId);
        return c < 0
            ? Reject(instructionId, containerId, Ticks.Of(at), $"unknown sequence container '{containerId}'; valid: {ContainerIds()}")
            : EndInterruptionIndex(c, Ticks.Of(at), instructionId);
    }

    /// <summary>
    /// Clears <paramref name="containerId"/> back to NOT_SCHEDULED (a scheduled, not yet started sequence is
    /// reported REVOKED). Rejected while the sequence is executing or interrupted.
    /// </summary>
    public InstructionOutcome ResetContainer(string containerId, DateTimeOffset at)
    {
        var c = IndexOfContainer(containerId);
        return c < 0
            ? Reject(null, containerId, Ticks.Of(at), $"unknown sequence container '{containerId}'; valid: {ContainerIds()}")
            : ResetIndex(c, Ticks.Of(at));
    }

    /// <summary>Status of <paramref name="containerId"/> at <paramref name="at"/>.</summary>
    public PowerSequenceStatus Status(string containerId, DateTimeOffset at) => StatusAt(Require(containerId), Ticks.Of(at));

    /// <summary>Running time of the selected sequence of <paramref name="containerId"/> at <paramref name="at"/> (S2 <c>progress</c>).</summary>
    public TimeSpan Progress(string containerId, DateTimeOffset at) => TimeSpan.FromTicks(ProgressAt(Require(containerId), Ticks.Of(at)));

    /// <summary>Id of the selected sequence of <paramref name="containerId"/>, or null.</summary>
    public string? SelectedSequenceId(string containerId)
    {
        var c = Require(containerId);
        return _containers[c].Selected < 0 ? null : _sequences[c][_containers[c].Selected].Id;
    }

    /// <summary>Predicted end of the selected sequence (null when none is selected or it is interrupted).</summary>
    public DateTimeOffset? PredictedEnd(string containerId)
    {
        var c = Require(containerId);
        var end = EndTicks(c);
        return end is long e ? Ticks.ToTime(e) : null;
    }

    /// <summary>Average power per commodity over the step, summed over containers; reports STARTED/SUCCEEDED.</summary>
    public CommodityPowers Step(DateTimeOffset at, double seconds)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "step length must be a finite number of seconds >= 0");
        }

        var t0 = Ticks.Of(at);
        var t1 = t0 + Ticks.FromSeconds(seconds);
        var power = default(CommodityPowers);
        for (var c = 0; c < _containers.Length; c++)
        {
            ref var state = ref _containers[c];
            if (state.Selected < 0)
            {
                continue;
            }

            var seq = _sequences[c][state.Selected];
            if (seconds > 0)
            {
                var p0 = ProgressAt(c, t0);
                var p1 = ProgressAt(c, t1);
                if (p1 > p0)
                {
                    AddEnergy(ref power, seq, p0, p1, 1.0 / seconds);
                }
            }
            else if (StatusAt(c, t0) == PowerSequenceStatus.Executing)
            {
                var k = ElementAt(seq, ProgressAt(c, t0));
                AddValues(ref power, seq.Powers[k], 1);
            }

            Report(c, t1);
        }

        return power;
    }

    /// <summary>
    /// Takes over a reported container status (S2 <c>PPBC.PowerSequenceContainerStatus</c>) observed at
    /// <paramref name="at"/>: the selected sequence, its progress and status.
    /// </summary>
    /// <exception cref="InputException">Unknown container or sequence, missing sequence, or a progress outside the sequence.</exception>
    public void ApplyContainerStatus(string containerId, string? selectedSequenceId, TimeSpan? progress, PowerSequenceStatus status, DateTimeOffset at)
    {
        var c = Require(containerId);
        var now = Ticks.Of(at);
        ref var state = ref _containers[c];
        if (status == PowerSequenceStatus.NotScheduled)
        {
            state = Container.Empty(state.Id);
            return;
        }

        if (selectedSequenceId is null)
        {
            throw Error($"container '{containerId}': status {PowerSequenceStatuses.ToS2(status)} needs selected_sequence_id");
        }

        var s = IndexOfSequence(c, selectedSequenceId);
        if (s < 0)
        {
            throw Error($"sequence container '{containerId}' has no power sequence '{selectedSequenceId}'; valid: {SequenceIds(c)}");
        }

        var total = _sequences[c][s].Total;
        var p = progress?.Ticks ?? 0;
        if (p < 0 || p > total)
        {
            throw Error($"container '{containerId}': progress {progress} is outside 0..{TimeSpan.FromTicks(total)}");
        }

        var keepStart = state.Selected == s && status == PowerSequenceStatus.Scheduled;
        var start = status switch
        {
            PowerSequenceStatus.Scheduled => keepStart ? state.Start : now,
            PowerSequenceStatus.Finished => now - total,
            _ => now - p,
        };
        state = new Container(state.Id, s, start, 0, long.MaxValue, long.MaxValue, state.InstructionId, status);
        if (status == PowerSequenceStatus.Interrupted)
        {
            state.PauseStart = now;
        }
        else if (status == PowerSequenceStatus.Aborted)
        {
            state.AbortAt = now;
        }
    }

    internal PowerSequenceStatus StatusAt(int c, long t)
    {
        var state = _containers[c];
        if (state.Selected < 0)
        {
            return PowerSequenceStatus.NotScheduled;
        }

        if (state.AbortAt <= t)
        {
            return PowerSequenceStatus.Aborted;
        }

        if (ProgressAt(c, t) >= _sequences[c][state.Selected].Total && t >= state.Start)
        {
            return PowerSequenceStatus.Finished;
        }

        if (t < state.Start)
        {
            return PowerSequenceStatus.Scheduled;
        }

        return state.PauseStart <= t || (state.LastPauseStart <= t && t < state.LastPauseEnd)
            ? PowerSequenceStatus.Interrupted
            : PowerSequenceStatus.Executing;
    }

    internal long ProgressAt(int c, long t)
    {
        var state = _containers[c];
        if (state.Selected < 0 || t <= state.Start)
        {
            return 0;
        }

        var effective = Math.Min(t, Math.Min(state.PauseStart, state.AbortAt));
        var paused = state.ClosedPause;
        if (state.LastPauseStart != long.MaxValue)
        {
            paused += Math.Clamp(Math.Min(effective, state.LastPauseEnd) - state.LastPauseStart, 0, state.LastPauseEnd - state.LastPauseStart);
        }

        var p = effective - state.Start - paused;
        return Math.Clamp(p, 0, _sequences[c][state.Selected].Total);
    }

    /// <summary>Predicted end: start + pauses + duration; the abort time when aborted; null when none or paused.</summary>
    internal long? EndTicks(int c)
    {
        var state = _containers[c];
        if (state.Selected < 0 || state.PauseStart != long.MaxValue)
        {
            return null;
        }

        return state.AbortAt != long.MaxValue
            ? state.AbortAt
            : Ticks.Add(Ticks.Add(state.Start, state.ClosedPause + state.LastPauseLength), _sequences[c][state.Selected].Total);
    }

    internal long TotalTicks(int c, int s) => _sequences[c][s].Total;

    private static void AddEnergy(ref CommodityPowers power, Sequence seq, long p0, long p1, double perSecond)
    {
        // Sum over elements of power × overlap of [p0, p1) with the element.
        var start = 0L;
        for (var k = 0; k < seq.Ends.Length; k++)
        {
            var end = seq.Ends[k];
            var lo = Math.Max(start, p0);
            var hi = Math.Min(end, p1);
            if (hi > lo)
            {
                AddValues(ref power, seq.Powers[k], Ticks.ToSeconds(hi - lo) * perSecond);
            }

            if (end >= p1)
            {
                break;
            }

            start = end;
        }
    }

    private static void AddValues(ref CommodityPowers power, PowerValue[] values, double weight)
    {
        for (var i = 0; i < values.Length; i++)
        {
            power.Add(values[i].Quantity, values[i].Value * weight);
        }
    }

    private static int ElementAt(Sequence seq, long progress)
    {
        for (var k = 0; k < seq.Ends.Length; k++)
        {
            if (progress < seq.Ends[k])
            {
                return k;
            }
        }

        return seq.Ends.Length - 1;
    }

    /// <summary>Reports STARTED / SUCCEEDED of the schedule instruction once the status reaches them by <paramref name="t"/>.</summary>
    private void Report(int c, long t)
    {
        ref var state = ref _containers[c];
        var status = StatusAt(c, t);
        if (status == state.Reported)
        {
            return;
        }

        if (state.Reported == PowerSequenceStatus.Scheduled && status != PowerSequenceStatus.Scheduled)
        {
            StatusUpdates.Add(state.InstructionId, state.Id, InstructionStatus.Started, state.Start);
        }

        if (status == PowerSequenceStatus.Finished)
        {
            StatusUpdates.Add(state.InstructionId, state.Id, InstructionStatus.Succeeded, EndTicks(c) ?? t);
        }

        state.Reported = status;
    }

    private void Succeed(string? instructionId, string containerId, long at)
    {
        StatusUpdates.Add(instructionId, containerId, InstructionStatus.Accepted, at);
        StatusUpdates.Add(instructionId, containerId, InstructionStatus.Started, at);
        StatusUpdates.Add(instructionId, containerId, InstructionStatus.Succeeded, at);
    }

    private InstructionOutcome Reject(string? instructionId, string containerId, long at, string reason)
    {
        var full = ResourceId is null ? reason : $"resource '{ResourceId}': {reason}";
        StatusUpdates.Add(instructionId, containerId, InstructionStatus.Rejected, at, full);
        return InstructionOutcome.Rejected(full);
    }

    private int IndexOfContainer(string containerId)
    {
        for (var c = 0; c < _containers.Length; c++)
        {
            if (_containers[c].Id == containerId)
            {
                return c;
            }
        }

        return -1;
    }

    private int IndexOfSequence(int c, string sequenceId)
    {
        var seqs = _sequences[c];
        for (var s = 0; s < seqs.Length; s++)
        {
            if (seqs[s].Id == sequenceId)
            {
                return s;
            }
        }

        return -1;
    }

    private int Require(string containerId)
    {
        var c = IndexOfContainer(containerId);
        return c < 0 ? throw Error($"unknown sequence container '{containerId}'; valid: {ContainerIds()}") : c;
    }

    private string ContainerIds()
    {
        var ids = new string[_containers.Length];
        for (var c = 0; c < ids.Length; c++)
        {
            ids[c] = _containers[c].Id;
        }

        return string.Join(", ", ids);
    }

    private string SequenceIds(int c)
    {
        var ids = new string[_sequences[c].Length];
        for (var s = 0; s < ids.Length; s++)
        {
            ids[s] = _sequences[c][s].Id;
        }

        return string.Join(", ", ids);
    }

    private Sequence Compile(string containerId, PpbcPowerSequence seq)
    {
        var elements = seq.Elements ?? [];
        if (elements.Count == 0)
        {
            throw Error($"power sequence '{seq.Id}' of container '{containerId}' has no elements");
        }

        var ends = new long[elements.Count];
        var powers = new PowerValue[elements.Count][];
        var t = 0L;
        for (var k = 0; k < elements.Count; k++)
        {
            if (elements[k].Duration <= TimeSpan.Zero)
            {
                throw Error($"power sequence '{seq.Id}' of container '{containerId}': element {k} has duration {elements[k].Duration}; it must be > 0");
            }

            t += elements[k].Duration.Ticks;
            ends[k] = t;
            powers[k] = [.. elements[k].PowerValues ?? []];
        }

        return new Sequence(seq.Id, ends, powers, t, seq.IsInterruptible, seq.MaxPauseBefore?.Ticks, seq.AbnormalConditionOnly);
    }

    private InputException Error(string message) =>
        new(ResourceId is null ? message : $"resource '{ResourceId}': {message}", elementId: ResourceId);

    private sealed record Sequence(string Id, long[] Ends, PowerValue[][] Powers, long Total, bool Interruptible, long? MaxPauseBefore, bool AbnormalOnly);

    private struct Container(string id, int selected, long start, long closedPause, long pauseStart, long abortAt, string? instructionId, PowerSequenceStatus reported)
    {
        public string Id = id;
        public int Selected = selected;
        public long Start = start;
        public long ClosedPause = closedPause;
        public long LastPauseStart = long.MaxValue;
        public long LastPauseEnd = long.MaxValue;
        public long PauseStart = pauseStart;
        public long AbortAt = abortAt;
        public string? InstructionId = instructionId;
        public PowerSequenceStatus Reported = reported;

        public readonly long LastPauseLength => LastPauseStart == long.MaxValue ? 0 : LastPauseEnd - LastPauseStart;

        public static Container Empty(string id) => new(id, -1, 0, 0, long.MaxValue, long.MaxValue, null, PowerSequenceStatus.NotScheduled);
    }
}
