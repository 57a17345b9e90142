using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Load;

/// <summary>
/// A load profile placed on a year: <see cref="Energy"/> is the expected energy per interval (Wh, amount
/// series) and <see cref="Std"/> its standard deviation per interval (Wh), both on the same grid.
/// </summary>
/// <param name="Energy">Expected energy per interval, Wh; sums to the requested annual energy when normalised.</param>
/// <param name="Std">Standard deviation of the energy per interval, Wh (zeros when the profile has none).</param>
/// <param name="Scale">Factor applied to the profile's shares beyond the annual energy (1/Σ shares when normalised, else 1).</param>
public sealed record LoadProfileSeries(TimeSeries Energy, TimeSeries Std, double Scale);
