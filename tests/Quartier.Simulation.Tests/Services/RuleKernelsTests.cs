using Quartier.Simulation.Services;

namespace Quartier.Simulation.Tests.Services;

public sealed class RuleKernelsTests
{
    [Fact]
    public void Apparent_power_is_the_bits_of_the_square_root_whether_or_not_it_is_taken()
    {
        var random = new Random(20261205);
        const int n = 4099;
        var p = new double[n];
        var q = new double[n];
        for (int i = 0; i < n; i++)
        {
            int e = random.Next(-1100, 1100);
            p[i] = random.Next(13) switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => -0.0,
                3 => double.Epsilon * random.Next(1, 1000),
                4 => random.Next(2) == 0 ? 1.0 / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) / (1L << 62) : -Math.ScaleB(1, 496),
                _ => (random.NextDouble() - 0.5) * Math.ScaleB(1, e),
            };

            // runs of four zeros (±0) for the short cut, and reactive power elsewhere
            q[i] = (i / 4) % 3 == 0 ? (random.Next(2) == 0 ? 0.0 : -0.0) : (random.NextDouble() - 0.5) * Math.ScaleB(1, random.Next(-60, 60));
        }

        var outP = new double[n];
        var outQ = new double[n];
        var s = new double[n];
        RuleKernels.Apparent(p, q, outP, outQ, s);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(p[i]), BitConverter.DoubleToInt64Bits(outP[i]));
            Assert.Equal(BitConverter.DoubleToInt64Bits(q[i]), BitConverter.DoubleToInt64Bits(outQ[i]));
            double expected = Math.Sqrt((p[i] * p[i]) + (q[i] * q[i]));
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(s[i]), $"{i}: p {p[i]:R} q {q[i]:R}: {expected:R} expected, {s[i]:R}");
        }
    }
}
