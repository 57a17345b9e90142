using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Prices;
using Quartier.Forecasting.Tests.Forecasts;

namespace Quartier.Forecasting.Tests.Prices;

public sealed class TariffTests
{
    // 2025-03-03 is a Monday.
    private static readonly DateTime Monday = new(2025, 3, 3, 0, 0, 0, DateTimeKind.Utc);

    private static TimeOfUseTariff PeakTariff(TimeZoneInfo? zone = null) => new(
        0.25,
        [new TouWindow(TouDays.Weekdays, 7, 21, 0.40)],
        FeedInTariff.Fixed(0.078),
        zone);

    [Fact]
    public void Fixed_tariff_is_constant()
    {
        var t = new FixedTariff(0.32, FeedInTariff.Fixed(0.078));
        Assert.Equal(0.32, t.ImportPrice(Monday.AddHours(13)));
        Assert.Equal(0.078, t.ExportPrice(Monday));
        var s = t.ToSeries(Monday, 3600, 24);
        Assert.All(s.Values, v => Assert.Equal(0.32, v));
        Assert.Equal(0.0, new FixedTariff(0.3).ExportPrice(Monday));
    }

    [Theory]
    [InlineData(6, 59, 0.25)]  // Monday 06:59: before the peak
    [InlineData(7, 0, 0.40)]   // Monday 07:00: peak starts
    [InlineData(20, 59, 0.40)] // Monday 20:59: still peak
    [InlineData(21, 0, 0.25)]  // Monday 21:00: peak over
    [InlineData(24 * 5 + 12, 0, 0.25)] // Saturday noon: weekend is off-peak
    [InlineData(24 * 6 + 8, 0, 0.25)]  // Sunday 08:00
    [InlineData(24 * 4 + 8, 0, 0.40)]  // Friday 08:00
    public void Time_of_use_hand_cases_in_utc(int hour, int minute, double expected)
    {
        Assert.Equal(expected, PeakTariff().ImportPrice(Monday.AddHours(hour).AddMinutes(minute)));
    }

