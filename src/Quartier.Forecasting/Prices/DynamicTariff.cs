using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>
/// A dynamic tariff: the day-ahead price of each interval plus <see cref="PriceComponents"/> (grid charges, levies, VAT).
/// End-customer prices are computed once at construction; a lookup indexes the precomputed array. Lookups outside the
/// day-ahead series throw.
/// </summary>
public sealed class DynamicTariff : ITariff
{
    private readonly double[] _import;

    /// <param name="dayAhead">Day-ahead prices (EUR/kWh, EUR/MWh, ct/kWh or EUR/Wh; converted to EUR/kWh).</param>
    /// <param name="components">Charges and VAT added to each interval's price.</param>
    /// <param name="feedIn">Feed-in tariff; none by default.</param>
    /// <param name="name">Description; by default from the series' source.</param>
    public DynamicTariff(TimeSeries dayAhead, PriceComponents components, FeedInTariff? feedIn = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(dayAhead);
        ArgumentNullException.ThrowIfNull(components);
        var spot = FeedInTariff.ToEurPerKWh(dayAhead);
        _import = new double[spot.Count];
        for (int i = 0; i < _import.Length; i++)
        {
            _import[i] = components.EndCustomerPrice(spot.Values[i]);
        }

        Spot = spot;
        Components = components;
        FeedIn = feedIn ?? FeedInTariff.None;
        Name = name ?? $"dynamic ({spot.Source})";
        ImportSeries = new TimeSeries(spot.Start, spot.StepSeconds, _import, "EUR/kWh", Name + " (import)");
    }

    public string Name { get; }

    /// <summary>The day-ahead prices in EUR/kWh.</summary>
    public TimeSeries Spot { get; }

    public PriceComponents Components { get; }

    public FeedInTariff FeedIn { get; }

    /// <summary>End-customer import prices on the day-ahead grid, EUR/kWh (precomputed).</summary>
    public TimeSeries ImportSeries { get; }

    public double ImportPrice(DateTime utc) => _import[ImportSeries.IndexOf(utc)];

    public double ExportPrice(DateTime utc) => FeedIn.Price(utc);

    public TimeSeries ToSeries(DateTime startUtc, int stepSeconds, int count) => TariffSeries.Build(this, startUtc, stepSeconds, count, export: false);

    public TimeSeries ToExportSeries(DateTime startUtc, int stepSeconds, int count) => TariffSeries.Build(this, startUtc, stepSeconds, count, export: true);
}
