using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Quartier.Core.Errors;

namespace Quartier.Simulation.Engine;

/// <summary>
/// Time tiles: a run of chunked services (<see cref="ChunkPlan"/>) stepped chunk by chunk over many steps at once, so a
/// chunk's state stays in a core's cache for a whole tile instead of being fetched from memory at every step. The
/// services before the chunked ones (the weather, a market: global inputs) are stepped through the tile first and their
/// values kept per step; then every chunk goes through the tile's steps (chunks handed out to the cores as they come
/// free: chunks are independent, so the results do not depend on which core ran which); the chunked services' values
/// that anything after them reads (later services' inputs, the observers' signals) are kept per step as they are made;
/// last, the later services and the observers are stepped through the tile, step by step, reading those kept values.
/// Every service and observer computes what it computes when stepped step by step, so the results are identical.
/// </summary>
public sealed partial class CoSimulation
{
    /// <summary>Whether <see cref="Run"/> may step in time tiles (the results are the same; off for comparison).</summary>
    public bool Tiling { get; set; } = true;

    /// <summary>Longest tile, in steps.</summary>
    internal int MaxTileSteps { get; set; } = 96;

    /// <summary>Memory for the values kept per step of the two tiles in flight.</summary>
    private const long TileBudgetBytes = 64L << 20;

    /// <summary>Most values of services before the chunked ones (global inputs) that a tile keeps per step.</summary>
    private const int MaxPreValues = 1 << 16;

    private Tile? _tile;
    private double[]? _row;

    /// <summary>Whether the last <see cref="Run"/> stepped in time tiles, and how many steps a tile had.</summary>
    public int TileSteps { get; private set; }

    /// <summary>
    /// The values of <paramref name="signal"/> for all its assets at the step being observed: what an observer reads in
    /// <see cref="IStepObserver.AfterStep"/> (in a time tile, the chunked services' values are kept per step elsewhere).
    /// </summary>
    public ReadOnlySpan<double> Current(Signal signal)
    {
        if (_row is { } row && _tile!.ExportOffset[signal.Id] is var offset and >= 0)
        {
            return row.AsSpan(offset, signal.Assets.Count);
        }

        return Values.AsSpan(signal.Base, signal.Assets.Count);
    }

