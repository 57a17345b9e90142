using System.Runtime.Intrinsics;
using Quartier.Simulation.Kpis;

namespace Quartier.Simulation.Tests.Kpis;

public sealed class KpiTermsTests
{
    [Fact]
    public void Net_units_four_at_a_time_are_the_scalar_conversions()
    {
        var random = new Random(20261205);
        double[] odd = [0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -2.5, 0.49999999999999994, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            9.2233720368547758E+18, -9.2233720368547758E+18, 1e300, -1e300, 8.796093022208E+12 + 0.5];
        var values = odd.Concat(Enumerable.Range(0, 4000).Select(_ => (random.NextDouble() - 0.5) * Math.ScaleB(1, random.Next(-30, 50)))).ToArray();
        for (int i = 0; i + 4 <= values.Length; i++)
        {
            var v = Vector256.Create(values.AsSpan(i, 4));
            var units = KpiTerms.NetUnits(v * Vector256.Create(KpiTerms.NetUnitsPerWatt));
            for (int lane = 0; lane < 4; lane++)
            {
                Assert.True(KpiTerms.NetUnits(values[i + lane]) == units[lane], $"{values[i + lane]:R}: {KpiTerms.NetUnits(values[i + lane])} one at a time, {units[lane]} four at a time");
            }
        }
    }
}
