using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>Instructions by index: schedule a sequence, interrupt and resume it, reset a container.</summary>
public sealed partial class PpbcSimulation
{
    internal InstructionOutcome ScheduleIndex(int c, int s, long at, bool abnormalCondition, string? instructionId)
    {
        var id = _containers[c].Id;
        var seq = _sequences[c][s];
        var status = StatusAt(c, at);
        if (status != PowerSequenceStatus.NotScheduled)
        {
            return Reject(instructionId, id, at, $"sequence container '{id}' already has power sequence '{_sequences[c][_containers[c].Selected].Id}' ({PowerSequenceStatuses.ToS2(status)})");
        }

        if (seq.AbnormalOnly && !abnormalCondition)
        {
            return Reject(instructionId, id, at, $"power sequence '{seq.Id}' of container '{id}' may only be used under an abnormal condition");
        }

        if (at < _profileStart)
        {
            return Reject(instructionId, id, at, $"start {Ticks.Format(at)} is before the profile's start_time {Ticks.Format(_profileStart)}");
        }

        var end = Ticks.Add(at, seq.Total);
        if (end > _profileEnd)
        {
            return Reject(instructionId, id, at, $"power sequence '{seq.Id}' started at {Ticks.Format(at)} would end at {Ticks.Format(end)}, after the profile's end_time {Ticks.Format(_profileEnd)}");
        }

        if (c > 0)
        {
            var prev = _containers[c - 1];
            if (prev.Selected < 0)
            {
                return Reject(instructionId, id, at, $"sequence container '{id}' cannot be scheduled before container '{prev.Id}'");
            }

            if (EndTicks(c - 1) is not long prevEnd)
            {
                return Reject(instructionId, id, at, $"container '{prev.Id}' is interrupted, so its end (and the earliest start of '{id}') is not known");
            }

            if (at < prevEnd)
            {
                return Reject(instructionId, id, at, $"start {Ticks.Format(at)} is before container '{prev.Id}' ends at {Ticks.Format(prevEnd)}");
            }

            if (seq.MaxPauseBefore is long maxPause && at - prevEnd > maxPause)
            {
                return Reject(instructionId, id, at, $"start {Ticks.Format(at)} leaves a pause of {TimeSpan.FromTicks(at - prevEnd)} after container '{prev.Id}', more than max_pause_before {TimeSpan.FromTicks(maxPause)}");
            }
        }

        _containers[c] = new Container(id, s, at, 0, long.MaxValue, long.MaxValue, instructionId, PowerSequenceStatus.Scheduled);
        StatusUpdates.Add(instructionId, id, InstructionStatus.Accepted, at);
        return InstructionOutcome.Accepted;
    }

    internal InstructionOutcome StartInterruptionIndex(int c, long at, string? instructionId)
    {
        ref var state = ref _containers[c];
        var status = StatusAt(c, at);
        if (status != PowerSequenceStatus.Executing)
        {
            return Reject(instructionId, state.Id, at, $"sequence container '{state.Id}' is {PowerSequenceStatuses.ToS2(status)}, not EXECUTING, so it cannot be interrupted");
        }

        var seq = _sequences[c][state.Selected];
        if (!seq.Interruptible)
        {
            return Reject(instructionId, state.Id, at, $"power sequence '{seq.Id}' of container '{state.Id}' is not interruptible; it runs until {Ticks.Format(EndTicks(c) ?? at)}");
        }

        Report(c, at);
        state.PauseStart = at;
        Succeed(instructionId, state.Id, at);
        Report(c, at);
        return InstructionOutcome.Accepted;
    }

    internal InstructionOutcome EndInterruptionIndex(int c, long at, string? instructionId)
    {
        ref var state = ref _containers[c];
        var status = StatusAt(c, at);
        if (status != PowerSequenceStatus.Interrupted)
        {
            return Reject(instructionId, state.Id, at, $"sequence container '{state.Id}' is {PowerSequenceStatuses.ToS2(status)}, not INTERRUPTED, so there is no interruption to end");
        }

        if (state.LastPauseStart != long.MaxValue)
        {
            state.ClosedPause += state.LastPauseEnd - state.LastPauseStart;
        }

        state.LastPauseStart = state.PauseStart;
        state.LastPauseEnd = at;
        state.PauseStart = long.MaxValue;
        Succeed(instructionId, state.Id, at);
        state.Reported = PowerSequenceStatus.Executing;
        return InstructionOutcome.Accepted;
    }

    internal InstructionOutcome ResetIndex(int c, long at)
    {
        ref var state = ref _containers[c];
        var status = StatusAt(c, at);
        if (status is PowerSequenceStatus.Executing or PowerSequenceStatus.Interrupted)
        {
            return Reject(null, state.Id, at, $"sequence container '{state.Id}' is {PowerSequenceStatuses.ToS2(status)}; it cannot be reset before its sequence ends");
        }

        if (status == PowerSequenceStatus.Scheduled)
        {
            StatusUpdates.Add(state.InstructionId, state.Id, InstructionStatus.Revoked, at, "container reset before its sequence started");
        }

        state = Container.Empty(state.Id);
        return InstructionOutcome.Accepted;
    }
}
