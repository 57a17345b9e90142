namespace Quartier.Core.Series;

/// <summary>The forecast equals the actual values: the optimiser sees the future exactly (an upper bound on value).</summary>
public sealed class PerfectForecast : IForecastProvider
{
    public string Name => "perfect";

    public void Forecast(TimeSeries actual, DateTime nowUtc, Span<double> destination)
    {
        int first = ForecastWindow.First(actual, nowUtc);
        ForecastWindow.RequireInside(actual, first, destination.Length, this);
        actual.Values.AsSpan(first, destination.Length).CopyTo(destination);
    }

    public TimeSeries Forecast(TimeSeries actual, DateTime nowUtc, int horizonSteps) => ForecastWindow.Build(this, actual, nowUtc, horizonSteps);
}
