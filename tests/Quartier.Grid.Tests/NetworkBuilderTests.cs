using System.Numerics;
using Quartier.Core.Errors;
using Quartier.Esdl;
using Quartier.Grid.Network;

namespace Quartier.Grid.Tests;

public sealed class NetworkBuilderTests
{
    internal static LvNetwork TestNetwork() => Build("dots/lv-network/lv-network-test.esdl");

    internal static LvNetwork Arch72() => Build("dots/arch72-bandwidth/arch72-bandwidth.esdl");

    internal static LvNetwork Build(string relative) =>
        NetworkBuilder.FromEsdl(EsdlReader.ReadFile(ReferenceData.Path(relative)), OpenDssCodes.DefaultLineCodes(), OpenDssCodes.DefaultTransformerCodes());

    [Fact]
    public void Reference_test_network_builds()
    {
        var net = TestNetwork();

        // 10 joints of which Node10 sits between Import and transformer (MV side) → 9 LV joints + 3 connections.
        Assert.Equal(12, net.Buses.Count);
        Assert.Equal(11, net.Branches.Count);
        Assert.Equal(3, net.Loads.Count);
        Assert.DoesNotContain(net.Buses, b => b.Name == "Node10");
        Assert.Equal("Node1", net.Buses[net.SlackBus].Name); // joint on the transformer's Out port
        Assert.Equal(["ConnectionHome1", "ConnectionHome2", "ConnectionHome3"], net.Loads.Select(l => l.Name).Order().ToArray());
        Assert.Equal("connectionhome2", net.Loads.Single(l => l.Name == "ConnectionHome2").DotsName);

        // Cable4: length="236.5", assetType 4x95Al_4x6Cu_35CuAs_V_VMvKhsas (R11 0.36947, X11 0.83227003 ohm/km, 184 A), Node3 → Node6.
        var c4 = net.Branch("Cable4");
        Assert.Equal(236.5, c4.LengthM);
        Assert.Equal("4x95Al_4x6Cu_35CuAs_V_VMvKhsas", c4.CodeName);
        Assert.Equal(184.0, c4.AmpacityA);
        Assert.Equal(new Complex(0.36947 * 0.2365, 0.83227003 * 0.2365), c4.Z[0]);
        Assert.Equal(0.04947 * 0.2365, c4.Z[(3 * 4) + 0].Real, 12);
        Assert.Equal("Node3", net.Buses[c4.FromBus].Name);
        Assert.Equal("Node6", net.Buses[c4.ToBus].Name);
        Assert.Equal("cable4", c4.DotsName);

        // CableHome1: 34.6 m of 4x6Cu_4x1Cu__GPLKh (49 A) from Node6 to ConnectionHome1.
        var home1 = net.Branch("CableHome1");
        Assert.Equal(34.6, home1.LengthM);
        Assert.Equal(49.0, home1.AmpacityA);
        Assert.Equal("ConnectionHome1", net.Buses[home1.ToBus].Name);

        // Σ lengths of all 11 cables in the file = 607.9 m.
        Assert.Equal(607.9, net.Branches.Sum(b => b.LengthM), 9);

        // Transformer1: code 10000_400_V_250_kVA_Smit (250 kVA, 1.056 % load loss), ESDL voltages 10.0 / 0.38 (kV).
        var t = net.Transformer!;
        Assert.Equal("transformer1", t.DotsName);
        Assert.Equal(250.0, t.RatedKva);
        Assert.Equal(10.0, t.PrimaryKv);
        Assert.Equal(0.38, t.SecondaryKv);
        Assert.Equal(1.056, t.PercentLoadLoss);

        // Z base 0.38² / 0.25 = 0.5776 ohm; R = 1.056 % → 0.006099456 ohm; X = 7 % → 0.040432 ohm.
        Assert.Equal(0.006099456, t.SeriesImpedance.Real, 12);
        Assert.Equal(0.040432, t.SeriesImpedance.Imaginary, 12);

        // Import at 10.5 kV on 10.0/0.38 kV: 399 V line-to-line no-load → 230.363 V phase.
        Assert.Equal(380 * 10.5 / 10.0 / Math.Sqrt(3), net.SourcePhaseVoltage, 9);
        Assert.Contains(net.Notes, n => n.Contains("voltageSecundary=0.38 read as kV", StringComparison.Ordinal));
    }

    [Fact]
    public void Arch72_builds()
    {
        var net = Arch72();

        // 187 cables, 60 connections; transformer 200 kVA (10250_400_V_200_kVA_Smit).
        Assert.Equal(187, net.Branches.Count);
        Assert.Equal(60, net.Loads.Count);
        Assert.Equal(200.0, net.Transformer!.RatedKva);
        Assert.Equal(1.264, net.Transformer.PercentLoadLoss);

        // A tree: buses = cables + 1.
        Assert.Equal(188, net.Buses.Count);
        Assert.Equal(2667.8, net.Branches.Sum(b => b.LengthM), 6);
        var c1 = net.Branch("Cable1");
        Assert.Equal(9.2, c1.LengthM);
        Assert.Equal("4x50Cu_4x6Cu__GPLKh", c1.CodeName);
        var c2 = net.Branch("Cable2");
        Assert.Equal(3.0, c2.LengthM);
        Assert.Equal("4x50Cu_2x10Cu_2x2p5Cu__GPLKh", c2.CodeName);
        Assert.Equal(158.0, c2.AmpacityA);

        // Import 10.5 kV on 10.5/0.4 kV: 400 V → 230.94 V phase.
        Assert.Equal(400 / Math.Sqrt(3), net.SourcePhaseVoltage, 9);
    }

