using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Solvers;

/// <summary>
/// Quartier's watchdog over one native solve: asked (by GLPK's branch-and-cut callback, by <see cref="CbcInterrupt"/>'s
/// thread for CBC) whether to stop, it says yes once the caller's token is cancelled or the wall-clock limit has
/// passed, and remembers why and when. The solver's own limits stay set; this makes them hold.
/// </summary>
internal sealed class SolveWatch : IDisposable
{
    private readonly Stopwatch _clock;
    private readonly double _limitSeconds;
    private readonly CancellationToken _cancellation;
    private GCHandle _handle;
    private int _reason;

    public SolveWatch(Stopwatch clock, SolveOptions options)
    {
        _clock = clock;
        _limitSeconds = options.TimeLimitSeconds;
        _cancellation = options.Cancellation;
        _handle = GCHandle.Alloc(this);
    }

    /// <summary>Why the watch stopped the solve, if it did.</summary>
    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>Seconds into the solve when the watch first said stop.</summary>
    public double StoppedAtSeconds { get; private set; }

    /// <summary>True when the caller's token is cancelled.</summary>
    public bool Cancelled => _cancellation.IsCancellationRequested;

    /// <summary>The pointer handed to the native callback as its user data.</summary>
    public nint Pointer => GCHandle.ToIntPtr(_handle);

    public static SolveWatch From(nint pointer) => (SolveWatch)GCHandle.FromIntPtr(pointer).Target!;

    /// <summary>True when the solve must stop now (and from then on).</summary>
    public bool ShouldStop()
    {
        if (_reason != 0)
        {
            return true;
        }

        var reason = _cancellation.IsCancellationRequested ? StopReason.Cancelled
            : _clock.Elapsed.TotalSeconds >= _limitSeconds ? StopReason.TimeLimit
            : StopReason.None;
        if (reason == StopReason.None)
        {
            return false;
        }

        StoppedAtSeconds = _clock.Elapsed.TotalSeconds;
        Volatile.Write(ref _reason, (int)reason);
        return true;
    }

    /// <summary>Throws when the solve was cancelled (by the watch or before the solver could look).</summary>
    public void ThrowIfCancelled() => _cancellation.ThrowIfCancellationRequested();

    /// <summary>The words added to a solution stopped by the time limit.</summary>
    public string TimeLimitNote() =>
        string.Create(CultureInfo.InvariantCulture, $"stopped by Quartier's watchdog at {StoppedAtSeconds:0.00} s (time limit {_limitSeconds:0.###} s)");

    public void Dispose()
    {
        if (_handle.IsAllocated)
        {
            _handle.Free();
        }
    }

    /// <summary>Why a watch stopped a solve.</summary>
    public enum StopReason
    {
        None,
        Cancelled,
        TimeLimit,
    }
}
