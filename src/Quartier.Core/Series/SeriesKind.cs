namespace Quartier.Core.Series;

/// <summary>How a <see cref="TimeSeries"/> value relates to its interval; decides how resampling keeps totals.</summary>
public enum SeriesKind
{
    /// <summary>
    /// The value is the time-mean over its interval (power in W, a price in EUR/kWh, a temperature).
    /// Resampling takes time-weighted means, so the integral (energy for power) is preserved.
    /// </summary>
    Mean = 0,

    /// <summary>
    /// The value is an amount accumulated over its interval (energy in Wh per interval).
    /// Resampling sums or splits in proportion to overlap, so the total is preserved.
    /// </summary>
    Amount = 1,
}
