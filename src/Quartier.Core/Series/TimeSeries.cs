using Quartier.Core.Time;

namespace Quartier.Core.Series;

/// <summary>
/// A regular series: value <c>i</c> belongs to the interval <c>[Start + i·Step, Start + (i+1)·Step)</c> in UTC
/// ("interval beginning", as <see cref="Weather.WeatherSeries"/>). <see cref="Kind"/> says whether a value is a
/// mean over its interval (W, EUR/kWh) or an amount in it (Wh), which decides how <see cref="Resample(DateTime, int, int)"/>
/// preserves totals. The values array is shared, not copied: hot loops index <see cref="Values"/> directly; treat it
/// as read-only once the series is handed on. Lookups (<see cref="IndexOf"/>, <see cref="ValueAt"/>) allocate nothing.
/// </summary>
public sealed class TimeSeries
{
    private readonly long _startTicks;
    private readonly long _stepTicks;

    /// <summary>Creates a series over <paramref name="values"/> (not copied).</summary>
    /// <param name="startUtc">Start of the first interval; <see cref="DateTimeKind.Unspecified"/> is read as UTC, local time is refused.</param>
    /// <param name="stepSeconds">Interval length in seconds, positive.</param>
    /// <param name="values">The values, one per interval.</param>
    /// <param name="unit">Unit of the values, e.g. <c>W</c>, <c>Wh</c>, <c>EUR/kWh</c>.</param>
    /// <param name="source">Where the values came from (file, provider, generator), for messages.</param>
    /// <param name="kind">Mean over the interval (default) or amount in it.</param>
    public TimeSeries(DateTime startUtc, int stepSeconds, double[] values, string unit, string source, SeriesKind kind = SeriesKind.Mean)
    {
        if (startUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("a TimeSeries start must be UTC (or unspecified, read as UTC), not local time", nameof(startUtc));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentNullException.ThrowIfNull(values);
        Start = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        StepSeconds = stepSeconds;
        Values = values;
        Unit = unit ?? string.Empty;
        Source = source ?? string.Empty;
        Kind = kind;
        _startTicks = Start.Ticks;
        _stepTicks = stepSeconds * TimeSpan.TicksPerSecond;
    }

    /// <summary>Start of the first interval, UTC.</summary>
    public DateTime Start { get; }

    public int StepSeconds { get; }

    public TimeSpan Step => TimeSpan.FromTicks(_stepTicks);

    /// <summary>The values; index <c>i</c> is interval <c>i</c>. Shared, not a copy.</summary>
    public double[] Values { get; }

    public int Count => Values.Length;

    public string Unit { get; }

    public string Source { get; }

    public SeriesKind Kind { get; }

    /// <summary>End of the last interval, UTC.</summary>
    public DateTime End => new(_startTicks + (_stepTicks * Values.Length), DateTimeKind.Utc);

    public double this[int index] => Values[index];

    /// <summary>Start (UTC) of interval <paramref name="index"/>.</summary>
    public DateTime TimeAt(int index) => new(_startTicks + (_stepTicks * index), DateTimeKind.Utc);

    /// <summary>Index of the interval that contains <paramref name="utc"/>, or false when it lies outside the series.</summary>
    public bool TryIndexOf(DateTime utc, out int index)
    {
        long offset = utc.Ticks - _startTicks;
        if (offset < 0)
        {
            index = -1;
            return false;
        }

        long i = offset / _stepTicks;
        if (i >= Values.Length)
        {
            index = -1;
            return false;
        }

        index = (int)i;
        return true;
    }

    /// <summary>Index of the interval that contains <paramref name="utc"/>; throws when it lies outside the series.</summary>
    public int IndexOf(DateTime utc)
    {
        if (!TryIndexOf(utc, out int index))
        {
            ThrowOutside(utc);
        }

        return index;
    }

    /// <summary>The value of the interval that contains <paramref name="utc"/> (step hold); throws outside the series.</summary>
    public double ValueAt(DateTime utc) => Values[IndexOf(utc)];

    /// <summary>Index of <paramref name="utc"/> counted in whole steps from <see cref="Start"/> (floor), without range check.</summary>
    public long StepsFromStart(DateTime utc)
    {
        long offset = utc.Ticks - _startTicks;
        return offset >= 0 ? offset / _stepTicks : -((-offset + _stepTicks - 1) / _stepTicks);
    }

    /// <summary>A copy of intervals <c>[startIndex, startIndex + count)</c>.</summary>
    public TimeSeries Slice(int startIndex, int count)
    {
        if (startIndex < 0 || count < 0 || startIndex + count > Values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(startIndex), $"slice [{startIndex}, {startIndex + count}) is outside the series' {Values.Length} intervals ({Source})");
        }

        var copy = new double[count];
        Array.Copy(Values, startIndex, copy, 0, count);
        return new TimeSeries(TimeAt(startIndex), StepSeconds, copy, Unit, Source, Kind);
    }

