namespace Quartier.Cossmic.Scheduling;

/// <summary>Every job starts as early as it may; contracts by Quartier's rule (<see cref="RunState.AssignProducers"/>).</summary>
internal sealed class NaiveScheduler : IScheduler
{
    public void OnBatch(RunState state, long now, List<int> newJobs)
    {
        foreach (var j in newJobs)
        {
            state.Start[j] = state.A[j];
            state.Committed[j] = state.Timeline.Background[j];
        }

        state.AssignProducers(now, newJobs);
    }
}
