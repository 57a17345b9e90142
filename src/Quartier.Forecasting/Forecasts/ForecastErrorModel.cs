namespace Quartier.Forecasting.Forecasts;

/// <summary>How <see cref="NoisyForecast"/> applies its error.</summary>
public enum ForecastErrorModel
{
    /// <summary><c>forecast = actual + σ(lead)·z</c>, σ in the series' unit (prices).</summary>
    Additive = 0,

    /// <summary><c>forecast = max(0, actual·(1 + σ(lead)·z))</c>, σ a fraction (PV, load): zero stays zero, never negative.</summary>
    Multiplicative = 1,
}