    /// <summary>A copy of the intervals in <c>[fromUtc, toUtc)</c>; both instants must lie on the series' grid.</summary>
    public TimeSeries Slice(DateTime fromUtc, DateTime toUtc)
    {
        long a = OnGrid(fromUtc, nameof(fromUtc));
        long b = OnGrid(toUtc, nameof(toUtc));
        if (b < a)
        {
            throw new ArgumentException($"slice end {toUtc:O} is before its start {fromUtc:O}", nameof(toUtc));
        }

        return Slice(checked((int)a), checked((int)(b - a)));
    }

    /// <summary>Resamples to <paramref name="stepSeconds"/> from the same start over the same span (which must be a whole number of new steps).</summary>
    public TimeSeries Resample(int stepSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        long span = (long)StepSeconds * Values.Length;
        if (span % stepSeconds != 0)
        {
            throw new ArgumentException($"the series spans {span} s, not a whole number of {stepSeconds} s steps ({Source})", nameof(stepSeconds));
        }

        return Resample(Start, stepSeconds, checked((int)(span / stepSeconds)));
    }

    /// <summary>Resamples onto a simulation grid.</summary>
    public TimeSeries Resample(TimeGrid grid) => Resample(grid.Start, grid.StepSeconds, grid.Count);

    /// <summary>
    /// Resamples onto any regular grid that lies within this series, by exact interval overlap: a
    /// <see cref="SeriesKind.Mean"/> series takes time-weighted means (the integral is preserved), an
    /// <see cref="SeriesKind.Amount"/> series sums amounts in proportion to overlap (the total is preserved).
    /// Upsampling repeats means and splits amounts evenly.
    /// </summary>
    public TimeSeries Resample(DateTime startUtc, int stepSeconds, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        long tStep = stepSeconds * TimeSpan.TicksPerSecond;
        long t0 = startUtc.Ticks;
        long t1 = t0 + (tStep * count);
        long end = _startTicks + (_stepTicks * Values.Length);
        if (count > 0 && (t0 < _startTicks || t1 > end))
        {
            throw new ArgumentOutOfRangeException(
                nameof(startUtc),
                $"target {startUtc:O} + {count} × {stepSeconds} s is not inside the series {Start:O}..{End:O} ({Source})");
        }

        var result = new double[count];
        int j = count == 0 ? 0 : (int)((t0 - _startTicks) / _stepTicks);
        for (int i = 0; i < count; i++)
        {
            long a = t0 + (tStep * i);
            long b = a + tStep;
            while (_startTicks + (_stepTicks * (j + 1)) <= a)
            {
                j++;
            }

            double acc = 0;
            for (int k = j; k < Values.Length; k++)
            {
                long sa = _startTicks + (_stepTicks * k);
                if (sa >= b)
                {
                    break;
                }

                long overlap = Math.Min(b, sa + _stepTicks) - Math.Max(a, sa);
                acc += Kind == SeriesKind.Amount
                    ? Values[k] * overlap / _stepTicks
                    : Values[k] * overlap / tStep;
            }

            result[i] = acc;
        }

        return new TimeSeries(startUtc, stepSeconds, result, Unit, Source, Kind);
    }

