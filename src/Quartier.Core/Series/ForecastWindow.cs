namespace Quartier.Core.Series;

/// <summary>Shared checks and series construction for the forecast providers.</summary>
public static class ForecastWindow
{
    /// <summary>Index of the interval containing <paramref name="nowUtc"/>, counted from the series start (may exceed the series).</summary>
    public static int First(TimeSeries actual, DateTime nowUtc)
    {
        long i = actual.StepsFromStart(nowUtc);
        if (i < 0 || i > int.MaxValue)
        {
            Throw(actual, nowUtc);
        }

        return (int)i;
    }

    /// <summary>Throws unless intervals <c>[first, first + length)</c> all lie in the actual series.</summary>
    public static void RequireInside(TimeSeries actual, int first, int length, IForecastProvider provider)
    {
        if (first + length > actual.Count)
        {
            ThrowBeyond(actual, first, length, provider);
        }
    }

    public static TimeSeries Build(IForecastProvider provider, TimeSeries actual, DateTime nowUtc, int horizonSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizonSteps);
        int first = First(actual, nowUtc);
        var values = new double[horizonSteps];
        provider.Forecast(actual, nowUtc, values);
        return new TimeSeries(actual.TimeAt(first), actual.StepSeconds, values, actual.Unit, $"{provider.Name} of {actual.Source} at {nowUtc:yyyy-MM-ddTHH:mm:ssZ}", actual.Kind);
    }

    private static void Throw(TimeSeries actual, DateTime nowUtc) =>
        throw new ArgumentOutOfRangeException(nameof(nowUtc), $"forecast time {nowUtc:O} is before the series start {actual.Start:O} ({actual.Source})");

    private static void ThrowBeyond(TimeSeries actual, int first, int length, IForecastProvider provider) =>
        throw new ArgumentOutOfRangeException(
            nameof(length),
            $"{provider.Name}: the horizon of {length} steps from {actual.TimeAt(first):O} runs past the series end {actual.End:O} ({actual.Source}); shorten the horizon");
}
