using Quartier.Core.Tariffs;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Tests.Services;

public sealed class ContractPricesTests
{
    [Fact]
    public void Prices_four_at_a_time_are_the_contracts_own_bits()
    {
        var random = new Random(20261205);
        var contracts = Enumerable.Range(0, 203).Select(_ => new ConnectionContract
        {
            Kind = (ContractKind)random.Next(3),
            Price = random.Next(5) == 0 ? -0.0 : random.NextDouble() * 0.4,
            FlatPrice = random.Next(5) == 0 ? 0.0 : random.NextDouble() * 0.2,
            FeedInPrice = random.Next(2) == 0 ? null : random.NextDouble() * 0.1,
        }).ToArray();
        var prices = new ContractPrices(contracts);
        double[] dayAhead = [0.0, -0.0, 0.081, -0.02, double.NaN, double.PositiveInfinity, 1e-310];
        foreach (double da in dayAhead)
        {
            for (int first = 0; first < 16; first += 3)
            {
                int n = Math.Min(64, contracts.Length - first);
                var buy = new double[n];
                var sell = new double[n];
                prices.At(da, first, buy, sell);
                for (int r = 0; r < n; r++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(contracts[first + r].Buy(da)), BitConverter.DoubleToInt64Bits(buy[r]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(contracts[first + r].Sell(da)), BitConverter.DoubleToInt64Bits(sell[r]));
                }
            }
        }
    }
}
