using Quartier.Core.Errors;
using Quartier.Forecasting.Prices;

namespace Quartier.Forecasting.Tests.Prices;

public sealed class DayAheadPricesTests
{
    private static readonly DateTime First = new(2024, 12, 9, 23, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Akkudoktor_fixture_reads_48_hourly_prices_in_eur_per_kwh()
    {
        var s = DayAheadPrices.LoadAkkudoktor(ReferenceData.Path("eos/elecpriceforecast_akkudoktor_1.json"));
        Assert.Equal(48, s.Count);
        Assert.Equal(3600, s.StepSeconds);
        Assert.Equal(First, s.Start);
        Assert.Equal("EUR/kWh", s.Unit);
        Assert.Equal(0.09285, s[0], 12);    // 92.85 EUR/MWh
        Assert.Equal(0.13596, s[47], 12);   // 135.96 EUR/MWh, 2024-12-11 22:00Z
        Assert.Equal(0.44508, s.Max(), 12); // 445.08 EUR/MWh
        Assert.Equal(0.0837, s.Min(), 12);  // 83.7 EUR/MWh
        Assert.Equal(0.44508, s.ValueAt(new DateTime(2024, 12, 11, 16, 30, 0, DateTimeKind.Utc)), 12);
    }

    [Fact]
    public void Energy_charts_fixture_gives_the_same_series()
    {
        var ec = DayAheadPrices.LoadEnergyCharts(ReferenceData.Path("eos/elecpriceforecast_energycharts.json"));
        var ak = DayAheadPrices.LoadAkkudoktor(ReferenceData.Path("eos/elecpriceforecast_akkudoktor_1.json"));
        Assert.Equal(48, ec.Count);
        Assert.Equal(First, ec.Start);
        Assert.Equal(3600, ec.StepSeconds);
        for (int i = 0; i < 48; i++)
        {
            Assert.Equal(ak[i], ec[i], 15);
        }
    }

    [Theory]
    [InlineData("price [EUR/MWh]", "92.85", 0.09285)]
    [InlineData("price (ct/kWh)", "9.285", 0.09285)]
    [InlineData("price_EUR/kWh", "0.09285", 0.09285)]
    [InlineData("price [€/MWh]", "-5.5", -0.0055)]
    public void Csv_converts_units(string header, string value, double expected)
    {
        var s = DayAheadPrices.ParseCsv(new StringReader($"time,{header}\n2025-01-01T00:00:00Z,{value}\n2025-01-01T00:15:00Z,0\n"), "p.csv");
        Assert.Equal(expected, s[0], 12);
        Assert.Equal(900, s.StepSeconds);
    }

    [Theory]
    [InlineData("EUR/MWh", PriceUnit.EurPerMWh)]
    [InlineData("Eur/MWh", PriceUnit.EurPerMWh)]
    [InlineData("EUR / MWh", PriceUnit.EurPerMWh)]
    [InlineData("ct/kWh", PriceUnit.CentPerKWh)]
    [InlineData("Eurocent/kWh", PriceUnit.CentPerKWh)]
    [InlineData("EUR/Wh", PriceUnit.EurPerWh)]
    public void Unit_labels_parse(string label, PriceUnit unit)
    {
        Assert.True(PriceUnits.TryParse(label, out var parsed));
        Assert.Equal(unit, parsed);
        Assert.False(PriceUnits.TryParse("ct/MWh", out _));
        Assert.False(PriceUnits.TryParse("USD/kWh", out _));
        Assert.Equal(300.0, PriceUnits.ToEurPerKWh(0.3, PriceUnit.EurPerWh), 12);
    }

    [Fact]
    public void Bad_json_names_the_file_and_path()
    {
        var gap = Assert.Throws<InputException>(() => DayAheadPrices.ParseEnergyCharts(
            "{\"unix_seconds\":[0,3600,10800],\"price\":[1,2,3],\"unit\":\"EUR / MWh\"}", "ec.json"));
        Assert.Equal("ec.json", gap.File);
        Assert.Contains("$.unix_seconds[2]", gap.Message, StringComparison.Ordinal);

        var nullPrice = Assert.Throws<InputException>(() => DayAheadPrices.ParseEnergyCharts(
            "{\"unix_seconds\":[0,3600],\"price\":[1,null],\"unit\":\"EUR / MWh\"}", "ec.json"));
        Assert.Contains("$.price[1]", nullPrice.Message, StringComparison.Ordinal);

        var unit = Assert.Throws<InputException>(() => DayAheadPrices.ParseEnergyCharts(
            "{\"unix_seconds\":[0],\"price\":[1],\"unit\":\"MWh\"}", "ec.json"));
        Assert.Contains("$.unit", unit.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<InputException>(() => DayAheadPrices.ParseAkkudoktor(
            "{\"values\":[{\"start_timestamp\":0,\"end_timestamp\":3600000,\"unit\":\"Eur/MWh\"}]}", "a.json"));
        Assert.Contains("$.values[0].marketprice is missing", missing.Message, StringComparison.Ordinal);

        var akGap = Assert.Throws<InputException>(() => DayAheadPrices.ParseAkkudoktor(
            "{\"values\":[{\"start_timestamp\":0,\"end_timestamp\":3600000,\"marketprice\":1,\"unit\":\"Eur/MWh\"},{\"start_timestamp\":7200000,\"end_timestamp\":10800000,\"marketprice\":1,\"unit\":\"Eur/MWh\"}]}", "a.json"));
        Assert.Contains("$.values[1]", akGap.Message, StringComparison.Ordinal);

        var broken = Assert.Throws<InputException>(() => DayAheadPrices.ParseAkkudoktor("{\n\"values\": [", "a.json"));
        Assert.Equal("a.json", broken.File);
        Assert.NotNull(broken.Line);
    }

    [Fact]
    public void Csv_gap_names_the_line()
    {
        var e = Assert.Throws<InputException>(() => DayAheadPrices.ParseCsv(
            new StringReader("time,price [ct/kWh]\n2025-01-01T00:00Z,1\n2025-01-01T01:00Z,1\n2025-01-01T05:00Z,1\n"), "p.csv"));
        Assert.Equal(4, e.Line);
        var u = Assert.Throws<InputException>(() => DayAheadPrices.ParseCsv(new StringReader("time,price [kWh]\n2025-01-01T00:00Z,1\n"), "p.csv"));
        Assert.Equal(1, u.Line);
    }
}
