using Quartier.Simulation.Services;

namespace Quartier.Simulation.Tests.Services;

/// <summary>The arithmetic shortcuts the services take in their hot loops give the same bits as the operations they replace.</summary>
public sealed class ExactShortcutTests
{
    [Theory]
    [InlineData(4.0, true)]
    [InlineData(2.0, true)]
    [InlineData(0.5, true)]
    [InlineData(1.0, true)]
    [InlineData(3.5, false)]
    [InlineData(2.5, false)]
    [InlineData(0.0, false)]
    [InlineData(-4.0, false)]
    [InlineData(double.NaN, false)]
    [InlineData(double.PositiveInfinity, false)]
    [InlineData(double.Epsilon, false)]
    [InlineData(8.98846567431158E+307, false)]
    public void Power_of_two_is_recognised_only_where_its_reciprocal_is_exact(double x, bool expected)
    {
        Assert.Equal(expected, ExactArithmetic.IsPowerOfTwo(x));
    }

    [Fact]
    public void Multiplying_by_the_reciprocal_of_a_power_of_two_is_dividing_by_it()
    {
        var random = new Random(20261205);
        double[] divisors = [4.0, 2.0, 0.25, 1024.0, 1.0 / 1024];
        double[] special = [0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, -double.MaxValue, 2.2250738585072014E-308];
        foreach (double d in divisors)
        {
            Assert.True(ExactArithmetic.IsPowerOfTwo(d));
            double reciprocal = 1 / d;
            var values = special.Concat(Enumerable.Range(0, 100_000).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64())));
            foreach (double y in values)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(y / d), BitConverter.DoubleToInt64Bits(y * reciprocal));
            }
        }
    }

    [Fact]
    public void A_quotient_of_a_finite_nonzero_value_by_itself_is_one_and_of_positive_zero_is_positive_zero()
    {
        var random = new Random(7);
        for (int k = 0; k < 100_000; k++)
        {
            double q = BitConverter.Int64BitsToDouble(random.NextInt64() & long.MaxValue);
            if (!double.IsFinite(q) || q == 0)
            {
                continue;
            }

            Assert.Equal(1.0, q / q);
            Assert.Equal(0L, BitConverter.DoubleToInt64Bits(0.0 / q));
        }
    }
}
