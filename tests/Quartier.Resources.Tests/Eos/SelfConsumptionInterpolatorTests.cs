using System.Text.Json;
using Quartier.Resources.Eos;

namespace Quartier.Resources.Tests.Eos;

/// <summary>The embedded EOS self-consumption grid and the rate built from it.</summary>
public sealed class SelfConsumptionInterpolatorTests
{
    private static readonly Lazy<double[][]> Grid = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ReferenceData.Path("eos/self_consumption_interpolator_grid.json")));
        return doc.RootElement.GetProperty("values_row_major").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
    });

    [Fact]
    public void Embedded_grid_is_the_reference_grid()
    {
        var scr = SelfConsumptionInterpolator.Default;
        Assert.Equal(70, scr.LoadAxis.Length);
        Assert.Equal(100, scr.PartialLoadAxis.Length);
        Assert.Equal(3450.0, scr.LoadAxis[^1]);
        Assert.Equal(4950.0, scr.PartialLoadAxis[^1]);
        var grid = Grid.Value;
        for (int i = 0; i < 70; i += 7)
        {
            for (int j = 0; j < 100; j += 9)
            {
                Assert.Equal(grid[i][j], scr.Value(50.0 * i, 50.0 * j));
            }
        }
    }

    [Fact]
    public void Off_grid_point_is_the_hand_computed_bilinear_value()
    {
        // (525 W, 160 W) lies between loads 500/550 (indices 10/11, fraction 0.5) and partial loads 150/200 (indices 3/4, fraction 0.2).
        var g = Grid.Value;
        double expected = (g[10][3] * 0.5 * 0.8) + (g[10][4] * 0.5 * 0.2) + (g[11][3] * 0.5 * 0.8) + (g[11][4] * 0.5 * 0.2);
        Assert.Equal(0.050159230150263606, expected, 15);
        Assert.Equal(expected, SelfConsumptionInterpolator.Default.Value(525, 160), 15);
    }

    [Fact]
    public void Rate_sums_the_partial_loads_0_to_pv_in_50_w_steps()
    {
        // G = 120 W → ⌈170/50⌉ = 4 points: 0, 50, 100, 150 W.
        var scr = SelfConsumptionInterpolator.Default;
        double expected = 0.0;
        for (int k = 0; k < 4; k++)
        {
            expected += scr.Value(525, 50.0 * k);
        }

        Assert.Equal(expected, scr.Rate(525, 120));
        Assert.Equal(0.11092907896227801, scr.Rate(525, 120), 15);
        Assert.Equal(scr.Value(525, 0), scr.Rate(525, 0));
    }

    [Theory]
    [InlineData(3450.0001, 2000)]
    [InlineData(3451, 5000)]
    [InlineData(10_000, 9000)]
    [InlineData(-1, 2000)]
    public void Rate_is_zero_outside_the_load_axis(double load, double pv)
    {
        Assert.Equal(0.0, SelfConsumptionInterpolator.Default.Rate(load, pv));
    }

    [Fact]
    public void Grid_end_points_are_inside()
    {
        var scr = SelfConsumptionInterpolator.Default;
        var g = Grid.Value;
        Assert.Equal(g[69][99], scr.Value(3450, 4950));
        Assert.Equal(g[69][0], scr.Value(3450, 0));
        Assert.True(scr.Rate(3450, 2000) > 0.1);
        Assert.Equal(0.0, scr.Value(100, 4950.5));
    }

    [Fact]
    public void Rate_for_huge_pv_skips_the_zero_points_beyond_the_grid()
    {
        // 2·10^13 partial loads, all but 100 beyond 4950 W where f = 0: the sum is the grid row's sum (up to rounding order).
        var scr = SelfConsumptionInterpolator.Default;
        double r = scr.Rate(800, 1e15);
        Assert.Equal(scr.Rate(800, 4950), r, 12);
        Assert.InRange(r, 0.5, 1.5);
    }

    [Fact]
    public void Rate_does_not_allocate()
    {
        var scr = SelfConsumptionInterpolator.Default;
        double sink = scr.Rate(700, 8000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int g = 0; g < 10_000; g += 37)
        {
            sink += scr.Rate(700, g);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }
}
