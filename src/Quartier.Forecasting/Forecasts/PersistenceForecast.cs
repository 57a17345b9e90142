using Quartier.Core.Series;
namespace Quartier.Forecasting.Forecasts;

/// <summary>
/// Persistence: the value of an interval is forecast as the value one lag earlier (default 24 h: "yesterday,
/// same hour"; 7 days: "last week"). Only intervals that ended before the current one are used, so for leads
/// of a lag or more the same past interval repeats (lead 30 h with a 24 h lag uses the value 48 h earlier).
/// Warm-up: within the first lag after the series start no such history exists; there the same-phase value of
/// the series' first lag is used (a look-ahead shorter than one lag, stated here so results can be judged).
/// </summary>
public sealed class PersistenceForecast : IForecastProvider
{
    /// <summary>Creates a persistence forecast with the given lag (a positive whole multiple of the series step when used).</summary>
    public PersistenceForecast(TimeSpan lag)
    {
        if (lag <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lag), lag, "the persistence lag must be positive");
        }

        Lag = lag;
    }

    /// <summary>Yesterday, same hour.</summary>
    public static PersistenceForecast Daily { get; } = new(TimeSpan.FromDays(1));

    /// <summary>Last week, same weekday and hour.</summary>
    public static PersistenceForecast Weekly { get; } = new(TimeSpan.FromDays(7));

    public TimeSpan Lag { get; }

    public string Name => $"persistence {Lag.TotalHours:0.##} h";

    public void Forecast(TimeSeries actual, DateTime nowUtc, Span<double> destination)
    {
        int first = ForecastWindow.First(actual, nowUtc);
        long stepTicks = actual.StepSeconds * TimeSpan.TicksPerSecond;
        if (Lag.Ticks % stepTicks != 0)
        {
            throw new ArgumentException($"persistence lag {Lag} is not a whole number of the series' {actual.StepSeconds} s steps ({actual.Source})", nameof(actual));
        }

        int lag = checked((int)(Lag.Ticks / stepTicks));
        var values = actual.Values;
        for (int l = 0; l < destination.Length; l++)
        {
            int target = first + l;
            int k = (l / lag) + 1;
            int source = target - (k * lag);
            if (source < 0)
            {
                source = target % lag;
            }

            if (source >= values.Length)
            {
                ThrowShort(actual, source);
            }

            destination[l] = values[source];
        }
    }

    public TimeSeries Forecast(TimeSeries actual, DateTime nowUtc, int horizonSteps) => ForecastWindow.Build(this, actual, nowUtc, horizonSteps);

    private static void ThrowShort(TimeSeries actual, int source) =>
        throw new ArgumentOutOfRangeException(nameof(actual), $"persistence needs interval {source}, past the end of {actual.Source} ({actual.Count} intervals)");
}
