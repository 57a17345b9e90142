using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Prices;

/// <summary>Remuneration for energy fed into the grid, EUR/kWh: a fixed rate or a price series. Lookups allocate nothing.</summary>
public sealed class FeedInTariff
{
    private readonly double _fixed;
    private readonly TimeSeries? _series;

    private FeedInTariff(double value, TimeSeries? series, string name)
    {
        _fixed = value;
        _series = series;
        Name = name;
    }

    /// <summary>No remuneration (0 EUR/kWh).</summary>
    public static FeedInTariff None { get; } = new(0, null, "no feed-in tariff");

    public string Name { get; }

    /// <summary>The series in EUR/kWh, when the tariff is series-based.</summary>
    public TimeSeries? Series => _series;

    /// <summary>A fixed rate, e.g. 0.078 EUR/kWh (EOS's example feed-in tariff).</summary>
    public static FeedInTariff Fixed(double eurPerKWh)
    {
        if (!double.IsFinite(eurPerKWh))
        {
            throw new ArgumentOutOfRangeException(nameof(eurPerKWh), eurPerKWh, "feed-in tariff must be a finite number");
        }

        return new FeedInTariff(eurPerKWh, null, $"feed-in {eurPerKWh:0.####} EUR/kWh");
    }

    /// <summary>A price series (unit EUR/kWh, EUR/MWh, ct/kWh or EUR/Wh; converted once to EUR/kWh).</summary>
    public static FeedInTariff FromSeries(TimeSeries prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return new FeedInTariff(0, ToEurPerKWh(prices), $"feed-in series {prices.Source}");
    }

    /// <summary>Rate at <paramref name="utc"/>, EUR/kWh; a series throws outside its span.</summary>
    public double Price(DateTime utc) => _series is null ? _fixed : _series.ValueAt(utc);

    /// <summary>Converts a price series to EUR/kWh (a copy unless it already is).</summary>
    internal static TimeSeries ToEurPerKWh(TimeSeries prices)
    {
        if (!PriceUnits.TryParse(prices.Unit, out var unit))
        {
            throw new ArgumentException($"series {prices} has unit '{prices.Unit}', not a price unit (EUR/kWh, EUR/MWh, ct/kWh, EUR/Wh)", nameof(prices));
        }

        return unit == PriceUnit.EurPerKWh
            ? prices
            : prices.Scale(PriceUnits.ToEurPerKWhFactor(unit), PriceUnits.Label(PriceUnit.EurPerKWh));
    }
}
