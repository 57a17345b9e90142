using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>
/// What energy costs and earns at an instant, in EUR/kWh. <see cref="ImportPrice"/> and <see cref="ExportPrice"/>
/// allocate nothing (tariffs precompute their tables and series), so they may be called per simulation step;
/// better still, build the series once with <see cref="ToSeries"/> / <see cref="ToExportSeries"/> and index them.
/// </summary>
public interface ITariff
{
    /// <summary>Short description for result metadata.</summary>
    string Name { get; }

    /// <summary>Price paid for energy taken from the grid at <paramref name="utc"/>, EUR/kWh.</summary>
    double ImportPrice(DateTime utc);

    /// <summary>Price received for energy fed into the grid at <paramref name="utc"/>, EUR/kWh.</summary>
    double ExportPrice(DateTime utc);

    /// <summary>
    /// Import prices on a grid: value i is the time-mean of <see cref="ImportPrice"/> over interval i (sampled every
    /// gcd(step, 900 s), exact for tariffs that change on quarter hours).
    /// </summary>
    TimeSeries ToSeries(DateTime startUtc, int stepSeconds, int count);

    /// <summary>Export prices on a grid, as <see cref="ToSeries"/>.</summary>
    TimeSeries ToExportSeries(DateTime startUtc, int stepSeconds, int count);
}