    /// <summary>Sum of the values.</summary>
    public double Sum()
    {
        double s = 0;
        foreach (var v in Values)
        {
            s += v;
        }

        return s;
    }

    /// <summary>Arithmetic mean of the values (NaN for an empty series).</summary>
    public double Mean() => Values.Length == 0 ? double.NaN : Sum() / Values.Length;

    public double Min()
    {
        double m = double.PositiveInfinity;
        foreach (var v in Values)
        {
            m = Math.Min(m, v);
        }

        return m;
    }

    public double Max()
    {
        double m = double.NegativeInfinity;
        foreach (var v in Values)
        {
            m = Math.Max(m, v);
        }

        return m;
    }

    /// <summary>Time integral in value·hours: for a mean power in W the energy in Wh; for an amount series its sum.</summary>
    public double Integral() => Kind == SeriesKind.Amount ? Sum() : Sum() * StepSeconds / 3600.0;

    /// <summary>A copy with every value multiplied by <paramref name="factor"/> and, if given, a new unit.</summary>
    public TimeSeries Scale(double factor, string? unit = null)
    {
        var copy = new double[Values.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Values[i] * factor;
        }

        return new TimeSeries(Start, StepSeconds, copy, unit ?? Unit, Source, Kind);
    }

    /// <summary>The same grid with other values (not copied) and, if given, another unit and kind.</summary>
    public TimeSeries WithValues(double[] values, string? unit = null, SeriesKind? kind = null)
    {
        if (values.Length != Values.Length)
        {
            throw new ArgumentException($"{values.Length} values given for a series of {Values.Length}", nameof(values));
        }

        return new TimeSeries(Start, StepSeconds, values, unit ?? Unit, Source, kind ?? Kind);
    }

    /// <summary>
    /// Mean power per interval → energy per interval (W → Wh, kW → kWh, MW → MWh; other units get "·h").
    /// An amount series is returned unchanged.
    /// </summary>
    public TimeSeries ToAmount()
    {
        if (Kind == SeriesKind.Amount)
        {
            return this;
        }

        string unit = Unit switch
        {
            "W" => "Wh",
            "kW" => "kWh",
            "MW" => "MWh",
            _ => Unit + "·h",
        };
        return new TimeSeries(Start, StepSeconds, Scaled(StepSeconds / 3600.0), unit, Source, SeriesKind.Amount);
    }

    /// <summary>Energy per interval → mean power per interval (Wh → W, kWh → kW, MWh → MW). A mean series is returned unchanged.</summary>
    public TimeSeries ToMean()
    {
        if (Kind == SeriesKind.Mean)
        {
            return this;
        }

        string unit = Unit switch
        {
            "Wh" => "W",
            "kWh" => "kW",
            "MWh" => "MW",
            _ => Unit.EndsWith("·h", StringComparison.Ordinal) ? Unit[..^2] : Unit + "/h",
        };
        return new TimeSeries(Start, StepSeconds, Scaled(3600.0 / StepSeconds), unit, Source, SeriesKind.Mean);
    }

    public override string ToString() => $"{Source}: {Start:yyyy-MM-ddTHH:mm:ssZ} + {Values.Length} × {StepSeconds} s [{Unit}, {Kind}]";

    private double[] Scaled(double factor)
    {
        var a = new double[Values.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = Values[i] * factor;
        }

        return a;
    }

    private long OnGrid(DateTime utc, string name)
    {
        long offset = utc.Ticks - _startTicks;
        if (offset % _stepTicks != 0)
        {
            throw new ArgumentException($"{utc:O} is not on the series' {StepSeconds} s grid from {Start:O} ({Source})", name);
        }

        return offset / _stepTicks;
    }

    private void ThrowOutside(DateTime utc) =>
        throw new ArgumentOutOfRangeException(nameof(utc), $"{utc:O} is outside the series {Start:O}..{End:O} ({Source})");
}
