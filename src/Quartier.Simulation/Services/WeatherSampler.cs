using Quartier.Core.Errors;
using Quartier.Core.Time;
using Quartier.Forecasting.Weather;

namespace Quartier.Simulation.Services;

/// <summary>
/// Puts a weather file's series on a run's time grid. A full typical year (at least 365 days starting on 1 January
/// 00:00 local standard time, as EPW and PVGIS TMY files are) is used for any year: the value at a run instant is
/// the one at the same time of year (local standard time), so a TMY drives 2020 or 2035 alike; the 366th day of a
/// leap year reuses 31 December. Any other series is used at its own dates and must cover the run.
/// Per grid step: irradiance and other interval means are averaged over the step (energy-preserving: a 15-min
/// step inside an hour takes that hour's mean); temperatures, humidity, pressure and wind are interpolated
/// linearly between interval midpoints at the step's midpoint.
/// </summary>
public sealed class WeatherSampler
{
    /// <summary>The last grid each series was put on: the weather and PV services of a run share one resampling.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WeatherSeries, Tuple<TimeGrid, WeatherSeries>> OnGridCache = new();

    private readonly WeatherSeries _series;
    private readonly bool _typicalYear;
    private readonly double _offsetSeconds;

    public WeatherSampler(WeatherSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _series = series;
        _offsetSeconds = series.Location.UtcOffsetHours * 3600;
        var localStart = series.Start.AddSeconds(_offsetSeconds);
        _typicalYear = localStart is { Month: 1, Day: 1, Hour: 0, Minute: 0 } && (double)series.StepSeconds * series.Count >= 365 * 86_400.0;
    }

    /// <summary>True when the series is used as a typical year for any year.</summary>
    public bool TypicalYear => _typicalYear;

    /// <summary>
    /// The weather of a run's steps as a series of its own: interval k covers step k + 1 of <paramref name="grid"/>
    /// (<c>[t_{k+1}, t_{k+1} + step)</c>, DOTS's "value starting at the step's instant"), irradiance as interval means,
    /// temperatures and wind interpolated at the midpoints.
    /// </summary>
    public static WeatherSeries OnGrid(WeatherSeries series, TimeGrid grid)
    {
        ArgumentNullException.ThrowIfNull(series);
        lock (OnGridCache)
        {
            if (OnGridCache.TryGetValue(series, out var cached) && cached.Item1 == grid)
            {
                return cached.Item2;
            }

            var onGrid = new WeatherSampler(series).OnGrid(grid);
            OnGridCache.AddOrUpdate(series, Tuple.Create(grid, onGrid));
            return onGrid;
        }
    }

    /// <summary>As <see cref="OnGrid(WeatherSeries, TimeGrid)"/>, uncached.</summary>
    public WeatherSeries OnGrid(TimeGrid grid)
    {
        var first = grid.Start.AddSeconds(grid.StepSeconds);
        int step = grid.StepSeconds, n = grid.Count;
        var w = new WeatherSeries(_series.Source, _series.Location, first, step, n);
        Mean(_series.Ghi, first, step, n).CopyTo(w.Ghi, 0);
        Mean(_series.Dni, first, step, n).CopyTo(w.Dni, 0);
        Mean(_series.Dhi, first, step, n).CopyTo(w.Dhi, 0);
        Interpolate(_series.AirTemperature, first, step, n).CopyTo(w.AirTemperature, 0);
        Interpolate(_series.WindSpeed, first, step, n).CopyTo(w.WindSpeed, 0);
        return w;
    }

    /// <summary>
    /// Interval means of <paramref name="values"/> for the grid steps <c>[t_k, t_k + step)</c>, <c>t_k = start + k·step</c>, k = 0..count−1.
    /// </summary>
    public double[] Mean(double[] values, DateTime start, int stepSeconds, int count)
    {
        var result = new double[count];
        int w = _series.StepSeconds;
        for (int k = 0; k < count; k++)
        {
            double a = Position(start.AddSeconds((double)stepSeconds * k));
            double b = a + stepSeconds;
            double sum = 0;
            for (double t = a; t < b - 1e-9;)
            {
                double next = Math.Min(b, (Math.Floor((t / w) + 1e-12) + 1) * w);
                sum += Value(values, (long)Math.Floor((t / w) + 1e-12)) * (next - t);
                t = next;
            }

            result[k] = sum / stepSeconds;
        }

        return result;
    }

    /// <summary>Values of a state quantity (temperature …) at the midpoints of the grid steps, interpolated linearly between interval midpoints.</summary>
    public double[] Interpolate(double[] values, DateTime start, int stepSeconds, int count)
    {
        var result = new double[count];
        int w = _series.StepSeconds;
        for (int k = 0; k < count; k++)
        {
            double p = Position(start.AddSeconds(((double)stepSeconds * k) + (stepSeconds / 2.0)));
            double x = (p / w) - 0.5;
            long i = (long)Math.Floor(x);
            double f = x - i;
            result[k] = ((1 - f) * Value(values, i)) + (f * Value(values, i + 1));
        }

        return result;
    }

    /// <summary>Seconds from the series' start at which the run instant <paramref name="utc"/> reads the series.</summary>
    private double Position(DateTime utc)
    {
        if (!_typicalYear)
        {
            double s = (utc - _series.Start).TotalSeconds;
            if (s < -1e-6 || s > ((double)_series.StepSeconds * _series.Count) + 1e-6)
            {
                throw new InputException($"the weather covers {_series.Start:yyyy-MM-dd HH:mm} to {_series.End:yyyy-MM-dd HH:mm} UTC, not {utc:yyyy-MM-dd HH:mm}; give a run inside it, or a typical-year file", _series.Source);
            }

            return s;
        }

        var local = utc.AddSeconds(_offsetSeconds);
        double ofYear = (local - new DateTime(local.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
        double length = (double)_series.StepSeconds * _series.Count;
        return ofYear >= length ? ofYear - 86_400 : ofYear;
    }

    /// <summary>Value of interval <paramref name="i"/>: wraps around a typical year, holds the ends of a dated series.</summary>
    private double Value(double[] values, long i)
    {
        int n = values.Length;
        if (_typicalYear)
        {
            i %= n;
            if (i < 0)
            {
                i += n;
            }
        }
        else
        {
            i = Math.Clamp(i, 0, n - 1);
        }

        return values[i];
    }
}
