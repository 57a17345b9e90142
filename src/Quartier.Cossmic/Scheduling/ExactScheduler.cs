namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// Quartier's exact algorithm: background loads start at registration; on every event all registered shiftable jobs
/// that have not started are re-planned together by <see cref="ExactPlanner"/>; contracts by
/// <see cref="RunState.AssignProducers"/>.
/// </summary>
internal sealed class ExactScheduler : IScheduler
{
    private readonly List<int> _free = [];
    private readonly List<int> _assign = [];
    private readonly ExactPlanner _planner = new();

    public void OnBatch(RunState state, long now, List<int> newJobs)
    {
        var timeline = state.Timeline;
        _assign.Clear();
        foreach (var j in newJobs)
        {
            if (timeline.Background[j])
            {
                state.Start[j] = state.A[j];
                state.Committed[j] = true;
                _assign.Add(j);
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

        if (_free.Count > 0)
        {
            _planner.Plan(state, now, _free);
            state.Counters.Replans++;
            _assign.AddRange(_free);
        }

        state.AssignProducers(now, _assign);
    }
}
