namespace Quartier.Core.Series;

/// <summary>
/// What an optimiser would know at time <c>t</c> about a series whose actual values are given: the forecast
/// covers the interval that contains <c>t</c> (lead 0) and the following ones, on the actual series' grid.
/// Providers are deterministic: the same inputs give the same forecast.
/// </summary>
public interface IForecastProvider
{
    /// <summary>Short description for result metadata, e.g. <c>persistence 24 h</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Writes the forecast for the <c>destination.Length</c> intervals from the one containing <paramref name="nowUtc"/>
    /// into <paramref name="destination"/>. Allocates nothing; for use inside a simulation loop.
    /// </summary>
    void Forecast(TimeSeries actual, DateTime nowUtc, Span<double> destination);

    /// <summary>The forecast for <paramref name="horizonSteps"/> intervals from the one containing <paramref name="nowUtc"/> as a new series.</summary>
    TimeSeries Forecast(TimeSeries actual, DateTime nowUtc, int horizonSteps);
}
