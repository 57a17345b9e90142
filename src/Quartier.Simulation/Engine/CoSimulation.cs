using System.Diagnostics;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;

namespace Quartier.Simulation.Engine;

/// <summary>
/// A wired co-simulation: services in data-flow order over one value buffer, ready to step the grid.
/// Built by <see cref="SimulationBuilder"/>; run once.
/// </summary>
public sealed partial class CoSimulation
{
    private readonly ServiceSlot[] _slots;
    private readonly CalculationService[] _services;
    private readonly int[] _groupEnd;          // slot → end (exclusive) of its run of same-group slots; slot + 1 when alone
    private readonly (int Base, int Length)[] _delayedRanges;
    private readonly double[] _previous;
    private long _observerTicks;

    internal CoSimulation(EnergySystem system, TimeGrid grid, ServiceSlot[] slots, double[] values, double[] previous, (int, int)[] delayedRanges, IReadOnlyList<Signal> signals, IReadOnlyList<string> notes)
    {
        System = system;
        Grid = grid;
        _slots = slots;
        Values = values;
        _previous = previous;
        _delayedRanges = delayedRanges;
        Signals = signals;
        Notes = notes;
        _services = [.. slots.Select(s => s.Service)];
        _groupEnd = new int[slots.Length];
        for (int i = 0; i < slots.Length; i++)
        {
            int end = i + 1;
            var group = slots[i].Service.ConcurrencyGroup;
            while (group is not null && end < slots.Length && slots[end].Service.ConcurrencyGroup == group
                && slots[end].Period == slots[i].Period && slots[end].Offset == slots[i].Offset)
            {
                end++;
            }

            _groupEnd[i] = end;
        }

        _plans = new ChunkPlan?[slots.Length];
        for (int i = 0; i < slots.Length;)
        {
            int end = i;
            while (end < slots.Length && Chunkable(slots[end]) && slots[end].Period == slots[i].Period && slots[end].Offset == slots[i].Offset)
            {
                end++;
            }

            // a service that joins too much into one chunk (a transformer feeding every home) is left out of the run,
            // from the end: it is then stepped after the chunks, split over the cores as before
            for (int take = end - i; take > 0 && _plans[i] is null; take--)
            {
                if (slots.Skip(i).Take(take).Max(s => s.Assets) >= ParallelThreshold)
                {
                    _plans[i] = ChunkPlan.Build(slots, i, take, ChunkAssets, MinChunks);
                }
            }

            i = Math.Max(end, i + 1);
        }
    }

    private static bool Chunkable(in ServiceSlot slot) => slot.Service.Partitionable && slot.Service.ConcurrencyGroup is null;

    /// <summary>Assets of the largest service per chunk: small enough that a chunk's state stays in a core's cache through all its services.</summary>
    internal const int ChunkAssets = 256;

    private const int MinChunks = 4;

    private readonly ChunkPlan?[] _plans;

    /// <summary>The chunk plans of the runs of services stepped chunk by chunk (for tests).</summary>
    internal IEnumerable<ChunkPlan> ChunkPlans => _plans.OfType<ChunkPlan>();

    /// <summary>The service in slot <paramref name="slot"/>.</summary>
    internal CalculationService ServiceAt(int slot) => _slots[slot].Service;

    /// <summary>The number of assets of the service in slot <paramref name="slot"/>.</summary>
    internal int AssetsAt(int slot) => _slots[slot].Assets;

    public EnergySystem System { get; }

    public TimeGrid Grid { get; }

    /// <summary>The current value of every signal for every asset.</summary>
    public double[] Values { get; }

    public IReadOnlyList<Signal> Signals { get; }

    /// <summary>Services in the order they run each step.</summary>
    public IEnumerable<CalculationService> Services => _slots.Select(s => s.Service);

    /// <summary>Wiring notes, such as cycles made explicit as one-step delays.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The same notes with the service that made each (null for the engine's own wiring notes).</summary>
    public IReadOnlyList<(string? Service, string Note)> SourcedNotes { get; init; } = [];

    /// <summary>Seconds each service spent stepping, and the observers (recording, KPIs), after <see cref="Run"/>.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Timings =>
        [.. _slots.Select(s => (s.Service.Name, (double)s.Ticks / Stopwatch.Frequency)), ("recording+kpis", (double)_observerTicks / Stopwatch.Frequency)];

    public Signal? FindSignal(string name) => Signals.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public Signal RequireSignal(string name) => FindSignal(name) ?? throw new InvalidOperationException($"no signal '{name}'");

