using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Tests.Forecasts;

public sealed class ForecastProviderTests
{
    private static readonly DateTime T0 = new(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>An hourly series whose value encodes its index, so shifts can be read off.</summary>
    private static TimeSeries Ramp(int hours, int step = 3600)
    {
        var v = new double[hours * 3600 / step];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = i;
        }

        return new TimeSeries(T0, step, v, "W", "ramp");
    }

    [Fact]
    public void Perfect_forecast_is_the_actual_from_the_current_interval()
    {
        var actual = Ramp(96);
        var f = new PerfectForecast().Forecast(actual, T0.AddHours(30).AddMinutes(20), 24);
        Assert.Equal(T0.AddHours(30), f.Start);
        Assert.Equal(actual.Slice(30, 24).Values, f.Values);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerfectForecast().Forecast(actual, T0.AddHours(80), 24));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PerfectForecast().Forecast(actual, T0.AddHours(-1), 1));
    }

    [Fact]
    public void Daily_persistence_shifts_by_exactly_24_hours()
    {
        var actual = Ramp(24 * 5, 900);
        var now = T0.AddDays(3).AddHours(7);
        int first = actual.IndexOf(now);
        var f = PersistenceForecast.Daily.Forecast(actual, now, 192);
        for (int l = 0; l < 96; l++)
        {
            Assert.Equal(actual.ValueAt(f.TimeAt(l).AddHours(-24)), f[l]);
            Assert.Equal(first + l - 96, f[l]);
        }

        // Leads of 24 h to 48 h cannot use a value 24 h earlier (it lies in the future): they use 48 h earlier.
        for (int l = 96; l < 192; l++)
        {
            Assert.Equal(first + l - 192, f[l]);
        }
    }

    [Fact]
    public void Weekly_persistence_uses_last_week()
    {
        var actual = Ramp(24 * 21);
        var now = T0.AddDays(14).AddHours(5);
        var f = PersistenceForecast.Weekly.Forecast(actual, now, 48);
        for (int l = 0; l < 48; l++)
        {
            Assert.Equal((14 * 24) + 5 + l - 168, f[l]);
        }
    }

    [Fact]
    public void Persistence_warm_up_uses_the_first_day()
    {
        var actual = Ramp(72);
        var f = PersistenceForecast.Daily.Forecast(actual, T0.AddHours(10), 24);
        // Targets 10..23 have no value 24 h before the series start: the same hour of day 0 is used.
        Assert.Equal(10.0, f[0]);
        Assert.Equal(23.0, f[13]);
        // Target 24 (lead 14) has its yesterday: hour 0.
        Assert.Equal(0.0, f[14]);
        Assert.Throws<ArgumentException>(() => new PersistenceForecast(TimeSpan.FromMinutes(90)).Forecast(actual, T0, 4));
    }

    [Fact]
    public void Noisy_forecast_is_reproducible_per_seed_and_time()
    {
        var actual = Constant(24 * 30, 100);
        var options = new NoisyForecastOptions(2, 0.5);
        var a = new NoisyForecast(42, options).Forecast(actual, T0.AddHours(5), 36);
        var b = new NoisyForecast(42, options).Forecast(actual, T0.AddHours(5).AddMinutes(59), 36);
        Assert.Equal(a.Values, b.Values);
        var otherSeed = new NoisyForecast(43, options).Forecast(actual, T0.AddHours(5), 36);
        var otherTime = new NoisyForecast(42, options).Forecast(actual, T0.AddHours(6), 36);
        Assert.NotEqual(a.Values, otherSeed.Values);
        Assert.NotEqual(a.Values[1..], otherTime.Values[..35]);
    }

    [Fact]
    public void Noisy_additive_error_spread_grows_linearly_with_lead()
    {
        var actual = Constant(24 * 400, 100);
        var options = new NoisyForecastOptions(Sigma0: 1, SigmaPerHour: 0.25);
        var provider = new NoisyForecast(7, options);
        int draws = 24 * 360;
        int[] leads = [0, 6, 12, 24, 36];
        var sum = new double[leads.Length];
        var sq = new double[leads.Length];
        var buffer = new double[37];
        for (int d = 0; d < draws; d++)
        {
            provider.Forecast(actual, T0.AddHours(d), buffer);
            for (int k = 0; k < leads.Length; k++)
            {
                double e = buffer[leads[k]] - 100;
                sum[k] += e;
                sq[k] += e * e;
            }
        }

        for (int k = 0; k < leads.Length; k++)
        {
            double mean = sum[k] / draws;
            double std = Math.Sqrt((sq[k] / draws) - (mean * mean));
            double expected = options.SigmaAt(leads[k]);
            Assert.InRange(std, expected * 0.95, expected * 1.05);
            Assert.InRange(mean, -4 * expected / Math.Sqrt(draws), 4 * expected / Math.Sqrt(draws));
        }
    }

    [Fact]
    public void Noisy_multiplicative_forecast_is_never_negative_and_keeps_zeros()
    {
        var v = new double[24 * 10];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Math.Max(0, Math.Sin((i % 24 - 6) * Math.PI / 12)) * 5000; // PV-like: zero at night
        }

        var pv = new TimeSeries(T0, 3600, v, "W", "pv");
        var provider = new NoisyForecast(3, new NoisyForecastOptions(0.3, 0.05, ForecastErrorModel.Multiplicative, LeadCorrelation: 0.8));
        bool clipped = false;
        for (int h = 0; h < 24 * 7; h++)
        {
            var f = provider.Forecast(pv, T0.AddHours(h), 72);
            for (int l = 0; l < f.Count; l++)
            {
                Assert.True(f[l] >= 0);
                if (pv[h + l] == 0)
                {
                    Assert.Equal(0.0, f[l]);
                }
                else if (f[l] == 0)
                {
                    clipped = true;
                }
            }
        }

        Assert.True(clipped, "with σ up to 3.9 some forecasts must clip at 0");
    }

    [Fact]
    public void Additive_clip_option_keeps_prices_non_negative()
    {
        var prices = Constant(100, 0.01);
        var f = new NoisyForecast(1, new NoisyForecastOptions(0.05, 0, ClipAtZero: true)).Forecast(prices, T0, 48);
        Assert.All(f.Values, x => Assert.True(x >= 0));
        Assert.Contains(0.0, f.Values);
    }

    [Fact]
    public void Lead_correlation_smooths_errors()
    {
        var actual = Constant(24 * 60, 0);
        double Lag1(double rho)
        {
            var provider = new NoisyForecast(11, new NoisyForecastOptions(1, 0, LeadCorrelation: rho));
            double num = 0, den = 0;
            var buffer = new double[48];
            for (int h = 0; h < 24 * 50; h++)
            {
                provider.Forecast(actual, T0.AddHours(h), buffer);
                for (int l = 1; l < buffer.Length; l++)
                {
                    num += buffer[l] * buffer[l - 1];
                    den += buffer[l - 1] * buffer[l - 1];
                }
            }

            return num / den;
        }

        Assert.InRange(Lag1(0.0), -0.03, 0.03);
        Assert.InRange(Lag1(0.8), 0.77, 0.83);
    }

    [Fact]
    public void Span_forecasts_allocate_nothing()
    {
        var actual = Ramp(24 * 10);
        var buffer = new double[48];
        IForecastProvider[] providers = [new PerfectForecast(), PersistenceForecast.Daily, new NoisyForecast(5, new NoisyForecastOptions(1, 0.1, LeadCorrelation: 0.5))];
        foreach (var p in providers)
        {
            p.Forecast(actual, T0.AddDays(2), buffer);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int h = 0; h < 100; h++)
            {
                p.Forecast(actual, T0.AddDays(2).AddHours(h), buffer);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static TimeSeries Constant(int hours, double value)
    {
        var v = new double[hours];
        Array.Fill(v, value);
        return new TimeSeries(T0, 3600, v, "EUR/kWh", "constant");
    }
}