    [Fact]
    public void Unknown_line_code_lists_nearest_names()
    {
        var xml = File.ReadAllText(ReferenceData.Path("dots/lv-network/lv-network-test.esdl"))
            .Replace("assetType=\"4x6Cu_4x1Cu__GPLKh\"", "assetType=\"4x6Cu_4x1Cu__GPLKhq\"", StringComparison.Ordinal);
        var system = EsdlReader.ReadString(xml, "edited.esdl");
        var ex = Assert.Throws<InputException>(() => NetworkBuilder.FromEsdl(system, OpenDssCodes.DefaultLineCodes(), OpenDssCodes.DefaultTransformerCodes()));
        Assert.Contains("line code '4x6Cu_4x1Cu__GPLKhq'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nearest: 4x6Cu_4x1Cu__GPLKh", ex.Message, StringComparison.Ordinal);
        Assert.Equal("8e58b6d0-a4b4-4bc4-99d3-578cf70d39e9", ex.ElementId); // CableHome1
    }

    [Fact]
    public void Unknown_transformer_code_lists_nearest_names()
    {
        var xml = File.ReadAllText(ReferenceData.Path("dots/lv-network/lv-network-test.esdl"))
            .Replace("assetType=\"10000_400_V_250_kVA_Smit\"", "assetType=\"10000_400_V_250_kVA_Smitt\"", StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => NetworkBuilder.FromEsdl(EsdlReader.ReadString(xml, "edited.esdl"), OpenDssCodes.DefaultLineCodes(), OpenDssCodes.DefaultTransformerCodes()));
        Assert.Contains("XFMR code '10000_400_V_250_kVA_Smitt'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("10000_400_V_250_kVA_Smit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Meshed_esdl_names_the_loop()
    {
        // Node2's Out port (unconnected in the file) also feeds Cable7's In port: Node2 and Node4 become one bus,
        // fed both through Cable5 (from Node6) and Cable8 (from Node5) → loop Node3–Node6–Node2/4–Node5–Node3.
        var xml = File.ReadAllText(ReferenceData.Path("dots/lv-network/lv-network-test.esdl"))
            .Replace(
                "id=\"4fc5a130-6654-402a-a36e-656187aa8fbf\" name=\"Out\"/>",
                "id=\"4fc5a130-6654-402a-a36e-656187aa8fbf\" name=\"Out\" connectedTo=\"00bb059f-45ac-479a-b7bc-5bbe9f26ed8b\"/>",
                StringComparison.Ordinal);
        var ex = Assert.Throws<InputException>(() => NetworkBuilder.FromEsdl(EsdlReader.ReadString(xml, "edited.esdl"), OpenDssCodes.DefaultLineCodes(), OpenDssCodes.DefaultTransformerCodes()));
        Assert.Contains("meshed", ex.Message, StringComparison.Ordinal);
        foreach (var cable in new[] { "Cable4", "Cable5", "Cable6", "Cable8" })
        {
            Assert.Contains(cable, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Hand_built_island_and_loop_are_named()
    {
        static LvBranch Cable(int i, string name, int from, int to) =>
            new(i, name, "id-" + name, from, to, 10, "code", 100, new Complex[16]);
        var buses = Enumerable.Range(0, 4).Select(i => new LvBus(i, $"B{i}", $"bus-{i}", LvBusKind.Joint)).ToList();

        var island = Assert.Throws<InputException>(() => new LvNetwork(buses, [Cable(0, "C0", 0, 1), Cable(1, "C1", 2, 3)], [], 0, 230));
        Assert.Contains("disconnected", island.Message, StringComparison.Ordinal);
        Assert.Contains("'B2' (bus-2)", island.Message, StringComparison.Ordinal);
        Assert.Contains("'B3' (bus-3)", island.Message, StringComparison.Ordinal);
        Assert.Contains("cables in the island(s): C1", island.Message, StringComparison.Ordinal);

        var loop = Assert.Throws<InputException>(() => new LvNetwork(buses, [Cable(0, "C0", 0, 1), Cable(1, "C1", 1, 2), Cable(2, "C2", 2, 3), Cable(3, "C3", 3, 1)], [], 0, 230));
        Assert.Contains("meshed", loop.Message, StringComparison.Ordinal);
        Assert.Contains("C1", loop.Message, StringComparison.Ordinal);
        Assert.Contains("C2", loop.Message, StringComparison.Ordinal);
        Assert.Contains("C3", loop.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("C0", loop.Message, StringComparison.Ordinal);
    }
}
