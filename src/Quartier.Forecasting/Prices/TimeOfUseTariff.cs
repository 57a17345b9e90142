using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>
/// Import price by weekday and local clock hour: a default price and windows (later windows override earlier ones),
/// e.g. peak 07–21 on weekdays. Precomputed as a 7×24 table; a lookup converts to local time and indexes it.
/// </summary>
public sealed class TimeOfUseTariff : ITariff
{
    private readonly double[] _table = new double[7 * 24];
    private readonly TimeZoneInfo _zone;
    private readonly bool _utc;

    /// <param name="defaultImportEurPerKWh">Price outside all windows.</param>
    /// <param name="windows">Windows in order of precedence (a later one wins where they overlap).</param>
    /// <param name="feedIn">Feed-in tariff; none by default.</param>
    /// <param name="zone">Zone of the clock hours; UTC by default.</param>
    /// <param name="name">Description.</param>
    public TimeOfUseTariff(double defaultImportEurPerKWh, IReadOnlyList<TouWindow> windows, FeedInTariff? feedIn = null, TimeZoneInfo? zone = null, string name = "time-of-use")
    {
        ArgumentNullException.ThrowIfNull(windows);
        Array.Fill(_table, defaultImportEurPerKWh);
        for (int w = 0; w < windows.Count; w++)
        {
            var win = windows[w];
            if (win.StartHour < 0 || win.StartHour > 23 || win.EndHour < 1 || win.EndHour > 24 || win.StartHour == win.EndHour || (win.Days & ~TouDays.All) != 0)
            {
                throw new ArgumentException(
                    $"window {w} ({win.Days}, {win.StartHour}–{win.EndHour}): hours must satisfy 0 ≤ start ≤ 23, 1 ≤ end ≤ 24, start ≠ end (start > end wraps over midnight)",
                    nameof(windows));
            }

            if (!double.IsFinite(win.ImportEurPerKWh))
            {
                throw new ArgumentException($"window {w}: price {win.ImportEurPerKWh} is not a finite number", nameof(windows));
            }

            for (int d = 0; d < 7; d++)
            {
                if (((int)win.Days & (1 << d)) == 0)
                {
                    continue;
                }

                for (int h = 0; h < 24; h++)
                {
                    bool inside = win.StartHour < win.EndHour
                        ? h >= win.StartHour && h < win.EndHour
                        : h >= win.StartHour || h < win.EndHour;
                    if (inside)
                    {
                        _table[(d * 24) + h] = win.ImportEurPerKWh;
                    }
                }
            }
        }

        _zone = zone ?? TimeZoneInfo.Utc;
        _utc = _zone == TimeZoneInfo.Utc || (_zone.BaseUtcOffset == TimeSpan.Zero && !_zone.SupportsDaylightSavingTime);
        FeedIn = feedIn ?? FeedInTariff.None;
        Name = name;
        Windows = windows;
    }

    public string Name { get; }

    public FeedInTariff FeedIn { get; }

    public IReadOnlyList<TouWindow> Windows { get; }

    /// <summary>Price at local <paramref name="day"/> and clock <paramref name="hour"/>.</summary>
    public double PriceAt(DayOfWeek day, int hour) => _table[((int)day * 24) + hour];

    public double ImportPrice(DateTime utc)
    {
        var local = _utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);
        return _table[((int)local.DayOfWeek * 24) + local.Hour];
    }

    public double ExportPrice(DateTime utc) => FeedIn.Price(utc);

    public TimeSeries ToSeries(DateTime startUtc, int stepSeconds, int count) => TariffSeries.Build(this, startUtc, stepSeconds, count, export: false);

    public TimeSeries ToExportSeries(DateTime startUtc, int stepSeconds, int count) => TariffSeries.Build(this, startUtc, stepSeconds, count, export: true);
}
