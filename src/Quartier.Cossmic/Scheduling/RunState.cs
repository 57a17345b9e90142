namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// The mutable state of one run: effective job times after jitter, assigned starts and producers, which prediction
/// each producer has issued so far, the actual production, scratch buffers and solver counters.
/// </summary>
internal sealed class RunState
{
    /// <summary>Producer index meaning "the grid".</summary>
    public const int Grid = -1;

    public RunState(Timeline timeline, int seed, CancellationToken cancellation = default)
    {
        Cancellation = cancellation;
        Timeline = timeline;
        var options = timeline.Options;
        var n = timeline.JobCount;
        Reg = new long[n];
        A = new long[n];
        B = new long[n];
        Active = new bool[n];
        Start = new long[n];
        Producer = new int[n];
        Committed = new bool[n];
        Registered = new bool[n];
        Seed = seed;
        AlgorithmRandom = new Random(Mix(seed, 0x51ED));
        var variation = new Random(Mix(seed, 0x7A11));
        var jitter = options.ArrivalJitterSeconds ?? 0;
        for (var j = 0; j < n; j++)
        {
            var reg = timeline.Registered[j];
            if (jitter > 0 && !timeline.Background[j])
            {
                reg += variation.Next(-jitter, jitter + 1);
                reg = Math.Clamp(reg, 0, Math.Max(0, timeline.Latest[j]));
            }

            Reg[j] = reg;
            A[j] = Math.Max(timeline.Earliest[j], reg);
            B[j] = Math.Min(timeline.Latest[j], timeline.Horizon);
            Active[j] = reg < timeline.Horizon && A[j] <= B[j];
            Start[j] = -1;
            Producer[j] = Grid;
        }

        var producers = timeline.ProducerCount;
        KnownVersion = new int[producers];
        KnownSteps = new double[]?[producers];
        Actual = new double[producers][];
        var sigma = options.PredictionError ?? 0;
        var hours = (timeline.Steps * Timeline.Step / 3600) + 1;
        for (var p = 0; p < producers; p++)
        {
            KnownVersion[p] = -1;
            var final = timeline.Final(p);
            if (sigma <= 0)
            {
                Actual[p] = final;
                continue;
            }

            var factors = new double[hours];
            for (var h = 0; h < hours; h++)
            {
                factors[h] = Math.Max(0, 1 + (sigma * Normal(variation)));
            }

            var actual = new double[final.Length];
            for (var k = 0; k < actual.Length; k++)
            {
                actual[k] = final[k] * factors[k * Timeline.Step / 3600];
            }

            Actual[p] = actual;
        }

        _knownSum = new double[timeline.Steps];
        _loadBackground = new double[timeline.Steps];
        _loadShiftable = new double[timeline.Steps];
        _loadCommitted = new double[timeline.Steps];
        _keptStart = new long[n];
        Array.Fill(_keptStart, -1);
        _keptCommitted = new bool[n];
        Scratch = new double[timeline.MaxProfileSteps];
        Work1 = new double[timeline.Steps];
        Work2 = new double[timeline.Steps];
        Work3 = new double[timeline.Steps];
        ProducerScratch = new double[Math.Max(1, producers)];
    }

    public Timeline Timeline { get; }

    public int Seed { get; }

    /// <summary>Registration after jitter (s from time zero).</summary>
    public long[] Reg { get; }

    /// <summary>Earliest possible start: max(earliest start, registration).</summary>
    public long[] A { get; }

    /// <summary>Latest possible start: min(latest start, horizon).</summary>
    public long[] B { get; }

    /// <summary>False for jobs registered after the horizon or whose window lies beyond it.</summary>
    public bool[] Active { get; }

    /// <summary>Assigned start (s from time zero), −1 before registration.</summary>
    public long[] Start { get; }

    /// <summary>Contracted producer index, or <see cref="Grid"/>.</summary>
    public int[] Producer { get; }

    /// <summary>True once the job has started (or is a background load): it no longer moves.</summary>
    public bool[] Committed { get; }

    public bool[] Registered { get; }

    /// <summary>Registered jobs that have not started (nor are background loads), in registration order; kept by the run engine.</summary>
    public List<int> Open { get; } = [];

    /// <summary>Index of the latest prediction each producer has issued, −1 before the first.</summary>
    public int[] KnownVersion { get; }

    /// <summary>Each producer's known production per step (null before its first prediction).</summary>
    public double[]?[] KnownSteps { get; }

    /// <summary>Actual production per producer per step (final prediction, with the run's prediction error).</summary>
    public double[][] Actual { get; }

    public Random AlgorithmRandom { get; }

    public double[] Scratch { get; }

    public double[] Work1 { get; }

    public double[] Work2 { get; }

    public double[] Work3 { get; }

    public double[] ProducerScratch { get; }

    public SolverCounters Counters { get; } = new();