    [Fact]
    public void Time_of_use_uses_local_clock_hours()
    {
        var t = PeakTariff(TestZones.Cet);
        // Monday 06:30 UTC = 07:30 CET: peak. Monday 20:30 UTC = 21:30 CET: off-peak.
        Assert.Equal(0.40, t.ImportPrice(Monday.AddHours(6.5)));
        Assert.Equal(0.25, t.ImportPrice(Monday.AddHours(20.5)));
        // Summer: Monday 2025-07-07 05:30 UTC = 07:30 CEST: peak; 19:30 UTC = 21:30 CEST: off-peak.
        var july = new DateTime(2025, 7, 7, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(0.40, t.ImportPrice(july.AddHours(5.5)));
        Assert.Equal(0.25, t.ImportPrice(july.AddHours(19.5)));
        // Sunday 23:30 UTC is Monday 00:30 local: the day changes with the zone (still off-peak).
        Assert.Equal(DayOfWeek.Monday, TimeZoneInfo.ConvertTimeFromUtc(Monday.AddHours(-0.5), TestZones.Cet).DayOfWeek);
    }

    [Fact]
    public void Later_windows_override_and_windows_wrap_midnight()
    {
        var t = new TimeOfUseTariff(
            0.30,
            [new TouWindow(TouDays.All, 22, 6, 0.20), new TouWindow(TouDays.Sunday, 0, 24, 0.15)]);
        Assert.Equal(0.20, t.PriceAt(DayOfWeek.Tuesday, 23));
        Assert.Equal(0.20, t.PriceAt(DayOfWeek.Tuesday, 5));
        Assert.Equal(0.30, t.PriceAt(DayOfWeek.Tuesday, 6));
        Assert.Equal(0.15, t.PriceAt(DayOfWeek.Sunday, 23));
        Assert.Equal(0.20, t.PriceAt(DayOfWeek.Monday, 0));
        Assert.Throws<ArgumentException>(() => new TimeOfUseTariff(0.3, [new TouWindow(TouDays.All, 5, 5, 0.1)]));
        Assert.Throws<ArgumentException>(() => new TimeOfUseTariff(0.3, [new TouWindow(TouDays.All, 0, 25, 0.1)]));
    }

    [Fact]
    public void Tariff_series_average_over_each_interval()
    {
        var t = PeakTariff();
        var hourly = t.ToSeries(Monday, 3600, 24);
        Assert.Equal(0.25, hourly[6]);
        Assert.Equal(0.40, hourly[7]);
        // A 2-hour step from 06:00 covers one off-peak and one peak hour.
        var twoHourly = t.ToSeries(Monday.AddHours(6), 7200, 1);
        Assert.Equal(0.325, twoHourly[0], 12);
        var export = t.ToExportSeries(Monday, 900, 4);
        Assert.All(export.Values, v => Assert.Equal(0.078, v));
    }

    [Fact]
    public void End_customer_price_adds_charges_and_vat_hand_case()
    {
        // (0.10 spot + 0.09 grid + 0.06 levies) · 1.19 = 0.2975 EUR/kWh
        Assert.Equal(0.2975, new PriceComponents(0.09, 0.06, 19).EndCustomerPrice(0.10), 12);
        // Negative spot price: (−0.05 + 0.09 + 0.06) · 1.19 = 0.119
        Assert.Equal(0.119, new PriceComponents(0.09, 0.06, 19).EndCustomerPrice(-0.05), 12);
        Assert.Equal(0.10, PriceComponents.None.EndCustomerPrice(0.10), 15);
    }

    [Fact]
    public void Eos_formulas_hand_cases()
    {
        // Energy-Charts provider: (92.85 EUR/MWh / 1000 + 0.21 EUR/kWh) · 1.19 = 0.3603915 EUR/kWh = 0.0003603915 EUR/Wh.
        double ec = EosPriceFormula.EnergyChartsEurPerKWh(92.85, 0.21);
        Assert.Equal(0.3603915, ec, 12);
        Assert.Equal(0.0003603915, EosPriceFormula.ToEurPerWh(ec), 15);
        // Without charges EOS applies no VAT.
        Assert.Equal(0.09285, EosPriceFormula.EnergyChartsEurPerKWh(92.85, 0), 15);
        // Akkudoktor provider: 9.29 ct/kWh (the API's rounded field) / 100 + 0.21 = 0.3029 EUR/kWh, no VAT.
        Assert.Equal(0.3029, EosPriceFormula.AkkudoktorEurPerKWh(9.29, 0.21), 12);
    }

    [Fact]
    public void Dynamic_tariff_reproduces_eos_on_the_fixture()
    {
        var spot = DayAheadPrices.LoadEnergyCharts(ReferenceData.Path("eos/elecpriceforecast_energycharts.json"));
        var tariff = new DynamicTariff(spot, EosPriceFormula.EnergyChartsComponents(0.21), FeedInTariff.Fixed(0.078));
        double[] market = [92.85, 89.33, 445.08, 135.96];
        int[] index = [0, 1, 41, 47];
        for (int k = 0; k < market.Length; k++)
        {
            var t = spot.TimeAt(index[k]).AddMinutes(30);
            Assert.Equal(EosPriceFormula.EnergyChartsEurPerKWh(market[k], 0.21), tariff.ImportPrice(t), 12);
            Assert.Equal(0.078, tariff.ExportPrice(t));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => tariff.ImportPrice(spot.End));
        // Quarter-hour series of an hourly tariff repeat the hour; a 2-hour series averages two hours.
        var q = tariff.ToSeries(spot.Start, 900, 8);
        Assert.Equal(tariff.ImportSeries[1], q[7], 12);
        var two = tariff.ToSeries(spot.Start, 7200, 1);
        Assert.Equal((tariff.ImportSeries[0] + tariff.ImportSeries[1]) / 2, two[0], 12);
    }

    [Fact]
    public void Dynamic_tariff_converts_series_units_and_feed_in_series()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var ct = new TimeSeries(start, 3600, [10.0, -2.0], "ct/kWh", "ct");
        var feed = new TimeSeries(start, 3600, [50.0, -10.0], "EUR/MWh", "feed");
        var t = new DynamicTariff(ct, new PriceComponents(0.1, 0, 20), FeedInTariff.FromSeries(feed));
        Assert.Equal(0.24, t.ImportPrice(start), 12);               // (0.10 + 0.10) · 1.2
        Assert.Equal(0.096, t.ImportPrice(start.AddHours(1)), 12);  // (−0.02 + 0.10) · 1.2
        Assert.Equal(0.05, t.ExportPrice(start), 12);
        Assert.Equal(-0.01, t.ExportPrice(start.AddHours(1)), 12);
        Assert.Throws<ArgumentException>(() => new DynamicTariff(new TimeSeries(start, 3600, [1.0], "W", "x"), PriceComponents.None));
    }

    [Fact]
    public void Price_lookups_allocate_nothing()
    {
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var spot = new TimeSeries(start, 900, new double[96 * 7], "EUR/kWh", "zero");
        ITariff[] tariffs =
        [
            new FixedTariff(0.3, FeedInTariff.Fixed(0.08)),
            PeakTariff(TestZones.Cet),
            new DynamicTariff(spot, new PriceComponents(0.1, 0.05, 19), FeedInTariff.FromSeries(spot)),
        ];
        foreach (var t in tariffs)
        {
            double acc = t.ImportPrice(start) + t.ExportPrice(start);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 96 * 7; i++)
            {
                var at = start.AddSeconds(900.0 * i);
                acc += t.ImportPrice(at) + t.ExportPrice(at);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.True(acc > 0);
        }
    }
}
