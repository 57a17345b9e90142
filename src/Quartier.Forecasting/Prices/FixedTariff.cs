using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>One import price at all times (gross, as billed) and a feed-in tariff.</summary>
public sealed class FixedTariff : ITariff
{
    private readonly double _import;

    public FixedTariff(double importEurPerKWh, FeedInTariff? feedIn = null)
    {
        if (!double.IsFinite(importEurPerKWh))
        {
            throw new ArgumentOutOfRangeException(nameof(importEurPerKWh), importEurPerKWh, "price must be a finite number");
        }

        _import = importEurPerKWh;
        FeedIn = feedIn ?? FeedInTariff.None;
    }

    public FeedInTariff FeedIn { get; }

    public string Name => $"fixed {_import:0.####} EUR/kWh, {FeedIn.Name}";

    public double ImportPrice(DateTime utc) => _import;

    public double ExportPrice(DateTime utc) => FeedIn.Price(utc);

    public TimeSeries ToSeries(DateTime startUtc, int stepSeconds, int count) => TariffSeries.Build(this, startUtc, stepSeconds, count, export: false);

    public TimeSeries ToExportSeries(DateTime startUtc, int stepSeconds, int count) => TariffSeries.Build(this, startUtc, stepSeconds, count, export: true);
}
