using Quartier.Core.Time;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Tests.Forecasts;

public sealed class TimeSeriesTests
{
    private static readonly DateTime T0 = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Indexing_uses_interval_beginning()
    {
        var s = new TimeSeries(T0, 900, [1, 2, 3, 4], "W", "test");
        Assert.Equal(T0.AddHours(1), s.End);
        Assert.Equal(0, s.IndexOf(T0));
        Assert.Equal(0, s.IndexOf(T0.AddSeconds(899)));
        Assert.Equal(1, s.IndexOf(T0.AddSeconds(900)));
        Assert.Equal(4.0, s.ValueAt(T0.AddMinutes(59)));
        Assert.False(s.TryIndexOf(T0.AddHours(1), out _));
        Assert.False(s.TryIndexOf(T0.AddTicks(-1), out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.ValueAt(T0.AddHours(1)));
        Assert.Equal(-1, s.StepsFromStart(T0.AddSeconds(-1)));
        Assert.Equal(T0.AddMinutes(30), s.TimeAt(2));
        Assert.Throws<ArgumentException>(() => new TimeSeries(DateTime.Now, 60, [1], "W", "x"));
    }

    [Fact]
    public void Slices_copy_by_index_and_time()
    {
        var s = new TimeSeries(T0, 3600, [1, 2, 3, 4, 5], "W", "test");
        var a = s.Slice(1, 3);
        Assert.Equal([2.0, 3, 4], a.Values);
        Assert.Equal(T0.AddHours(1), a.Start);
        var b = s.Slice(T0.AddHours(3), T0.AddHours(5));
        Assert.Equal([4.0, 5], b.Values);
        Assert.Throws<ArgumentException>(() => s.Slice(T0.AddMinutes(30), T0.AddHours(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Slice(3, 3));
        a.Values[0] = 99;
        Assert.Equal(2.0, s[1]);
    }

    [Fact]
    public void Downsampling_takes_means_for_power_and_sums_for_energy()
    {
        double[] q = [100, 200, 300, 400, 1000, 1000, 0, 0];
        var power = new TimeSeries(T0, 900, q, "W", "p");
        var hourly = power.Resample(3600);
        Assert.Equal([250.0, 500.0], hourly.Values);
        Assert.Equal(power.Integral(), hourly.Integral(), 9);
        Assert.Equal(750.0, power.Integral(), 9); // (1000 + 2000) W·quarter-hours = 750 Wh

        var energy = new TimeSeries(T0, 900, q, "Wh", "e", SeriesKind.Amount);
        Assert.Equal([1000.0, 2000.0], energy.Resample(3600).Values);
    }

    [Fact]
    public void Upsampling_repeats_means_and_splits_amounts()
    {
        var power = new TimeSeries(T0, 3600, [400, 800], "W", "p");
        Assert.Equal([400.0, 400, 400, 400, 800, 800, 800, 800], power.Resample(900).Values);
        var energy = new TimeSeries(T0, 3600, [400, 800], "Wh", "e", SeriesKind.Amount);
        Assert.Equal([100.0, 100, 100, 100, 200, 200, 200, 200], energy.Resample(900).Values);
    }

    [Fact]
    public void Unaligned_resampling_weights_by_overlap()
    {
        var power = new TimeSeries(T0, 3600, [100, 400, 700], "W", "p");
        // 90-min intervals: [0, 1.5 h) = (100 + 0.5·400)/1.5, [1.5 h, 3 h) = (0.5·400 + 700)/1.5
        var r = power.Resample(T0, 5400, 2);
        Assert.Equal(200.0, r[0], 12);
        Assert.Equal(600.0, r[1], 12);
        var energy = new TimeSeries(T0, 3600, [100, 400, 700], "Wh", "e", SeriesKind.Amount);
        var e = energy.Resample(T0.AddMinutes(30), 3600, 2);
        Assert.Equal(250.0, e[0], 12);
        Assert.Equal(550.0, e[1], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => power.Resample(T0.AddMinutes(30), 3600, 3));
        var g = power.Resample(new TimeGrid(T0, 1800, 6));
        Assert.Equal([100.0, 100, 400, 400, 700, 700], g.Values);
    }

    [Fact]
    public void Resampling_preserves_totals_for_random_series()
    {
        var random = new Random(1234);
        int[] steps = [300, 600, 900, 1800, 3600, 7200, 10800];
        for (int trial = 0; trial < 200; trial++)
        {
            int step = steps[random.Next(steps.Length)];
            int target = steps[random.Next(steps.Length)];
            int span = step * target / Gcd(step, target) * (1 + random.Next(5));
            var values = new double[span / step];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = random.NextDouble() * 1000;
            }

            var amount = new TimeSeries(T0, step, values, "Wh", "r", SeriesKind.Amount);
            Assert.Equal(amount.Sum(), amount.Resample(target).Sum(), 6);
            var mean = new TimeSeries(T0, step, values, "W", "r");
            Assert.Equal(mean.Integral(), mean.Resample(target).Integral(), 6);
        }
    }

    [Fact]
    public void Power_and_energy_convert_both_ways()
    {
        var power = new TimeSeries(T0, 900, [400, 800], "kW", "p");
        var energy = power.ToAmount();
        Assert.Equal("kWh", energy.Unit);
        Assert.Equal(SeriesKind.Amount, energy.Kind);
        Assert.Equal([100.0, 200.0], energy.Values);
        var back = energy.ToMean();
        Assert.Equal("kW", back.Unit);
        Assert.Equal([400.0, 800.0], back.Values);
        Assert.Equal(300.0, energy.Integral());
        Assert.Equal(300.0, power.Integral());
        Assert.Equal([800.0, 1600.0], power.Scale(2).Values);
        Assert.Equal(600.0, power.Mean());
        Assert.Equal(400.0, power.Min());
        Assert.Equal(800.0, power.Max());
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
