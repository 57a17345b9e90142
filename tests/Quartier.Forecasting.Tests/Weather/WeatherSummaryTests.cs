using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Weather;

/// <summary>Monthly figures by local standard time.</summary>
public sealed class WeatherSummaryTests
{
    [Fact]
    public void Amsterdam_months_are_local_and_add_up_to_the_year()
    {
        var s = WeatherReader.Read(ReferenceData.Path("weather/NLD_Amsterdam062400_IWEC.epw"));
        var months = WeatherSummary.Monthly(s);

        // The series starts 1994-12-31 23:00 UTC = 1995-01-01 00:00 local, so there are exactly 12 local months.
        Assert.Equal(12, months.Count);
        Assert.Equal((1995, 1, 744), (months[0].Year, months[0].Month, months[0].Intervals));
        Assert.Equal(672, months[1].Intervals);
        Assert.Equal(8760, months.Sum(m => m.Intervals));
        Assert.Equal(982.481, months.Sum(m => m.GhiKwhPerM2), 9);
        Assert.All(months, m => Assert.Equal(0, m.MissingGhi));

        // January's mean temperature from the raw records (lines 9 … 752).
        double sum = 0;
        foreach (var line in File.ReadLines(ReferenceData.Path("weather/NLD_Amsterdam062400_IWEC.epw")).Skip(8).Take(744))
        {
            sum += double.Parse(line.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(sum / 744, months[0].MeanAirTemperature, 12);
        Assert.True(months[5].GhiKwhPerM2 > months[11].GhiKwhPerM2 * 5);
        Assert.Equal(8760, WeatherSummary.Available(s, WeatherQuantity.Ghi));
    }
}