    private readonly double[] _knownSum;
    private readonly double[] _loadBackground;
    private readonly double[] _loadShiftable;
    private readonly double[] _loadCommitted;
    private readonly long[] _keptStart;
    private readonly bool[] _keptCommitted;
    private readonly List<double[]?> _groupCurves = [];
    private int _registeredCount;
    private readonly List<int> _groupFirst = [];
    private readonly Dictionary<(int Profile, long Start, bool Background), int> _contractCache = [];
    private int[]? _curveSlot;

    /// <summary>Stops the run: checked on every event batch, by the exact planner between its parts and by its solver.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Adds <paramref name="factor"/> × the job's per-step energy for a start at <paramref name="start"/> to <paramref name="target"/>, for steps ≥ <paramref name="fromStep"/>.</summary>
    public void AddLoad(int job, long start, double[] target, long fromStep, double factor = 1)
    {
        var count = Timeline.Profiles[Timeline.Profile[job]].FillSteps(start, Timeline.Step, Scratch, out var first);
        var scratch = Scratch;
        for (var i = 0; i < count; i++)
        {
            var k = first + i;
            if (k >= fromStep && k < target.Length)
            {
                target[k] += factor * scratch[i];
            }
        }
    }

    /// <summary>
    /// Registered jobs above which <see cref="PlannedLoads"/> reads the loads kept up to date by <see cref="SyncLoads"/>
    /// instead of summing every job again (below it the sum is recomputed in job order, as it always was, so small
    /// neighbourhoods give bit-identical plans).
    /// </summary>
    public const int IncrementalJobs = 4096;

    /// <summary>Producers above which <see cref="KnownTotal"/> reads the sum kept up to date by <see cref="SetKnown"/>.</summary>
    public const int IncrementalProducers = 256;

    /// <summary>Predictions issued so far (all producers).</summary>
    public int PredictionUpdates { get; private set; }

    /// <summary>Producer <paramref name="p"/> issues prediction <paramref name="version"/>: its known curve changes.</summary>
    public void SetKnown(int p, int version)
    {
        var old = KnownSteps[p];
        var known = Timeline.Known[p][version];
        PredictionUpdates++;
        KnownVersion[p] = version;
        KnownSteps[p] = known;
        for (var k = 0; k < _knownSum.Length; k++)
        {
            _knownSum[k] += known[k] - (old is null ? 0 : old[k]);
        }
    }

    /// <summary>Known (predicted) production summed over producers into <paramref name="target"/> for steps ≥ <paramref name="fromStep"/>.</summary>
    public void KnownTotal(double[] target, long fromStep)
    {
        var from = (int)Math.Max(0, fromStep);
        if (Timeline.ProducerCount > IncrementalProducers)
        {
            Array.Copy(_knownSum, from, target, from, target.Length - from);
            return;
        }

        Array.Clear(target, from, target.Length - from);
        foreach (var known in KnownSteps)
        {
            if (known is null)
            {
                continue;
            }

            for (var k = from; k < target.Length; k++)
            {
                target[k] += known[k];
            }
        }
    }

    /// <summary>
    /// Planned loads of the registered jobs with a start, for steps ≥ <paramref name="fromStep"/>: background loads into
    /// <paramref name="background"/>, shiftable ones into <paramref name="shiftable"/> (only committed ones when
    /// <paramref name="committedOnly"/>).
    /// </summary>
    public void PlannedLoads(long fromStep, double[] background, double[] shiftable, bool committedOnly)
    {
        var from = (int)Math.Max(0, fromStep);
        if (_registeredCount > IncrementalJobs)
        {
            SyncLoads(Open);
            Array.Copy(_loadBackground, from, background, from, background.Length - from);
            Array.Copy(committedOnly ? _loadCommitted : _loadShiftable, from, shiftable, from, shiftable.Length - from);
            return;
        }

        Array.Clear(background, from, background.Length - from);
        Array.Clear(shiftable, from, shiftable.Length - from);
        for (var j = 0; j < Timeline.JobCount; j++)
        {
            if (!Registered[j] || !Active[j] || Start[j] < 0)
            {
                continue;
            }

            if (Timeline.Background[j])
            {
                AddLoad(j, Start[j], background, from);
            }
            else if (!committedOnly || Committed[j])
            {
                AddLoad(j, Start[j], shiftable, from);
            }
        }
    }

    /// <summary>A job registers (the run engine calls this): from now on its planned load is kept.</summary>
    public void Register(int j)
    {
        Registered[j] = true;
        _registeredCount++;
    }

    /// <summary>
    /// Brings the kept loads up to date for <paramref name="jobs"/> (those whose start or commitment may have changed
    /// since the last call: the open jobs, before the engine drops the ones that started).
    /// </summary>
    public void SyncLoads(List<int> jobs)
    {
        foreach (var j in jobs)
        {
            var start = Registered[j] && Active[j] ? Start[j] : -1;
            if (start == _keptStart[j] && Committed[j] == _keptCommitted[j])
            {
                continue;
            }

            if (_keptStart[j] >= 0)
            {
                Keep(j, _keptStart[j], _keptCommitted[j], -1);
            }

            if (start >= 0)
            {
                Keep(j, start, Committed[j], 1);
            }

            _keptStart[j] = start;
            _keptCommitted[j] = Committed[j];
        }
    }

