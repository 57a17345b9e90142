namespace Quartier.Forecasting.Forecasts;

/// <summary>
/// Error model of a <see cref="NoisyForecast"/>: the standard deviation grows linearly with lead time,
/// <c>σ(lead) = Sigma0 + SigmaPerHour·lead</c> with lead in hours from the start of the current interval.
/// </summary>
/// <param name="Sigma0">Error at lead 0 (series unit for additive, fraction for multiplicative), ≥ 0.</param>
/// <param name="SigmaPerHour">Growth per hour of lead, ≥ 0.</param>
/// <param name="Model">Additive (prices) or multiplicative and clipped at 0 (PV, load).</param>
/// <param name="ClipAtZero">For the additive model: clip forecasts at 0 (multiplicative forecasts are never negative).</param>
/// <param name="LeadCorrelation">AR(1) coefficient of the unit errors from one lead to the next, in [0, 1): 0 independent, 0.9 smooth error curves.</param>
/// <param name="MaxSigma">Upper bound of σ(lead), so long horizons stay sensible; infinity for none.</param>
public sealed record NoisyForecastOptions(
    double Sigma0,
    double SigmaPerHour,
    ForecastErrorModel Model = ForecastErrorModel.Additive,
    bool ClipAtZero = false,
    double LeadCorrelation = 0,
    double MaxSigma = double.PositiveInfinity)
{
    /// <summary>σ at <paramref name="leadHours"/>.</summary>
    public double SigmaAt(double leadHours) => Math.Min(MaxSigma, Sigma0 + (SigmaPerHour * leadHours));
}
