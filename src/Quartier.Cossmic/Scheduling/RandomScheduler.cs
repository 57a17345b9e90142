namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// A uniform whole second in the window (as PySSMic draws every job's start), from the run's seeded generator;
/// background loads start at registration. Contracts by Quartier's rule (<see cref="RunState.AssignProducers"/>).
/// </summary>
internal sealed class RandomScheduler : IScheduler
{
    public void OnBatch(RunState state, long now, List<int> newJobs)
    {
        foreach (var j in newJobs)
        {
            state.Start[j] = Draw(state, j);
            state.Committed[j] = state.Timeline.Background[j];
        }

        state.AssignProducers(now, newJobs);
    }

    /// <summary>PySSMic's draw: <c>randint(est, lst)</c> over the effective window; background loads do not move.</summary>
    internal static long Draw(RunState state, int j) =>
        state.Timeline.Background[j] ? state.A[j] : state.A[j] + state.AlgorithmRandom.NextInt64(state.B[j] - state.A[j] + 1);
}
