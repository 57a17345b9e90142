using Quartier.Core.Series;
namespace Quartier.Forecasting.Forecasts;

/// <summary>
/// Actual values plus a seeded error whose spread grows with lead time (see <see cref="NoisyForecastOptions"/>).
/// The errors depend only on (seed, forecast time): asking twice at the same <c>t</c> gives the same forecast,
/// a later <c>t</c> gives a fresh draw, as a real forecast update would. The time used is the start of the
/// interval containing <c>t</c>. Allocation-free (a struct generator, no <see cref="Random"/> per call).
/// </summary>
public sealed class NoisyForecast : IForecastProvider
{
    private readonly long _seed;

    public NoisyForecast(long seed, NoisyForecastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Sigma0 >= 0) || !(options.SigmaPerHour >= 0) || !(options.MaxSigma >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Sigma0, SigmaPerHour and MaxSigma must be ≥ 0");
        }

        if (!(options.LeadCorrelation >= 0 && options.LeadCorrelation < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.LeadCorrelation, "LeadCorrelation must be in [0, 1)");
        }

        _seed = seed;
        Options = options;
    }

    public NoisyForecastOptions Options { get; }

    public string Name => $"noisy ({Options.Model}, σ = {Options.Sigma0:g3} + {Options.SigmaPerHour:g3}/h)";

    public void Forecast(TimeSeries actual, DateTime nowUtc, Span<double> destination)
    {
        int first = ForecastWindow.First(actual, nowUtc);
        ForecastWindow.RequireInside(actual, first, destination.Length, this);
        var rng = new DeterministicRandom(_seed, actual.TimeAt(first).Ticks);
        double rho = Options.LeadCorrelation;
        double innovation = Math.Sqrt(1 - (rho * rho));
        double stepHours = actual.StepSeconds / 3600.0;
        double z = 0;
        var values = actual.Values;
        for (int l = 0; l < destination.Length; l++)
        {
            double e = rng.NextGaussian();
            z = l == 0 ? e : (rho * z) + (innovation * e);
            double sigma = Options.SigmaAt(l * stepHours);
            double a = values[first + l];
            double f;
            if (Options.Model == ForecastErrorModel.Multiplicative)
            {
                f = Math.Max(0, a * (1 + (sigma * z)));
            }
            else
            {
                f = a + (sigma * z);
                if (Options.ClipAtZero && f < 0)
                {
                    f = 0;
                }
            }

            destination[l] = f;
        }
    }

    public TimeSeries Forecast(TimeSeries actual, DateTime nowUtc, int horizonSteps) => ForecastWindow.Build(this, actual, nowUtc, horizonSteps);
}
