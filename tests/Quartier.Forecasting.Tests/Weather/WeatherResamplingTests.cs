using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Weather;

/// <summary>Resampling keeps irradiation exactly and interpolates states between interval midpoints.</summary>
public sealed class WeatherResamplingTests
{
    public static TheoryData<string> ReferenceFiles => new()
    {
        "weather/NLD_Amsterdam062400_IWEC.epw",
        "weather/tmy_45.000_8.000_2005_2023.epw",
        "weather/tmy_45.000_8.000_2005_2023.csv",
        "weather/pvgis_hourly_Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv",
        "eos/weatherforecast_brightsky_1.json",
        "eos/weatherforecast_brightsky_2.json",
        "eos/weatherforecast_openmeteo_1.json",
        "eos/weatherforecast_openmeteo_2.json",
        "eos/weatherforecast_clearout_1.json",
    };

    [Theory]
    [MemberData(nameof(ReferenceFiles))]
    public void Quarter_hours_keep_every_days_irradiation(string file)
    {
        var hourly = WeatherReader.Read(ReferenceData.Path(file));
        var fine = hourly.Resample(900);
        Assert.Equal(hourly.Count * 4, fine.Count);
        Assert.Equal(hourly.Start, fine.Start);
        Assert.Equal(hourly.End, fine.End);

        int checkedDays = 0;
        var arrays = new List<(double[] Coarse, double[] Fine)> { (hourly.Ghi, fine.Ghi), (hourly.Dni, fine.Dni), (hourly.Dhi, fine.Dhi) };
        if (hourly.PlaneOfArray is { } poa)
        {
            var finePoa = Assert.IsType<PlaneOfArraySeries>(fine.PlaneOfArray);
            arrays.Add((poa.Beam, finePoa.Beam));
            arrays.Add((poa.Diffuse, finePoa.Diffuse));
            arrays.Add((poa.Reflected, finePoa.Reflected));
            arrays.Add((poa.Total, finePoa.Total));
        }

        foreach (var (coarse, quarter) in arrays)
        {
            // Days (UTC) of the hourly series, by whole days or the partial first/last day.
            for (int from = 0; from < hourly.Count;)
            {
                var day = hourly.TimeAt(from).Date;
                int to = from;
                while (to < hourly.Count && hourly.TimeAt(to).Date == day)
                {
                    to++;
                }

                double wh = 0;
                for (int i = from; i < to; i++)
                {
                    wh += coarse[i] * 3600;
                }

                double fineWh = 0;
                for (int i = from * 4; i < to * 4; i++)
                {
                    fineWh += quarter[i] * 900;
                }

                if (!double.IsNaN(wh))
                {
                    Assert.True(Math.Abs(fineWh - wh) <= 1e-9 * Math.Max(Math.Abs(wh), 1), $"{file} {day:yyyy-MM-dd}: {fineWh} Wh/m² after resampling, {wh} before");
                    checkedDays += wh > 0 ? 1 : 0;
                }
                else
                {
                    Assert.True(double.IsNaN(fineWh));
                }

                from = to;
            }
        }

        // Every file but the Bright Sky response (solar null throughout) has days with sunshine to check.
        if (!file.Contains("brightsky_1", StringComparison.Ordinal))
        {
            Assert.True(checkedDays > 0);
        }
    }

    [Fact]
    public void Finer_steps_interpolate_temperature_between_midpoints_and_split_irradiance_uniformly()
    {
        var s = new WeatherSeries("test", new WeatherLocation(52, 5), new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), 3600, 2);
        s.AirTemperature[0] = 10;
        s.AirTemperature[1] = 14;
        s.Ghi[0] = 400;
        s.Ghi[1] = 800;
        var q = s.Resample(900);

        // Quarter midpoints 7.5, 22.5 … 112.5 min; hour midpoints 30 and 90 min; held flat outside them.
        Assert.Equal([10, 10, 10.5, 11.5, 12.5, 13.5, 14, 14], q.AirTemperature);
        Assert.Equal([400.0, 400, 400, 400, 800, 800, 800, 800], q.Ghi);
        Assert.All(q.WindSpeed, v => Assert.True(double.IsNaN(v)));

