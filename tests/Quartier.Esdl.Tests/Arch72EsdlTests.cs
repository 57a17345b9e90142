using Quartier.Core.Model;

namespace Quartier.Esdl.Tests;

/// <summary>The DOTS arch72-bandwidth ESDL: 60 homes, half of them with an EMS.</summary>
public sealed class Arch72EsdlTests
{
    private static readonly Lazy<EnergySystem> Loaded = new(() => EsdlReader.ReadFile(ReferenceData.Path("dots/arch72-bandwidth/arch72-bandwidth.esdl")));

    private static EnergySystem System => Loaded.Value;

    [Fact]
    public void Loads()
    {
        Assert.NotEmpty(System.Assets);
        Assert.Single(System.Instances);
    }

    [Fact]
    public void Counts_per_type()
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["Building"] = 60,
            ["EConnection"] = 60,
            ["ElectricityCable"] = 187,
            ["ElectricityDemand"] = 60,
            ["ElectricityNetwork"] = 180,
            ["EnergyMarket"] = 1,
            ["EnvironmentalProfiles"] = 1,
            ["EVChargingStation"] = 22,
            ["HybridHeatPump"] = 3,
            ["Import"] = 1,
            ["Joint"] = 129,
            ["PVInstallation"] = 30,
            ["Transformer"] = 1,
        };

        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), System.CountByType().OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(896 + 837, System.PortsById.Count);
    }

    [Fact]
    public void Half_of_the_connections_have_an_ems()
    {
        var connections = System.OfKind(AssetKind.EConnection).ToList();

        Assert.Equal(30, connections.Count(c => c.ParameterFlag("got_ems", false)));
        Assert.Equal(30, connections.Count(c => !c.ParameterFlag("got_ems", true)));
    }

    [Fact]
    public void Transformer_secondary_voltage()
    {
        var transformer = Assert.Single(System.OfKind(AssetKind.Transformer));

        Assert.Equal(0.4, transformer.RequiredDouble("voltageSecundary"));
    }

    [Fact]
    public void Aggregator_services_are_skipped_with_two_warnings()
    {
        Assert.Equal(2, System.Warnings.Count);
        Assert.All(System.Warnings, w => Assert.Contains("AggregatorService", w, StringComparison.Ordinal));
        Assert.All(System.Warnings, w => Assert.Contains("arch72-bandwidth.esdl:", w, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_connection_is_symmetric()
    {
        foreach (var port in System.PortsById.Values)
        {
            Assert.All(port.ConnectedTo, other => Assert.Contains(port, other.ConnectedTo));
        }
    }

    [Fact]
    public void Every_profile_covers_a_common_span()
    {
        Assert.NotNull(System.ProfileSpan());
        Assert.Equal(64, System.AllProfiles().Count());
    }
}