    /// <summary>
    /// The assets of <paramref name="signal"/> that chunk <paramref name="chunk"/> of the running time tile steps, for an
    /// <see cref="IChunkObserver"/> in <see cref="IChunkObserver.ObserveChunk"/>.
    /// </summary>
    public (int From, int To) ChunkRange(Signal signal, int chunk)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var tile = _tile ?? throw new InvalidOperationException("no time tile is running");
        int s = tile.ServiceOf[signal.Id];
        return s < 0 ? throw new ArgumentException($"signal '{signal.Name}' is not made by the chunked services", nameof(signal)) : (tile.Plan.From(chunk, s), tile.Plan.To(chunk, s));
    }

    private bool StepTiled(StepWorkers? workers, IStepObserver[] observers, IStepObserver[] concurrent, IStepObserver[] serial, IProgress<double>? progress, CancellationToken cancellation)
    {
        TileSteps = 0;
        if (!Tiling || Tile.TryBuild(this, observers) is not { } tile)
        {
            return false;
        }

        _tile = tile;
        TileSteps = tile.Steps;
        tile.Cancellation = cancellation;
        bool joined = true;
        try
        {
            foreach (var o in tile.ChunkObservers)
            {
                o.UseChunks(true);
            }

            tile.Bind();
            var current = tile.Frames[0];
            foreach (var (b, plan, offset) in tile.Exports)
            {
                Array.Copy(Values, b, current.Rows[0], offset, _slots[tile.Plan.First + plan].Assets);
            }

            int count = Grid.Count;
            cancellation.ThrowIfCancellationRequested();
            StepPre(tile, current, 1, workers, cancellation);
            if (current.Steps > 0)
            {
                tile.Chunking = current;
                if (workers is null)
                {
                    TileShare(0, 1);
                }
                else
                {
                    workers.StepTile(this);
                }

                current.TakeChunkFailure(DescribeChunkFailure);
            }

            // while the cores step the chunks of the next tile, the calling thread steps this tile's later services and
            // observers (on its own: the other cores are busy), then joins the chunks
            while (true)
            {
                Frame? next = null;
                if (current.Failure is null && current.K1 < count)
                {
                    cancellation.ThrowIfCancellationRequested();
                    next = tile.Frames[current == tile.Frames[0] ? 1 : 0];
                    StepPre(tile, next, current.K1 + 1, workers, cancellation);
                    if (next.Steps > 0)
                    {
                        tile.Chunking = next;
                        if (workers is not null)
                        {
                            workers.BeginTile(this);
                            joined = false;
                        }
                    }
                }

                try
                {
                    Replay(tile, current, joined ? workers : null, concurrent, serial, progress, count, cancellation);
                }
                finally
                {
                    if (next is { Steps: > 0 })
                    {
                        if (workers is null)
                        {
                            TileShare(0, 1);
                        }
                        else if (!joined)
                        {
                            joined = true;
                            workers.EndTile(this);
                        }

                        next.TakeChunkFailure(DescribeChunkFailure);
                    }
                }

                if (current.Failure is { } failure)
                {
                    failure.Throw();
                }

                if (next is null)
                {
                    break;
                }

                // the next tile starts from this one's last values
                (next.Rows[0], current.Rows[current.Steps]) = (current.Rows[current.Steps], next.Rows[0]);
                if (next.Steps > 0)
                {
                    RestorePre(tile, next, next.Steps);
                }

                current = next;
            }
        }
        finally
        {
            if (!joined)
            {
                workers!.EndTile(this, rethrow: false);
            }

            _row = null;
            tile.Unbind();
            foreach (var o in tile.ChunkObservers)
            {
                o.UseChunks(false);
            }

            _tile = null;
        }

        return true;
    }

    /// <summary>Steps the services before the chunks through a tile from step <paramref name="k0"/>; a failure ends the tile before its step.</summary>
    private void StepPre(Tile tile, Frame frame, int k0, StepWorkers? workers, CancellationToken cancellation)
    {
        int k1 = Math.Min(Grid.Count, k0 + tile.Steps - 1);
        frame.Begin(k0, k1);
        for (int k = k0; k <= k1; k++)
        {
            foreach (var (b, len) in tile.PreDelayed)
            {
                Array.Copy(Values, b, _previous, b, len);
            }

            try
            {
                StepSlots(0, tile.Plan.First, k, workers, cancellation);
            }
            catch (Exception ex)
            {
                frame.End(k, ExceptionDispatchInfo.Capture(ex));
                break;
            }

            int row = (k - k0) * tile.PreLength;
            foreach (var (b, len, offset) in tile.PreSignals)
            {
                Array.Copy(Values, b, frame.PreRows, row + offset, len);
            }
        }

        for (int s = 0; s < tile.Plan.Services; s++)
        {
            _slots[tile.Plan.First + s].LastRun = Grid.SecondsAt(frame.K1);
        }
    }

    /// <summary>Puts the values of the services before the chunks at step <paramref name="r"/> (1-based) of <paramref name="frame"/> back.</summary>
    private void RestorePre(Tile tile, Frame frame, int r)
    {
        int row = (r - 1) * tile.PreLength;
        foreach (var (b, len, offset) in tile.PreSignals)
        {
            Array.Copy(frame.PreRows, row + offset, Values, b, len);
        }
    }

    /// <summary>The services after the chunks and the observers, step by step through <paramref name="frame"/>.</summary>
    private void Replay(Tile tile, Frame frame, StepWorkers? workers, IStepObserver[] concurrent, IStepObserver[] serial, IProgress<double>? progress, int count, CancellationToken cancellation)
    {
        int reportEvery = Math.Max(1, count / 200);
        for (int k = frame.K0; k <= frame.K1; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            int r = k - frame.K0 + 1;
            foreach (var (b, len) in tile.PostDelayed)
            {
                Array.Copy(Values, b, _previous, b, len);
            }

            RestorePre(tile, frame, r);
            foreach (var (binding, delayed) in tile.PostBindings)
            {
                binding.Data = delayed ? frame.Rows[r - 1] : frame.Rows[r];
            }

            StepSlots(tile.Plan.First + tile.Plan.Services, _slots.Length, k, workers, cancellation);
            _row = frame.Rows[r];
            try
            {
                Observe(workers, concurrent, serial, k);
            }
            finally
            {
                _row = null;
            }

            if (k % reportEvery == 0)
            {
                progress?.Report((double)k / count);
            }
        }
    }

    /// <summary>A chunk's failure as the run reports it: an input error or a cancellation as it is, anything else named with its service and step.</summary>
    private Exception DescribeChunkFailure(Frame.ChunkFailure f)
    {
        if (f.Error is InputException or OperationCanceledException || f.Service < 0)
        {
            // an observer's failure is its own, as it is stepping step by step
            return f.Error;
        }

        var time = Grid.Start.AddSeconds(Grid.SecondsAt(f.Step));
        return new SimulationException($"service '{_services[_tile!.Plan.First + f.Service].Name}' failed: {f.Error.Message} at step {f.Step} ({time:O})", f.Error);
    }

    /// <summary>One core's part of a tile: chunks taken one after another until none is left.</summary>
    internal void TileShare(int part, int parts)
    {
        var tile = _tile!;
        var frame = tile.Chunking!;
        var plan = tile.Plan;
        Span<long> ticks = stackalloc long[plan.Services + 1];
        int c;
        while ((c = Interlocked.Increment(ref frame.NextChunk) - 1) < plan.Chunks)
        {
            StepChunkTile(tile, frame, c, ticks);
        }

        for (int s = 0; s < plan.Services; s++)
        {
            Interlocked.Add(ref _slots[plan.First + s].Ticks, ticks[s] * TimingSample / parts);
        }

        Interlocked.Add(ref _observerTicks, ticks[plan.Services] * TimingSample / parts);
    }

    private void StepChunkTile(Tile tile, Frame frame, int c, Span<long> ticks)
    {
        var plan = tile.Plan;
        int services = plan.Services, first = plan.First;
        var start = Grid.Start;
        int pre = tile.PreLength;
        for (int k = frame.K0; k <= frame.K1; k++)
        {
            if (frame.Stop(k, tile.Cancellation))
            {
                return;
            }

            int r = k - frame.K0 + 1;
            long t = Grid.SecondsAt(k);
            var ctx = new StepContext(k, t, start.AddSeconds(t), Grid.StepSeconds, tile.Cancellation);
            if (tile.PlanReadsPre)
            {
                Array.Copy(frame.PreRows, (r - 1) * pre, tile.Globals, c * pre, pre);
            }

            foreach (var (b, s) in tile.PlanDelayed)
            {
                int f = plan.From(c, s);
                Array.Copy(Values, b + f, _previous, b + f, plan.To(c, s) - f);
            }

            int si = 0;
            try
            {
                if (k % TimingSample != 0)
                {
                    for (si = 0; si < services; si++)
                    {
                        _services[first + si].StepRange(ctx, plan.From(c, si), plan.To(c, si));
                    }
                }
                else
                {
                    for (si = 0; si < services; si++)
                    {
                        long t0 = Stopwatch.GetTimestamp();
                        _services[first + si].StepRange(ctx, plan.From(c, si), plan.To(c, si));
                        ticks[si] += Stopwatch.GetTimestamp() - t0;
                    }
                }
            }
            catch (Exception ex)
            {
                frame.Fail(k, c, si, ex);
                return;
            }

            if (tile.ChunkObservers.Length > 0)
            {
                long t0 = k % TimingSample == 0 ? Stopwatch.GetTimestamp() : 0;
                try
                {
                    foreach (var o in tile.ChunkObservers)
                    {
                        o.ObserveChunk(k, c);
                    }
                }
                catch (Exception ex)
                {
                    frame.Fail(k, c, -1, ex);
                    return;
                }

                if (t0 != 0)
                {
                    ticks[services] += Stopwatch.GetTimestamp() - t0;
                }
            }

            var rowArray = frame.Rows[r];
            foreach (var (b, s, offset) in tile.Exports)
            {
                int f = plan.From(c, s);
                Array.Copy(Values, b + f, rowArray, offset + f, plan.To(c, s) - f);
            }
        }
    }

    /// <summary>
    /// One tile's steps and the values kept for them: the services' before the chunks per step, the exported rows; and
    /// how its chunks are handed out and whether one failed.
    /// </summary>
    private sealed class Frame(int steps, int preLength, int rowLength)
    {
        private readonly Lock _gate = new();
        private volatile int _failedStep = int.MaxValue;

        /// <summary><see cref="Tile.Steps"/> rows of the pre-signals (<see cref="Tile.PreSignals"/>).</summary>
        public double[] PreRows { get; } = new double[steps * preLength];

        /// <summary>Rows 1 … <see cref="Steps"/>: the exported signals at each step of the tile; row 0 the step before.</summary>
        public double[][] Rows { get; } = [.. Enumerable.Range(0, steps + 1).Select(_ => new double[rowLength])];

        public int K0 { get; private set; }

        public int K1 { get; private set; }

        /// <summary>Steps of the tile that are stepped: K1 − K0 + 1 (fewer where a service failed).</summary>
        public int Steps => K1 - K0 + 1;

        public int NextChunk;

        /// <summary>A failure that ends the run after the steps before it are observed.</summary>
        public ExceptionDispatchInfo? Failure { get; private set; }

        private ChunkFailure? _chunkFailure;

        public sealed record ChunkFailure(int Step, int Chunk, int Service, Exception Error);

        public void Begin(int k0, int k1)
        {
            K0 = k0;
            K1 = k1;
            NextChunk = 0;
            Failure = null;
            _chunkFailure = null;
            _failedStep = int.MaxValue;
        }

        /// <summary>Ends the tile before step <paramref name="k"/>, where <paramref name="failure"/> happened.</summary>
        public void End(int k, ExceptionDispatchInfo failure)
        {
            K1 = k - 1;
            Failure = failure;
        }

        /// <summary>Whether a chunk can stop before step <paramref name="k"/>: another failed earlier, or the run is cancelled.</summary>
        public bool Stop(int k, CancellationToken cancellation) => k > _failedStep || cancellation.IsCancellationRequested;

        public void Fail(int k, int chunk, int service, Exception error)
        {
            lock (_gate)
            {
                if (_chunkFailure is null || k < _chunkFailure.Step || (k == _chunkFailure.Step && chunk < _chunkFailure.Chunk))
                {
                    _chunkFailure = new ChunkFailure(k, chunk, service, error);
                    _failedStep = k;
                }
            }
        }

        /// <summary>After the chunks: a chunk's failure (the earliest) ends the tile before its step.</summary>
        public void TakeChunkFailure(Func<ChunkFailure, Exception> describe)
        {
            if (_chunkFailure is { } f && f.Step <= K1)
            {
                K1 = f.Step - 1;
                Failure = ExceptionDispatchInfo.Capture(describe(f));
            }
        }
    }

    /// <summary>How a run is stepped in time tiles: what is kept, what is copied, which inputs are read from where.</summary>
    private sealed class Tile
    {
        private readonly List<(InputBinding Binding, double[] Data, int[] Sources)> _saved = [];
        private readonly List<(InputBinding Binding, int[] Sources, bool Global)> _remapped = [];
        private Tile(ChunkPlan plan) => Plan = plan;

        public ChunkPlan Plan { get; }

        /// <summary>Steps per tile.</summary>
        public int Steps { get; private set; }

        /// <summary>The signals of the services before the chunked ones, and where each is kept in a row of <see cref="Frame.PreRows"/>.</summary>
        public (int Base, int Length, int Offset)[] PreSignals { get; private set; } = [];

        public int PreLength { get; private set; }

        /// <summary>A row of <see cref="Frame.PreRows"/> per chunk: what the chunked services read of the services before them.</summary>
        public double[] Globals { get; private set; } = [];

        public bool PlanReadsPre { get; private set; }

        /// <summary>Delayed ranges produced by services before the chunks, copied to the previous values in the first pass.</summary>
        public (int Base, int Length)[] PreDelayed { get; private set; } = [];

        /// <summary>Delayed ranges produced by chunked services (base, service within the plan), copied per chunk and step.</summary>
        public (int Base, int Service)[] PlanDelayed { get; private set; } = [];

        /// <summary>Delayed ranges produced by services after the chunks, copied in the last pass.</summary>
        public (int Base, int Length)[] PostDelayed { get; private set; } = [];

        /// <summary>Chunked services' signals read after them: base, service within the plan, offset in a row of <see cref="Frame.Rows"/>.</summary>
        public (int Base, int Service, int Offset)[] Exports { get; private set; } = [];

        /// <summary>By signal id: offset in a row of <see cref="Frame.Rows"/>, or −1.</summary>
        public int[] ExportOffset { get; private set; } = [];

        /// <summary>Two tiles' kept values: one observed while the other's chunks are stepped.</summary>
        public Frame[] Frames { get; private set; } = [];

        /// <summary>The tile whose chunks are being stepped.</summary>
        public Frame? Chunking { get; set; }

        /// <summary>The observers that observe inside the chunks (<see cref="IChunkObserver"/>).</summary>
        public IChunkObserver[] ChunkObservers { get; private set; } = [];

        /// <summary>Per signal id: the index in the plan of the chunked service that makes it, or −1.</summary>
        public int[] ServiceOf { get; private set; } = [];

        /// <summary>Later services' inputs from chunked services, read from <see cref="Frame.Rows"/> during the last pass.</summary>
        public (InputBinding Binding, bool Delayed)[] PostBindings { get; private set; } = [];

        public CancellationToken Cancellation { get; set; }

        /// <summary>Points the remapped bindings at the tile's arrays.</summary>
        public void Bind()
        {
            foreach (var (binding, sources, global) in _remapped)
            {
                sources.CopyTo(binding.Sources, 0);
                binding.Reindex();
                if (global)
                {
                    binding.Data = Globals;
                }
            }
        }

        /// <summary>Puts every remapped binding back as it was.</summary>
        public void Unbind()
        {
            foreach (var (binding, data, sources) in _saved)
            {
                sources.CopyTo(binding.Sources, 0);
                binding.Reindex();
                binding.Data = data;
            }
        }

        /// <summary>A tile plan for <paramref name="sim"/>, or null when its services or observers do not allow one.</summary>
        public static Tile? TryBuild(CoSimulation sim, IStepObserver[] observers)
        {
            var plans = sim._plans.Select((p, i) => (p, i)).Where(x => x.p is not null).ToList();
            if (plans.Count != 1 || plans[0].p is not { } plan)
            {
                return null;
            }

            var slots = sim._slots;
            int first = plan.First, end = plan.First + plan.Services;
            var serviceOf = new int[sim.Signals.Count];
            Array.Fill(serviceOf, -1);
            for (int s = first; s < end; s++)
            {
                foreach (var g in sim.Signals.Where(g => ReferenceEquals(g.Service, slots[s].Service)))
                {
                    serviceOf[g.Id] = s - first;
                }
            }

            var reads = new List<Signal>();
            var chunkObservers = new List<IChunkObserver>();
            foreach (var o in observers)
            {
                if (o is IChunkObserver co && co.ChunkReads.All(g => serviceOf[g.Id] >= 0))
                {
                    chunkObservers.Add(co);
                    continue;
                }

                if (o.Reads is not { } r)
                {
                    return null;
                }

                reads.AddRange(r);
            }

            for (int s = first; s < end; s++)
            {
                if (slots[s].Period != sim.Grid.StepSeconds || slots[s].Offset != 0)
                {
                    return null;
                }
            }

            var slotOf = new Dictionary<CalculationService, int>(ReferenceEqualityComparer.Instance);
            for (int s = 0; s < slots.Length; s++)
            {
                slotOf[slots[s].Service] = s;
            }

            int Where(CalculationService? service) => service is null || !slotOf.TryGetValue(service, out int s) ? -1 : s < first ? 0 : s < end ? 1 : 2;

            var tile = new Tile(plan);
            var chunkOf = new int[plan.Services][];
            for (int s = 0; s < plan.Services; s++)
            {
                chunkOf[s] = new int[slots[first + s].Assets];
                for (int c = 0; c < plan.Chunks; c++)
                {
                    for (int i = plan.From(c, s); i < plan.To(c, s); i++)
                    {
                        chunkOf[s][i] = c;
                    }
                }
            }

            // the signals of the services before the chunks
            var preSignals = sim.Signals.Where(g => Where(g.Service) == 0).ToList();
            var preOffset = new Dictionary<int, int>();
            int preLength = 0;
            foreach (var g in preSignals)
            {
                preOffset[g.Base] = preLength;
                preLength += g.Assets.Count;
            }

            if (preLength > MaxPreValues)
            {
                return null;
            }

            var signalAt = sim.Signals.ToDictionary(g => g.Base);
            var exported = new HashSet<Signal>();
            var postBindings = new List<(InputBinding, bool)>();
            var preBound = new List<InputBinding>();
            var planDelayedReads = new HashSet<int>();
            for (int s = 0; s < slots.Length; s++)
            {
                int here = s < first ? 0 : s < end ? 1 : 2;
                foreach (var binding in slots[s].Inputs)
                {
                    if (binding.Producer is null || binding.Entries == 0)
                    {
                        continue;
                    }

                    int from = Where(binding.Producer);
                    if (from < 0 || from > here || (from == 2 && here != 2))
                    {
                        return null;   // an input from later in the step (delayed): the later services run after the tile
                    }

                    if (here == 0 || (from == 2 && here == 2))
                    {
                        continue;      // stepped as before
                    }

                    if (from == 0)
                    {
                        if (binding.IsDelayed)
                        {
                            return null;
                        }

                        if (here == 1)
                        {
                            preBound.Add(binding);
                        }

                        continue;
                    }

                    // from the chunked services
                    var signal = signalAt[binding.Sources[0] - binding.SourceAssetIndex[0]];
                    if (here == 2)
                    {
                        exported.Add(signal);
                        postBindings.Add((binding, binding.IsDelayed));
                        continue;
                    }

                    if (binding.IsDelayed)
                    {
                        // read the step before: only within the chunk
                        int consumer = s - first, producer = slotOf[binding.Producer] - first;
                        for (int i = 0; i < slots[s].Assets; i++)
                        {
                            for (int j = binding.Start(i); j < binding.End(i); j++)
                            {
                                if (chunkOf[producer][binding.SourceAssetIndex[j]] != chunkOf[consumer][i])
                                {
                                    return null;
                                }
                            }
                        }

                        planDelayedReads.Add(signal.Base);
                    }
                }
            }

            foreach (var g in reads)
            {
                if (Where(g.Service) == 1)
                {
                    exported.Add(g);
                }
            }

            // delayed ranges by who produces them
            var preDelayed = new List<(int, int)>();
            var postDelayed = new List<(int, int)>();
            var planDelayed = new List<(int, int)>();
            foreach (var (b, len) in sim._delayedRanges)
            {
                var g = signalAt[b];
                switch (Where(g.Service))
                {
                    case 0: preDelayed.Add((b, len)); break;
                    case 2: postDelayed.Add((b, len)); break;
                    default:
                        if (planDelayedReads.Contains(b))
                        {
                            planDelayed.Add((b, slotOf[g.Service] - first));
                        }

                        break;
                }
            }

            var exports = new List<(int, int, int)>();
            var exportOffset = new int[sim.Signals.Count];
            Array.Fill(exportOffset, -1);
            int rowLength = 0;
            foreach (var g in exported.OrderBy(g => g.Base))
            {
                exports.Add((g.Base, slotOf[g.Service] - first, rowLength));
                exportOffset[g.Id] = rowLength;
                rowLength += g.Assets.Count;
            }

            int steps = (int)Math.Clamp(TileBudgetBytes / (8L * Math.Max(1, rowLength + preLength)), 1, Math.Max(1, sim.MaxTileSteps));
            steps = Math.Min(steps, sim.Grid.Count);

            tile.Steps = steps;
            tile.ChunkObservers = [.. chunkObservers];
            tile.ServiceOf = serviceOf;
            tile.PreSignals = [.. preSignals.Select(g => (g.Base, g.Assets.Count, preOffset[g.Base]))];
            tile.PreLength = preLength;
            tile.PlanReadsPre = preBound.Count > 0 && preLength > 0;
            tile.Globals = tile.PlanReadsPre ? new double[plan.Chunks * preLength] : [];
            tile.PreDelayed = [.. preDelayed];
            tile.PostDelayed = [.. postDelayed];
            tile.PlanDelayed = [.. planDelayed];
            tile.Exports = [.. exports];
            tile.ExportOffset = exportOffset;
            tile.Frames = [new Frame(steps, preLength, rowLength), new Frame(steps, preLength, rowLength)];
            tile.PostBindings = [.. postBindings];

            // chunked services read the global inputs from their chunk's row of Globals
            foreach (var binding in preBound)
            {
                int consumer = slotOf.First(x => slots[x.Value].Inputs.Contains(binding)).Value - first;
                var sources = new int[binding.Sources.Length];
                for (int i = 0; i < slots[first + consumer].Assets; i++)
                {
                    int c = chunkOf[consumer][i];
                    for (int j = binding.Start(i); j < binding.End(i); j++)
                    {
                        int index = binding.Sources[j];
                        var g = preSignals.Last(p => p.Base <= index);
                        sources[j] = (c * preLength) + preOffset[g.Base] + (index - g.Base);
                    }
                }

                tile._saved.Add((binding, binding.Data, (int[])binding.Sources.Clone()));
                tile._remapped.Add((binding, sources, true));
            }

            // later services read the chunked services' values from a row
            foreach (var (binding, _) in postBindings)
            {
                var signal = signalAt[binding.Sources[0] - binding.SourceAssetIndex[0]];
                var sources = new int[binding.Sources.Length];
                for (int j = 0; j < sources.Length; j++)
                {
                    sources[j] = exportOffset[signal.Id] + binding.SourceAssetIndex[j];
                }

                tile._saved.Add((binding, binding.Data, (int[])binding.Sources.Clone()));
                tile._remapped.Add((binding, sources, false));
            }

            return tile;
        }
    }
}