    private void Keep(int j, long start, bool committed, double sign)
    {
        if (Timeline.Background[j])
        {
            AddLoad(j, start, _loadBackground, 0, sign);
            return;
        }

        AddLoad(j, start, _loadShiftable, 0, sign);
        if (committed)
        {
            AddLoad(j, start, _loadCommitted, 0, sign);
        }
    }

    /// <summary>
    /// Quartier's contract rule (naive, random, exact): in the planned balance from <paramref name="now"/> on — known
    /// production, background loads first, shiftable jobs sharing the rest pro rata — each job's planned PV energy is
    /// split over the producers by their share of the production in each step; the job is contracted to the producer
    /// supplying most of it when at least half of its energy is planned from PV, else to the grid (ties: the lowest
    /// producer index).
    /// <para>
    /// At city scale the rule is evaluated once per distinct (profile, start, background) — jobs that share them get
    /// the same answer — and over the distinct known curves rather than every producer: producers whose curves are
    /// equal get bitwise equal shares, so the first of each curve stands for all of them.
    /// </para>
    /// </summary>
    public void AssignProducers(long now, List<int> jobs)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        var k0 = Timeline.StepOf(now);
        var production = Work1;
        var background = Work2;
        var shiftable = Work3;
        KnownTotal(production, k0);
        PlannedLoads(k0, background, shiftable, committedOnly: false);

        // Distinct curves known now, in order of their first producer; producers without a prediction yet count 0.
        _curveSlot ??= new int[Math.Max(1, Timeline.CurveCount)];
        Array.Fill(_curveSlot, -1);
        _groupCurves.Clear();
        _groupFirst.Clear();
        var nullGroup = -1;
        for (var p = 0; p < Timeline.ProducerCount; p++)
        {
            var known = KnownSteps[p];
            if (known is null)
            {
                if (nullGroup < 0)
                {
                    nullGroup = _groupCurves.Count;
                    _groupCurves.Add(null);
                    _groupFirst.Add(p);
                }

                continue;
            }

            var curve = Timeline.KnownCurve[p][KnownVersion[p]];
            if (_curveSlot[curve] < 0)
            {
                _curveSlot[curve] = _groupCurves.Count;
                _groupCurves.Add(known);
                _groupFirst.Add(p);
            }
        }

        var perGroup = ProducerScratch;
        _contractCache.Clear();
        foreach (var j in jobs)
        {
            Cancellation.ThrowIfCancellationRequested();
            Producer[j] = Grid;
            if (Start[j] < 0 || Timeline.ProducerCount == 0)
            {
                continue;
            }

            var isBackground = Timeline.Background[j];
            var key = (Timeline.Profile[j], Start[j], isBackground);
            if (_contractCache.TryGetValue(key, out var cached))
            {
                Producer[j] = cached;
                continue;
            }

            Array.Clear(perGroup, 0, _groupCurves.Count);
            var count = Timeline.Profiles[key.Item1].FillSteps(Start[j], Timeline.Step, Scratch, out var first);
            var pv = 0.0;
            var energy = 0.0;
            for (var i = 0; i < count; i++)
            {
                var k = first + i;
                var load = Scratch[i];
                energy += load;
                if (k < k0 || k >= production.Length || production[k] <= 0 || load <= 0)
                {
                    continue;
                }

                var ratio = isBackground
                    ? Math.Min(1, production[k] / background[k])
                    : Math.Min(1, Math.Max(0, production[k] - background[k]) / shiftable[k]);
                var covered = load * ratio;
                if (covered <= 0)
                {
                    continue;
                }

                pv += covered;
                var share = covered / production[k];
                for (var g = 0; g < _groupCurves.Count; g++)
                {
                    var known = _groupCurves[g];
                    if (known is not null)
                    {
                        perGroup[g] += share * known[k];
                    }
                }
            }

            var producer = Grid;
            if (energy > 0 && pv >= 0.5 * energy)
            {
                var best = 0;
                for (var g = 1; g < _groupCurves.Count; g++)
                {
                    if (perGroup[g] > perGroup[best])
                    {
                        best = g;
                    }
                }

                producer = _groupFirst[best];
            }

            Producer[j] = producer;
            _contractCache[key] = producer;
        }
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Deterministic seed mixing (HashCode is randomised per process, so it is not used).</summary>
    public static int Mix(int seed, int salt) => unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)salt * 40503u)));
}

/// <summary>Counters of the exact algorithm's solves in one run.</summary>
internal sealed class SolverCounters
{
    public int Replans;
    public int Insertions;
    public int MilpSolves;
    public int ProvenOptimal;
    public int TimeLimited;
    public int GreedyFallbacks;
    public int CoarsenedGrids;
    public int LargestColumns;
    public long LargestNonZeros;
    public double SolverSeconds;
    public double MaxRelativeGap;
}
