using Quartier.Core.Errors;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Tests.Services;

/// <summary>A weather file's series on a run's grid: typical years for any year, energy-preserving means, interpolated states.</summary>
public sealed class WeatherSamplerTests
{
    /// <summary>A typical year in UTC+1 (like Amsterdam's EPW): hour h of the year has GHI = h W/m² and 10 + h/1000 °C.</summary>
    private static WeatherSeries TypicalYear()
    {
        var w = new WeatherSeries("typical.epw", new WeatherLocation(52.3, 4.8, 0, 1), new DateTime(2005, 12, 31, 23, 0, 0, DateTimeKind.Utc), 3600, 8760);
        for (int h = 0; h < 8760; h++)
        {
            w.Ghi[h] = h;
            w.AirTemperature[h] = 10 + (h / 1000.0);
        }

        return w;
    }

    [Fact]
    public void A_typical_year_is_read_at_the_same_local_time_of_year_in_any_year()
    {
        var sampler = new WeatherSampler(TypicalYear());
        Assert.True(sampler.TypicalYear);

        // 2030-03-01 12:00 UTC = 13:00 local = hour 59·24 + 13 = 1429 of the year
        var ghi = sampler.Mean(TypicalYear().Ghi, new DateTime(2030, 3, 1, 12, 0, 0, DateTimeKind.Utc), 3600, 1);
        Assert.Equal(1429.0, ghi[0], 12);
    }

    [Fact]
    public void Quarter_hours_take_their_hours_mean_so_irradiation_is_preserved()
    {
        var series = TypicalYear();
        var sampler = new WeatherSampler(series);
        var start = new DateTime(2021, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var quarters = sampler.Mean(series.Ghi, start, 900, 96);
        var hours = sampler.Mean(series.Ghi, start, 3600, 24);
        Assert.Equal(hours.Sum() * 3600, quarters.Sum() * 900, 6);
        Assert.Equal(hours[5], quarters[20], 12);
        Assert.Equal(hours[5], quarters[23], 12);

        // a 2-hour step averages two hours
        var twoHours = sampler.Mean(series.Ghi, start, 7200, 1);
        Assert.Equal((hours[0] + hours[1]) / 2, twoHours[0], 12);
    }

    [Fact]
    public void Temperatures_are_interpolated_between_interval_midpoints()
    {
        var series = TypicalYear();
        var sampler = new WeatherSampler(series);

        // 2021-01-01 00:00–00:15 UTC = 01:00–01:15 local, midpoint 01:07:30; hour 0 (10.000 °C) has its midpoint at
        // 00:30 and hour 1 (10.001 °C) at 01:30, so 01:07:30 is 0.625 of the way from one to the other
        var t = sampler.Interpolate(series.AirTemperature, new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, 1);
        Assert.Equal(10 + (0.625 / 1000), t[0], 12);
    }

    [Fact]
    public void The_366th_day_of_a_leap_year_reuses_31_December()
    {
        var series = TypicalYear();
        var sampler = new WeatherSampler(series);
        var dec31Leap = sampler.Mean(series.Ghi, new DateTime(2024, 12, 31, 11, 0, 0, DateTimeKind.Utc), 3600, 1);
        var dec31 = sampler.Mean(series.Ghi, new DateTime(2023, 12, 31, 11, 0, 0, DateTimeKind.Utc), 3600, 1);
        Assert.Equal(dec31[0], dec31Leap[0], 12);
    }

    [Fact]
    public void A_dated_series_must_cover_the_run()
    {
        var w = new WeatherSeries("forecast.json", new WeatherLocation(52, 5), new DateTime(2025, 7, 25, 0, 0, 0, DateTimeKind.Utc), 3600, 48);
        Array.Fill(w.Ghi, 100.0);
        var sampler = new WeatherSampler(w);
        Assert.False(sampler.TypicalYear);
        Assert.Equal(100.0, sampler.Mean(w.Ghi, new DateTime(2025, 7, 25, 6, 0, 0, DateTimeKind.Utc), 900, 4)[3]);
        var ex = Assert.Throws<InputException>(() => sampler.Mean(w.Ghi, new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc), 900, 4));
        Assert.Equal("forecast.json", ex.File);
    }
}
