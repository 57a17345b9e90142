using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Load;

namespace Quartier.Forecasting.Tests.Load;

public sealed class StochasticLoadTests
{
    private static readonly Lazy<LoadProfileSeries> Year = new(() => EosYearlyLoadProfileTests.Eos.Value.ToSeries(2023, 4000));

    private static TimeSeries Week(TimeSeries s) => s.Slice(24 * 30, 24 * 7);

    [Fact]
    public void Same_seed_gives_the_same_draw_and_other_seeds_differ()
    {
        var sampler = new StochasticLoad(Year.Value.Energy, Year.Value.Std, new LoadNoiseOptions(Autocorrelation: 0.5));
        var a = sampler.Sample(17);
        var b = sampler.Sample(17);
        var c = sampler.Sample(18);
        Assert.Equal(a.Values, b.Values);
        Assert.NotEqual(a.Values, c.Values);
        Assert.Equal(Year.Value.Energy.Start, a.Start);
        Assert.Equal(8760, a.Count);
        // The draw's first value is the seeded normal deviate applied to hour 0 (checks the formula, not only determinism).
        var random = StochasticLoad.RandomFor(17);
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        Assert.Equal(Math.Max(0, Year.Value.Energy[0] + (Year.Value.Std[0] * z)), a[0], 12);
    }

    [Fact]
    public void Preserving_energy_keeps_the_annual_total_and_non_negativity()
    {
        var sampler = new StochasticLoad(Year.Value.Energy, null, new LoadNoiseOptions(RelativeStd: 0.8, Autocorrelation: 0.7, PreserveEnergy: true));
        for (int seed = 0; seed < 5; seed++)
        {
            var draw = sampler.Sample(seed);
            Assert.Equal(4_000_000, draw.Sum(), 5);
            Assert.All(draw.Values, v => Assert.True(v >= 0));
        }

        var free = new StochasticLoad(Year.Value.Energy, null, new LoadNoiseOptions(RelativeStd: 0.8));
        var d = free.Sample(1);
        Assert.All(d.Values, v => Assert.True(v >= 0));
        Assert.Contains(0.0, d.Values);
        Assert.True(d.Sum() > 4_000_000, "clipping at 0 with 80 % noise adds energy when not preserved");
    }

    [Fact]
    public void Many_draws_average_to_the_profile_with_its_std()
    {
        var mean = Week(Year.Value.Energy);
        var std = Week(Year.Value.Std);
        var sampler = new StochasticLoad(mean, std, new LoadNoiseOptions());
        const int draws = 4000;
        var sum = new double[mean.Count];
        var sq = new double[mean.Count];
        var buffer = new double[mean.Count];
        for (int seed = 0; seed < draws; seed++)
        {
            sampler.Sample(seed, buffer);
            for (int i = 0; i < buffer.Length; i++)
            {
                sum[i] += buffer[i];
                sq[i] += buffer[i] * buffer[i];
            }
        }

        for (int i = 0; i < mean.Count; i++)
        {
            double m = sum[i] / draws;
            double s = Math.Sqrt((sq[i] / draws) - (m * m));
            // EOS's std is ~12 % of the mean, so clipping at 0 never happens and the draw is unbiased.
            Assert.InRange(m, mean[i] - (5 * std[i] / Math.Sqrt(draws)), mean[i] + (5 * std[i] / Math.Sqrt(draws)));
            Assert.InRange(s, std[i] * 0.9, std[i] * 1.1);
        }
    }

    [Fact]
    public void Autocorrelation_option_sets_the_lag_one_correlation()
    {
        var flat = new TimeSeries(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 3600, Enumerable.Repeat(1000.0, 8760).ToArray(), "Wh", "flat", SeriesKind.Amount);
        double Lag1(double phi)
        {
            var d = new StochasticLoad(flat, null, new LoadNoiseOptions(RelativeStd: 0.1, Autocorrelation: phi)).Sample(99).Values;
            double num = 0, den = 0;
            for (int i = 1; i < d.Length; i++)
            {
                num += (d[i] - 1000) * (d[i - 1] - 1000);
                den += (d[i - 1] - 1000) * (d[i - 1] - 1000);
            }

            return num / den;
        }

        Assert.InRange(Lag1(0), -0.04, 0.04);
        Assert.InRange(Lag1(0.9), 0.87, 0.93);
    }

    [Fact]
    public void Needs_a_std_source()
    {
        Assert.Throws<ArgumentException>(() => new StochasticLoad(Year.Value.Energy, null, new LoadNoiseOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StochasticLoad(Year.Value.Energy, null, new LoadNoiseOptions(0.1, Autocorrelation: 1)));
    }
}
