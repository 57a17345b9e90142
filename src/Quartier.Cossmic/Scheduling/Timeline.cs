using Quartier.Core.Errors;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Runs;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// A scenario laid on the 60 s balance grid for one set of options, shared (read-only) by all runs: times relative to
/// time zero, profile indices, houses, and every producer's known production per step after each prediction.
/// </summary>
internal sealed class Timeline
{
    public const int Step = CossmicInfo.StepSeconds;

    /// <summary>Most per-step production values held for all predictions together (400 MB of doubles).</summary>
    public const long MaxKnownValues = 50_000_000;

    /// <summary>Lays the scenario out; <paramref name="cancellation"/> is checked every few thousand jobs and per prediction (a city-scale build takes seconds).</summary>
    public Timeline(CossmicScenario scenario, CossmicRunOptions options, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        Scenario = scenario;
        Options = options;
        var t0 = scenario.TimeZeroUnix;
        TimeZero = t0;
        Horizon = options.Days * 86400L;
        var jobs = scenario.Jobs;
        JobCount = jobs.Count;
        Registered = new long[JobCount];
        Earliest = new long[JobCount];
        Latest = new long[JobCount];
        Profile = new int[JobCount];
        House = new int[JobCount];
        Background = new bool[JobCount];
        var profileIndex = new Dictionary<LoadProfile, int>(ReferenceEqualityComparer.Instance);
        var profiles = new List<LoadProfile>();
        var houseIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var h = 0; h < scenario.HouseIds.Count; h++)
        {
            houseIndex[scenario.HouseIds[h]] = h;
        }

        var maxDuration = 0.0;
        for (var j = 0; j < JobCount; j++)
        {
            if ((j & 4095) == 0)
            {
                cancellation.ThrowIfCancellationRequested();
            }

            var job = jobs[j];
            Registered[j] = job.RegisteredUnix - t0;
            Earliest[j] = job.EarliestStartUnix - t0;
            Latest[j] = job.LatestStartUnix - t0;
            if (!profileIndex.TryGetValue(job.Profile, out var p))
            {
                p = profiles.Count;
                profiles.Add(job.Profile);
                profileIndex.Add(job.Profile, p);
            }

            Profile[j] = p;
            House[j] = houseIndex[job.HouseId];
            Background[j] = job.IsBackground;
            maxDuration = Math.Max(maxDuration, job.Profile.DurationSeconds);
        }

        Profiles = [.. profiles];
        MaxProfileSteps = 2;
        foreach (var profile in Profiles)
        {
            MaxProfileSteps = Math.Max(MaxProfileSteps, profile.MaxSteps(Step) + 1);
        }

        Steps = (int)Math.Ceiling((Horizon + maxDuration) / Step) + 2;
        HorizonSteps = (int)(Horizon / Step);
        var producers = scenario.Producers;
        var versionCount = producers.Sum(p => (long)p.Predictions.Count);
        if (versionCount * Steps > MaxKnownValues)
        {
            throw new InputException(
                $"{versionCount:N0} predictions × {Steps:N0} balance steps of {Step} s exceed the limit of {MaxKnownValues:N0} values; simulate fewer days or give fewer prediction updates",
                scenario.Source);
        }

        ProducerCount = producers.Count;
        ProducerHouse = new int[ProducerCount];
        Issued = new long[ProducerCount][];
        Known = new double[ProducerCount][][];
        KnownCurve = new int[ProducerCount][];
        var curves = new Dictionary<double[], int>(CurveComparer.Instance);
        var curveArrays = new List<double[]>();
        for (var p = 0; p < ProducerCount; p++)
        {
            cancellation.ThrowIfCancellationRequested();
            var producer = producers[p];
            ProducerHouse[p] = houseIndex[producer.HouseId];
            var versions = ProductionCurve.Versions(producer, options.Merge);
            Issued[p] = new long[versions.Count];
            Known[p] = new double[versions.Count][];
            KnownCurve[p] = new int[versions.Count];
            for (var v = 0; v < versions.Count; v++)
            {
                cancellation.ThrowIfCancellationRequested();
                Issued[p][v] = producer.Predictions[v].IssuedUnix - t0;
                var known = new double[Steps];
                versions[v].FillSteps(t0, Step, known);

                // Producers with the same curve (a city of identical roofs) share one array and one curve number.
                if (!curves.TryGetValue(known, out var curve))
                {
                    curve = curveArrays.Count;
                    curves.Add(known, curve);
                    curveArrays.Add(known);
                }
                else
                {
                    known = curveArrays[curve];
                }

                Known[p][v] = known;
                KnownCurve[p][v] = curve;
            }
        }

        CurveCount = curveArrays.Count;
    }

    public CossmicScenario Scenario { get; }

    public CossmicRunOptions Options { get; }

    /// <summary>UNIX seconds of time zero.</summary>
    public long TimeZero { get; }

    /// <summary>Simulated length in seconds.</summary>
    public long Horizon { get; }

    /// <summary>Balance steps (the horizon plus the longest run, plus margin).</summary>
    public int Steps { get; }

    /// <summary>Steps inside the horizon.</summary>
    public int HorizonSteps { get; }

    public int JobCount { get; }

    /// <summary>Registration, earliest and latest start, seconds from time zero (before jitter).</summary>
    public long[] Registered { get; }

    public long[] Earliest { get; }

    public long[] Latest { get; }

    public int[] Profile { get; }

    public int[] House { get; }

    public bool[] Background { get; }

    public LoadProfile[] Profiles { get; }

    /// <summary>Upper bound of the steps one run touches, for scratch buffers.</summary>
    public int MaxProfileSteps { get; }

    public int ProducerCount { get; }

    public int[] ProducerHouse { get; }

    /// <summary>Issue time (s from time zero) of each producer's predictions.</summary>
    public long[][] Issued { get; }

    /// <summary>Production per step of each producer's known curve after each prediction: [producer][version][step].</summary>
    public double[][][] Known { get; }

    /// <summary>
    /// Number of each producer's known curve after each prediction, [producer][version]: equal numbers mean equal
    /// values in every step (and the same array in <see cref="Known"/>).
    /// </summary>
    public int[][] KnownCurve { get; }

    /// <summary>Number of distinct known curves.</summary>
    public int CurveCount { get; }

    /// <summary>The final merged curve of a producer, per step.</summary>
    public double[] Final(int producer) => Known[producer][^1];

    public static long StepOf(long seconds) => LoadProfile.FloorDiv(seconds, Step);

    /// <summary>Value equality of per-step curves (bitwise, so that equal curves give bitwise equal sums).</summary>
    private sealed class CurveComparer : IEqualityComparer<double[]>
    {
        public static readonly CurveComparer Instance = new();

        public bool Equals(double[]? x, double[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(double[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
