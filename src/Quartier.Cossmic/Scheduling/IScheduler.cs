namespace Quartier.Cossmic.Scheduling;

/// <summary>One scheduling algorithm, called once per event batch (all events at the same second).</summary>
internal interface IScheduler
{
    /// <summary>
    /// Assigns starts and producers. <paramref name="newJobs"/> are the jobs registered in this batch (already marked
    /// registered); the state's known predictions are those issued up to <paramref name="now"/>, and jobs that started
    /// before <paramref name="now"/> are committed.
    /// </summary>
    void OnBatch(RunState state, long now, List<int> newJobs);
}

/// <summary>Creates the scheduler for a canonical algorithm name.</summary>
internal static class Schedulers
{
    public static IScheduler Create(string algorithm) => algorithm switch
    {
        CossmicAlgorithms.Naive => new NaiveScheduler(),
        CossmicAlgorithms.Random => new RandomScheduler(),
        CossmicAlgorithms.FiftyFifty => new FiftyFiftyScheduler(),
        CossmicAlgorithms.Exact => new ExactScheduler(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a canonical algorithm name"),
    };
}