    /// <summary>Which steps (1-based) a service with this period and offset runs at, by DOTS's rule.</summary>
    public static bool IsDue(long seconds, int periodSeconds, int offsetSeconds) =>
        seconds > 0 && seconds >= offsetSeconds && (seconds - offsetSeconds) % periodSeconds == 0;

    /// <summary>Partitionable services with at least this many assets are stepped on several cores.</summary>
    public const int ParallelThreshold = 256;

    /// <summary>
    /// Steps the whole grid. <paramref name="threads"/>: cores to use for partitionable services (0 = all,
    /// 1 = single-threaded); the results are identical either way.
    /// </summary>
    public void Run(IReadOnlyList<IStepObserver> observers, IProgress<double>? progress = null, int threads = 0, CancellationToken cancellation = default)
    {
        int cores = threads > 0 ? threads : Environment.ProcessorCount;
        bool anyLarge = _slots.Any(s => s.Service.Partitionable && s.Assets >= ParallelThreshold);
        bool anyGroup = _groupEnd.Where((end, i) => end - i > 1).Any();
        using var workers = cores > 1 && (anyLarge || anyGroup) ? new StepWorkers(Math.Min(cores, 16)) : null;
        foreach (var o in observers)
        {
            o.Attach(this);
        }

        IStepObserver[] concurrent = [.. observers.Where(o => o.Concurrent)];
        IStepObserver[] serial = [.. observers.Where(o => !o.Concurrent)];
        try
        {
            if (!StepTiled(workers, [.. observers], concurrent, serial, progress, cancellation))
            {
                StepAll(workers, concurrent, serial, progress, cancellation);
            }
        }
        catch (Exception ex) when (cancellation.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // a service stopped by the cancellation (a solve, a parallel loop) may surface it wrapped or as its own failure
            throw new OperationCanceledException("the run was cancelled", ex, cancellation);
        }

        foreach (var o in observers)
        {
            o.Complete();
        }

        progress?.Report(1.0);
    }

    private void StepAll(StepWorkers? workers, IStepObserver[] concurrent, IStepObserver[] serial, IProgress<double>? progress, CancellationToken cancellation)
    {
        int count = Grid.Count;
        int reportEvery = Math.Max(1, count / 200);
        for (int k = 1; k <= count; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            foreach (var (b, len) in _delayedRanges)
            {
                Array.Copy(Values, b, _previous, b, len);
            }

            StepSlots(0, _slots.Length, k, workers, cancellation);
            Observe(workers, concurrent, serial, k);
            if (k % reportEvery == 0)
            {
                progress?.Report((double)k / count);
            }
        }
    }

    /// <summary>Steps the slots <paramref name="from"/> .. <paramref name="to"/> − 1 that are due at step <paramref name="k"/>.</summary>
    private void StepSlots(int from, int to, int k, StepWorkers? workers, CancellationToken cancellation)
    {
        var start = Grid.Start;
        long t = Grid.SecondsAt(k);
        for (int s = from; s < to; s++)
        {
            ref var slot = ref _slots[s];
            if (!IsDue(t, slot.Period, slot.Offset))
            {
                continue;
            }

            var ctx = new StepContext(k, t, start.AddSeconds(t), (int)(t - slot.LastRun), cancellation);
            long t0 = Stopwatch.GetTimestamp();
            if (_plans[s] is { } plan)
            {
                StepChunks(plan, ctx, workers, k);
                s += plan.Services - 1;
                continue;
            }

            int end = _groupEnd[s];
            if (workers is not null && end - s > 1)
            {
                // a run of same-group services, due together: one whole service per core
                try
                {
                    workers.StepEach(_services, s, end, ctx);
                }
                catch (AggregateException ex) when (ex.InnerException is InputException input)
                {
                    throw input;
                }
                catch (AggregateException ex)
                {
                    throw new SimulationException($"service '{slot.Service.Name}' failed at step {k} ({start.AddSeconds(t):O}): {ex.InnerException?.Message ?? ex.Message}", ex.InnerException ?? ex);
                }

                long share = (Stopwatch.GetTimestamp() - t0) / (end - s);
                for (int g = s; g < end; g++)
                {
                    _slots[g].LastRun = t;
                    _slots[g].Ticks += share;
                }

                s = end - 1;
                continue;
            }

            try
            {
                if (workers is not null && slot.Service.Partitionable && slot.Assets >= ParallelThreshold)
                {
                    workers.Step(slot.Service, ctx, slot.Assets);
                }
                else
                {
                    slot.Service.Step(ctx);
                }
            }
            catch (AggregateException ex) when (ex.InnerException is InputException input)
            {
                throw input;
            }
            catch (Exception ex) when (ex is not InputException and not OperationCanceledException)
            {
                throw new SimulationException($"service '{slot.Service.Name}' failed at step {k} ({start.AddSeconds(t):O}): {ex.Message}", ex);
            }

            slot.LastRun = t;
            slot.Ticks += Stopwatch.GetTimestamp() - t0;
        }
    }

