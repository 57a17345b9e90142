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
}
