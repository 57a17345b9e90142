namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// Quartier's exact algorithm: background loads start at registration; on an event all registered shiftable jobs that
/// have not started are re-planned together by <see cref="ExactPlanner"/>; contracts by
/// <see cref="RunState.AssignProducers"/>.
/// <para>
/// At city scale with arrival jitter every job registers at its own second, and re-planning tens of thousands of jobs
/// at each of them would cost jobs² MILPs. So when more than <see cref="SmallFree"/> jobs are open and the event brings
/// under 1 % new ones, no new predictions from 1 % of the producers, and the last full re-plan is less than one MILP
/// slot old (5 min), the new jobs are inserted into the current plan instead (<see cref="ExactPlanner.Insert"/>: greedy
/// best start, then the 60 s refinement) and only they get contracts. Smaller neighbourhoods re-plan on every event,
/// exactly as before.
/// </para>
/// </summary>
internal sealed class ExactScheduler : IScheduler
{
    /// <summary>Open jobs up to which every event re-plans them all.</summary>
    public const int SmallFree = 200;

    private readonly List<int> _free = [];
    private readonly List<int> _assign = [];
    private readonly List<int> _inserted = [];
    private readonly ExactPlanner _planner = new();
    private long _lastFull = long.MinValue / 2;
    private int _predictionsAtFull;

    public void OnBatch(RunState state, long now, List<int> newJobs)
    {
        var timeline = state.Timeline;
        _assign.Clear();
        _inserted.Clear();
        foreach (var j in newJobs)
        {
            if (timeline.Background[j])
            {
                state.Start[j] = state.A[j];
                state.Committed[j] = true;
                _assign.Add(j);
            }
            else
            {
                _inserted.Add(j);
            }
        }

        _free.Clear();
        foreach (var j in state.Open)
        {
            if (!state.Committed[j])
            {
                _free.Add(j);
            }
        }

        _free.Sort(); // the planner's refinement visits jobs in index order
        var full = _free.Count <= SmallFree
            || _inserted.Count * 100L >= _free.Count
            || (state.PredictionUpdates - _predictionsAtFull) * 100L >= Math.Max(1, timeline.ProducerCount)
            || now - _lastFull >= timeline.Options.MilpSlotSeconds;
        if (!full)
        {
            _inserted.Sort();
            _planner.Insert(state, now, _inserted);
            state.Counters.Insertions++;
            _assign.AddRange(_inserted);
        }
        else if (_free.Count > 0)
        {
            _planner.Plan(state, now, _free);
            state.Counters.Replans++;
            _assign.AddRange(_free);
            _lastFull = now;
            _predictionsAtFull = state.PredictionUpdates;
        }

        state.AssignProducers(now, _assign);
    }
}
