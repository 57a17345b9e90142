using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Cossmic.Neighbourhood;

/// <summary>
/// A device's load profile as PySSMic stores it: cumulative energy (Wh) against seconds since the job's start,
/// first row at 0 s, times increasing, energies not decreasing. Between rows the power is constant (the cumulative
/// curve is interpolated linearly), so a job can start at any second and its energy in each 60 s balance step is
/// exact. Profiles whose file name contains <c>back</c> are background loads: they run when registered and never move.
/// </summary>
public sealed class LoadProfile
{
    private readonly double[] _seconds;
    private readonly double[] _cumulative;

    /// <summary>The step whose per-phase energies <see cref="FillSteps"/> remembers (the 60 s balance).</summary>
    private const int CachedStep = 60;

    /// <summary>Per-step energies of a run by its start's phase in a <see cref="CachedStep"/> step; filled on use.</summary>
    private double[]?[]? _phases;

    /// <summary>Builds a profile; throws <see cref="InputException"/> (element id = <paramref name="name"/>) for an invalid series.</summary>
    /// <param name="name">File name, e.g. <c>97.csv</c> (identifies the profile in results).</param>
    /// <param name="seconds">Seconds since the start, first 0, increasing.</param>
    /// <param name="cumulativeWh">Cumulative energy in Wh, finite, not decreasing.</param>
    /// <param name="isBackground">Null: from the name (contains <c>back</c>, as PySSMic decides).</param>
    public LoadProfile(string name, IReadOnlyList<double> seconds, IReadOnlyList<double> cumulativeWh, bool? isBackground = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(seconds);
        ArgumentNullException.ThrowIfNull(cumulativeWh);
        if (seconds.Count == 0 || seconds.Count != cumulativeWh.Count)
        {
            throw new InputException($"load profile '{name}' needs at least one row and as many energies as times (got {seconds.Count} times, {cumulativeWh.Count} energies)", elementId: name);
        }

        _seconds = [.. seconds];
        _cumulative = [.. cumulativeWh];
        if (_seconds[0] != 0)
        {
            throw new InputException($"load profile '{name}' starts at {F(_seconds[0])} s; a load profile starts at 0 s (seconds since the job's start)", elementId: name);
        }

        for (var i = 0; i < _seconds.Length; i++)
        {
            if (!double.IsFinite(_seconds[i]) || !double.IsFinite(_cumulative[i]))
            {
                throw new InputException($"load profile '{name}' row {i + 1} has a non-finite value", elementId: name);
            }

            if (i > 0 && _seconds[i] <= _seconds[i - 1])
            {
                throw new InputException($"load profile '{name}' row {i + 1}: time {F(_seconds[i])} s is not after {F(_seconds[i - 1])} s; times must increase", elementId: name);
            }

            if (i > 0 && _cumulative[i] < _cumulative[i - 1])
            {
                throw new InputException($"load profile '{name}' row {i + 1}: cumulative energy {F(_cumulative[i])} Wh is below the previous {F(_cumulative[i - 1])} Wh; a cumulative series must not decrease", elementId: name);
            }
        }

        Name = name;
        IsBackground = isBackground ?? name.Contains("back", StringComparison.Ordinal);
    }

    /// <summary>File name (e.g. <c>97.csv</c>).</summary>
    public string Name { get; }

    /// <summary>True for a background load (fixed start at registration).</summary>
    public bool IsBackground { get; }

    /// <summary>Seconds since the job's start of each row.</summary>
    public IReadOnlyList<double> Seconds => _seconds;

    /// <summary>Cumulative energy (Wh) of each row.</summary>
    public IReadOnlyList<double> CumulativeWh => _cumulative;

    /// <summary>Running time in seconds (time of the last row).</summary>
    public double DurationSeconds => _seconds[^1];

    /// <summary>Energy of one run in Wh (last minus first cumulative value).</summary>
    public double EnergyWh => _cumulative[^1] - _cumulative[0];

    /// <summary>Cumulative energy (Wh, relative to the first row) after <paramref name="tau"/> seconds of running.</summary>
    public double EnergyAfter(double tau)
    {
        if (tau <= 0)
        {
            return 0;
        }

        if (tau >= _seconds[^1])
        {
            return EnergyWh;
        }

        var i = Array.BinarySearch(_seconds, tau);
        if (i >= 0)
        {
            return _cumulative[i] - _cumulative[0];
        }

        i = ~i;
        var w = (tau - _seconds[i - 1]) / (_seconds[i] - _seconds[i - 1]);
        return _cumulative[i - 1] + (w * (_cumulative[i] - _cumulative[i - 1])) - _cumulative[0];
    }

    /// <summary>Number of balance steps a run can touch (enough for any start second).</summary>
    internal int MaxSteps(int step) => (int)Math.Ceiling(DurationSeconds / step) + 1;

    /// <summary>
    /// Energy (Wh) per balance step of a run starting at <paramref name="start"/> seconds: <c>dest[i]</c> is the
    /// energy in step <c>firstStep + i</c> (step k covers [k·step, (k+1)·step)). Allocation-free; returns the number
    /// of steps written.
    /// </summary>
    internal int FillSteps(long start, int step, Span<double> dest, out long firstStep)
    {
        var duration = _seconds[^1];
        firstStep = FloorDiv(start, step);
        if (duration <= 0)
        {
            return 0;
        }

        var end = start + duration;
        var lastStep = (long)Math.Ceiling(end / step) - 1;
        var count = (int)(lastStep - firstStep + 1);

        // The values depend only on the start's phase in the step ((firstStep + i + 1)·step − start is an exact integer):
        // runs that start a whole number of steps apart have the same per-step energies. A scheduler tries the same
        // profile at thousands of starts, so each phase is computed once (when the count agrees) and copied after.
        var phase = start - (firstStep * step);
        if (step == CachedStep)
        {
            var cache = _phases ??= new double[]?[CachedStep];
            if (Volatile.Read(ref cache[phase]) is { } known && known.Length == count)
            {
                known.AsSpan().CopyTo(dest);
                return count;
            }
        }

        Fill(start, step, dest, firstStep, count);
        if (step == CachedStep)
        {
            Interlocked.CompareExchange(ref _phases![phase], dest[..count].ToArray(), null);
        }

        return count;
    }

    private void Fill(long start, int step, Span<double> dest, long firstStep, int count)
    {
        var duration = _seconds[^1];
        var row = 1;
        var previous = 0.0;
        for (var i = 0; i < count; i++)
        {
            var tb = Math.Min(duration, ((firstStep + i + 1) * (double)step) - start);
            while (row < _seconds.Length - 1 && _seconds[row] < tb)
            {
                row++;
            }

            // _seconds[row - 1] <= tb <= _seconds[row] (or tb at the end).
            double at;
            if (tb >= duration)
            {
                at = _cumulative[^1];
            }
            else
            {
                var t0 = _seconds[row - 1];
                var t1 = _seconds[row];
                at = _cumulative[row - 1] + ((tb - t0) / (t1 - t0) * (_cumulative[row] - _cumulative[row - 1]));
            }

            at -= _cumulative[0];
            dest[i] = at - previous;
            previous = at;
        }
    }

    internal static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