        // Back to hours: irradiance means give the hourly values again.
        var back = q.Resample(3600);
        Assert.Equal(s.Ghi, back.Ghi);
        Assert.Equal([(10 + 10 + 10.5 + 11.5) / 4, (12.5 + 13.5 + 14 + 14) / 4], back.AirTemperature);
    }

    [Fact]
    public void Coarser_steps_take_time_weighted_means()
    {
        var s = new WeatherSeries("test", new WeatherLocation(52, 5), new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc), 1800, 5);
        double[] ghi = [0, 100, 300, 500, 700];
        double[] temp = [10, 12, 14, 13, 11];
        ghi.CopyTo(s.Ghi, 0);
        temp.CopyTo(s.AirTemperature, 0);

        var hourly = s.Resample(3600);
        Assert.Equal(2, hourly.Count); // 2.5 h: only whole hours
        Assert.Equal([50.0, 400], hourly.Ghi);
        Assert.Equal([11.0, 13.5], hourly.AirTemperature);

        // 45-minute steps overlap the half hours unevenly: (0·30 + 100·15)/45, (100·15 + 300·30)/45.
        var odd = s.Resample(2700);
        Assert.Equal(3, odd.Count);
        Assert.Equal(1500 / 45.0, odd.Ghi[0], 12);
        Assert.Equal(10_500 / 45.0, odd.Ghi[1], 12);
    }

    [Fact]
    public void Resampling_onto_a_given_window_marks_uncovered_intervals_nan()
    {
        var s = new WeatherSeries("test", new WeatherLocation(52, 5), new DateTime(2024, 6, 1, 10, 0, 0, DateTimeKind.Utc), 3600, 3);
        double[] ghi = [100, 200, 300];
        double[] temp = [10, 20, 30];
        ghi.CopyTo(s.Ghi, 0);
        temp.CopyTo(s.AirTemperature, 0);

        // 30-min steps from 09:30: [09:30,10:00) lies before the data; [12:30,13:00) is the last covered; [13:00,13:30) after it.
        var r = s.Resample(new DateTime(2024, 6, 1, 9, 30, 0, DateTimeKind.Utc), 1800, 8);
        Assert.Equal(new DateTime(2024, 6, 1, 9, 30, 0, DateTimeKind.Utc), r.Start);
        Assert.True(double.IsNaN(r.Ghi[0]));
        Assert.True(double.IsNaN(r.AirTemperature[0]));
        Assert.Equal([100.0, 100, 200, 200, 300, 300], r.Ghi[1..7]);
        Assert.Equal([10, 12.5, 17.5, 22.5, 27.5, 30], r.AirTemperature[1..7]);
        Assert.True(double.IsNaN(r.Ghi[7]));
        Assert.True(double.IsNaN(r.AirTemperature[7]));

        // A window shifted by 20 minutes: the hour 10:20–11:20 takes 40 min of 100 and 20 min of 200.
        var shifted = s.Resample(new DateTime(2024, 6, 1, 10, 20, 0, DateTimeKind.Utc), 3600, 2);
        Assert.Equal(((100 * 40) + (200 * 20)) / 60.0, shifted.Ghi[0], 12);
        Assert.Equal(((200 * 40) + (300 * 20)) / 60.0, shifted.Ghi[1], 12);
    }

    [Fact]
    public void Random_series_keep_their_irradiation_at_any_dividing_step()
    {
        var random = new Random(20_240_601);
        int[] steps = [60, 300, 600, 900, 1200, 1800];
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(1, 200);
            var s = new WeatherSeries("random", new WeatherLocation(0, 0), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 3600, n);
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                s.Ghi[i] = random.NextDouble() * 1000;
                sum += s.Ghi[i] * 3600;
            }

            int step = steps[random.Next(steps.Length)];
            var r = s.Resample(step);
            double got = 0;
            foreach (double v in r.Ghi)
            {
                got += v * step;
            }

            Assert.True(Math.Abs(got - sum) <= 1e-9 * sum, $"trial {trial}: {got} vs {sum}");
        }
    }
}
