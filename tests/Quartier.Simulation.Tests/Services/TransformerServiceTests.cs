using Quartier.Core.Model;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

public sealed class TransformerServiceTests
{
    [Fact]
    public void Small_test_loading_is_the_apparent_power_of_both_connections_over_200_kVA()
    {
        var sim = Sim.Run(ReferenceData.SmallTest, 96, [.. BuiltInServices.Create()]);
        string[] homes = ["ConnectionHome1", "ConnectionHome2"];
        bool loaded = false;
        for (int k = 1; k <= 96; k++)
        {
            double p = 0, q = 0;
            foreach (var home in homes)
            {
                for (int ph = 1; ph <= 3; ph++)
                {
                    p += sim.At($"EConnection/active_power_ph{ph}", home, k);
                    q += sim.At($"EConnection/reactive_power_ph{ph}", home, k);
                }
            }

            double s = Math.Sqrt((p * p) + (q * q));
            Assert.Equal(p, sim.At("Transformer/active_power", "Transformer1", k), 9);
            Assert.Equal(q, sim.At("Transformer/reactive_power", "Transformer1", k), 9);
            Assert.Equal(s, sim.At("Transformer/apparent_power", "Transformer1", k), 9);
            Assert.Equal(100 * s / 200_000, sim.At("Transformer/loading", "Transformer1", k), 12);
            Assert.Equal(200_000.0, sim.At("Transformer/rating", "Transformer1", k));
            loaded |= s > 1000;
        }

        Assert.True(loaded);

        // the net power of both homes is what the transformer carries
        Assert.Equal(
            sim.At("EConnection/net_power", "ConnectionHome1", 40) + sim.At("EConnection/net_power", "ConnectionHome2", 40),
            sim.At("Transformer/active_power", "Transformer1", 40),
            9);
    }

    [Fact]
    public void The_rating_comes_from_power_or_from_the_kVA_in_the_asset_type()
    {
        static Asset Transformer(params (string, string)[] attrs) =>
            new("t", "T", "Transformer", AssetKind.Transformer, attrs.ToDictionary(a => a.Item1, a => a.Item2));

        Assert.Equal(200_000.0, TransformerService.RatingOf(Transformer(("assetType", "9500_380_V_200_kVA_Onbekend"))));
        Assert.Equal(400_000.0, TransformerService.RatingOf(Transformer(("assetType", "400kVA"))));
        Assert.Equal(630_000.0, TransformerService.RatingOf(Transformer(("power", "630000"), ("assetType", "9500_380_V_200_kVA_Onbekend"))));
        Assert.Null(TransformerService.RatingOf(Transformer(("assetType", "unknown"))));
    }
}