    private void Observe(StepWorkers? workers, IStepObserver[] concurrent, IStepObserver[] serial, int k)
    {
        long o0 = Stopwatch.GetTimestamp();
        if (workers is not null && concurrent.Length > 1)
        {
            workers.ObserveEach(concurrent, k);
        }
        else
        {
            foreach (var o in concurrent)
            {
                o.AfterStep(k);
            }
        }

        foreach (var o in serial)
        {
            o.AfterStep(k);
        }

        _observerTicks += Stopwatch.GetTimestamp() - o0;
    }

    /// <summary>
    /// Steps the services of <paramref name="plan"/> chunk by chunk (each core a fixed share of the chunks), every service
    /// of a chunk in order; the chunks are independent, so the results do not depend on the cores.
    /// </summary>
    private void StepChunks(ChunkPlan plan, in StepContext ctx, StepWorkers? workers, int k)
    {
        try
        {
            if (workers is null)
            {
                StepChunkShare(plan, ctx, 0, 1);
            }
            else
            {
                workers.StepChunks(this, plan, ctx);
            }
        }
        catch (AggregateException ex) when (ex.InnerException is InputException input)
        {
            throw input;
        }
        catch (AggregateException ex)
        {
            var inner = ex.InnerException is ServiceStepException named ? named.InnerException : ex.InnerException;
            throw new SimulationException($"{ex.InnerException?.Message ?? ex.Message} at step {k} ({ctx.Time:O})", inner ?? ex);
        }
        catch (ServiceStepException ex)
        {
            throw new SimulationException($"{ex.Message} at step {k} ({ctx.Time:O})", ex.InnerException ?? ex);
        }

        for (int i = 0; i < plan.Services; i++)
        {
            _slots[plan.First + i].LastRun = ctx.Seconds;
        }
    }

    /// <summary>Chunks <paramref name="part"/>·C/<paramref name="parts"/> … of <paramref name="plan"/>; the time each service takes is added to its slot.</summary>
    internal void StepChunkShare(ChunkPlan plan, in StepContext ctx, int part, int parts)
    {
        int from = (int)((long)plan.Chunks * part / parts), to = (int)((long)plan.Chunks * (part + 1) / parts);
        int services = plan.Services;
        int s = 0;
        try
        {
            if (ctx.Index % TimingSample != 0)
            {
                for (int c = from; c < to; c++)
                {
                    for (s = 0; s < services; s++)
                    {
                        _services[plan.First + s].StepRange(ctx, plan.From(c, s), plan.To(c, s));
                    }
                }

                return;
            }

            // every TimingSample-th step is timed service by service (a clock read per service and chunk costs more than some services)
            Span<long> ticks = stackalloc long[services];
            for (int c = from; c < to; c++)
            {
                for (s = 0; s < services; s++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    _services[plan.First + s].StepRange(ctx, plan.From(c, s), plan.To(c, s));
                    ticks[s] += Stopwatch.GetTimestamp() - t0;
                }
            }

            for (s = 0; s < services; s++)
            {
                Interlocked.Add(ref _slots[plan.First + s].Ticks, ticks[s] * TimingSample / parts);
            }
        }
        catch (Exception ex) when (ex is not InputException and not OperationCanceledException)
        {
            throw new ServiceStepException($"service '{_services[plan.First + s].Name}' failed: {ex.Message}", ex);
        }
    }

    /// <summary>Chunked services are timed on one step in this many (the times reported are scaled up).</summary>
    private const int TimingSample = 8;

    /// <summary>A service's failure inside a chunk, named; the step is added where it is caught.</summary>
    private sealed class ServiceStepException(string message, Exception inner) : Exception(message, inner);

    internal struct ServiceSlot(CalculationService service, int period, int offset, int assets)
    {
        public CalculationService Service = service;
        public int Assets = assets;
        public int Period = period;
        public int Offset = offset;
        public long LastRun;
        public long Ticks;
        public InputBinding[] Inputs = [];
    }
}
