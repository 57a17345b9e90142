using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>DOTS's subscription rules: same building, global objects, through the network, required inputs.</summary>
public sealed class RouterTests
{
    private static readonly TimeGrid Grid = new(EsdlBuilder.DefaultStart, 900, 2);

    private static EnergySystem TwoHomes()
    {
        var b = new EsdlBuilder().Weather([0, 0, 0], [283.15, 283.15, 283.15]).Market(0.1, 0.2, 0.3);
        b.Building("H1").Connection().Demand("D1", [100, 100, 100]).Pv("PV1", [1]);
        b.Building("H2").Connection().Demand("D2", [200, 200, 200]);
        return b.Build();
    }

    private static IEnumerable<string> Names(IEnumerable<Asset> assets) => assets.Select(a => a.Name).Order(StringComparer.Ordinal);

    [Fact]
    public void Auto_routing_reaches_sources_in_the_same_building_only()
    {
        var system = TwoHomes();
        var router = new Router(system);
        Assert.Equal(["D1"], Names(router.Sources(system.AssetsById["H1_conn"], AssetKind.ElectricityDemand, Routing.Auto)));
        Assert.Equal(["D2"], Names(router.Sources(system.AssetsById["H2_conn"], AssetKind.ElectricityDemand, Routing.Auto)));
        Assert.Empty(router.Sources(system.AssetsById["H2_conn"], AssetKind.PVInstallation, Routing.Auto));
        Assert.Equal(["H1_conn"], Names(router.Sources(system.AssetsById["PV1"], AssetKind.EConnection, Routing.SameBuilding)));
    }

    [Fact]
    public void Connected_routing_passes_through_the_phase_nodes_of_a_building()
    {
        var system = TwoHomes();
        var router = new Router(system);
        Assert.Equal(["H1_conn"], Names(router.Sources(system.AssetsById["PV1"], AssetKind.EConnection, Routing.Connected)));
        Assert.Equal(["PV1"], Names(router.Sources(system.AssetsById["D1"], AssetKind.PVInstallation, Routing.Connected)));
    }

    [Fact]
    public void Global_objects_reach_everyone()
    {
        var system = TwoHomes();
        var router = new Router(system);
        foreach (var consumer in new[] { "H1_conn", "H2_conn", "PV1", "D2" })
        {
            Assert.Equal(["weather"], Names(router.Sources(system.AssetsById[consumer], AssetKind.EnvironmentalProfiles, Routing.Auto)));
            Assert.Equal(["DA-market"], Names(router.Sources(system.AssetsById[consumer], AssetKind.EnergyMarket, Routing.Auto)));
        }

        Assert.Equal(["D1", "D2"], Names(router.Sources(system.AssetsById["H1_conn"], AssetKind.ElectricityDemand, Routing.Global)));
    }

    [Fact]
    public void Bindings_give_each_connection_its_own_demand_and_the_shared_weather()
    {
        var probe = new ProbeService(
            "probe",
            AssetKind.EConnection,
            inputs:
            [
                new InputDeclaration("demand", AssetKind.ElectricityDemand, ElectricityDemandService.ActivePower),
                new InputDeclaration("air", AssetKind.EnvironmentalProfiles, WeatherService.AirTemperature),
            ]);
        new SimulationBuilder(TwoHomes(), Grid).Add(probe).Add(new ElectricityDemandService()).Add(new WeatherService()).Build();

        var assets = probe.Context.Assets.Select(a => a.Name).ToArray();
        var demand = probe.Context.Input("demand");
        var air = probe.Context.Input("air");
        for (int i = 0; i < assets.Length; i++)
        {
            Assert.Equal(1, demand.Count(i));
            Assert.Equal(assets[i] == "H1_conn" ? "D1" : "D2", demand.EntryAsset(demand.Start(i)).Name);
            Assert.Equal("weather", air.EntryAsset(air.Start(i)).Name);
        }
    }

    [Fact]
    public void The_small_test_transformer_reaches_both_connections_through_cables_and_joints()
    {
        var system = ReferenceData.SmallTest;
        var transformer = Assert.Single(system.OfKind(AssetKind.Transformer));
        var router = new Router(system);
        Assert.Equal(["ConnectionHome1", "ConnectionHome2"], Names(router.Sources(transformer, AssetKind.EConnection, Routing.Connected)));
        Assert.Equal(["ConnectionHome1", "ConnectionHome2"], Names(router.Sources(transformer, AssetKind.EConnection, Routing.Auto)));

        // and so the transformer service sums both: each connection publishes 10·k W and 10·k VAr on each phase
        var probe = new ProbeService("conn", AssetKind.EConnection, outputs: [.. EmsService.ActivePhase, .. EmsService.ReactivePhase]);
        var sim = Sim.Run(system, Grid, probe, new TransformerService());
        Assert.Equal(["conn", "transformer"], sim.Simulation.Services.Select(s => s.Name));
        Assert.Equal(2, probe.Context.Assets.Count);
        Assert.Equal(60.0, sim.At("Transformer/active_power", "Transformer1", 1));
        Assert.Equal(120.0, sim.At("Transformer/reactive_power", "Transformer1", 2));
    }

    /// <summary>
    /// One MV joint feeds two transformers; each feeds one house through a cable. The search from a transformer
    /// passes network nodes (joints, cables) but stops at any other asset, here the neighbouring transformer.
    /// </summary>
    private const string TwoTransformers = """
        <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="two-transformers">
          <instance xsi:type="esdl:Instance" id="i">
            <area xsi:type="esdl:Area" id="a">
              <asset xsi:type="esdl:Import" id="src" name="Source">
                <port xsi:type="esdl:OutPort" id="src-out" connectedTo="mv-in"/>
              </asset>
              <asset xsi:type="esdl:Joint" id="mv" name="MvJoint">
                <port xsi:type="esdl:InPort" id="mv-in" connectedTo="src-out"/>
                <port xsi:type="esdl:OutPort" id="mv-out" connectedTo="t1-in t2-in"/>
              </asset>
              <asset xsi:type="esdl:Transformer" id="t1" name="T1" assetType="100_kVA">
                <port xsi:type="esdl:InPort" id="t1-in" connectedTo="mv-out"/>
                <port xsi:type="esdl:OutPort" id="t1-out" connectedTo="c1-in"/>
              </asset>
              <asset xsi:type="esdl:Transformer" id="t2" name="T2" assetType="100_kVA">
                <port xsi:type="esdl:InPort" id="t2-in" connectedTo="mv-out"/>
                <port xsi:type="esdl:OutPort" id="t2-out" connectedTo="c2-in"/>
              </asset>
              <asset xsi:type="esdl:ElectricityCable" id="c1" name="Cable1">
                <port xsi:type="esdl:InPort" id="c1-in" connectedTo="t1-out"/>
                <port xsi:type="esdl:OutPort" id="c1-out" connectedTo="e1-in"/>
              </asset>
              <asset xsi:type="esdl:ElectricityCable" id="c2" name="Cable2">
                <port xsi:type="esdl:InPort" id="c2-in" connectedTo="t2-out"/>
                <port xsi:type="esdl:OutPort" id="c2-out" connectedTo="e2-in"/>
              </asset>
              <asset xsi:type="esdl:EConnection" id="e1" name="House1">
                <port xsi:type="esdl:InPort" id="e1-in" connectedTo="c1-out"/>
              </asset>
              <asset xsi:type="esdl:EConnection" id="e2" name="House2">
                <port xsi:type="esdl:InPort" id="e2-in" connectedTo="c2-out"/>
              </asset>
            </area>
          </instance>
        </esdl:EnergySystem>
        """;

    [Fact]
    public void A_transformer_reaches_only_the_connections_downstream_of_it()
    {
        var system = Esdl.EsdlReader.ReadString(TwoTransformers);
        var router = new Router(system);
        Assert.Equal(["House1"], Names(router.Sources(system.AssetsById["t1"], AssetKind.EConnection, Routing.Connected)));
        Assert.Equal(["House2"], Names(router.Sources(system.AssetsById["t2"], AssetKind.EConnection, Routing.Connected)));

        // the asset on the InPort is itself a source
        Assert.Equal(["MvJoint"], Names(router.Sources(system.AssetsById["t1"], AssetKind.Joint, Routing.Connected)));

        // from the houses up the cables to their own transformer, not past it
        Assert.Equal(["T1"], Names(router.Sources(system.AssetsById["e1"], AssetKind.Transformer, Routing.Connected)));
    }

    [Fact]
    public void A_connection_in_a_building_does_not_reach_the_neighbours_through_the_cables()
    {
        var system = ReferenceData.SmallTest;
        var router = new Router(system);
        var home2 = system.OfKind(AssetKind.EConnection).Single(a => a.Name == "ConnectionHome2");
        Assert.Empty(router.Sources(home2, AssetKind.PVInstallation, Routing.Auto));
        Assert.Equal(["DemandHome62_1"], Names(router.Sources(home2, AssetKind.ElectricityDemand, Routing.Auto)));
    }

    [Fact]
    public void A_required_input_without_a_source_fails_naming_the_asset()
    {
        var probe = new ProbeService(
            "needs-pv",
            AssetKind.EConnection,
            inputs: [new InputDeclaration("pv", AssetKind.PVInstallation, PvService.PotentialActivePower, Required: true)]);
        var builder = new SimulationBuilder(TwoHomes(), Grid).Add(new WeatherService()).Add(new PvService()).Add(probe);

        var ex = Assert.Throws<InputException>(builder.Build);
        Assert.Equal("H2_conn", ex.ElementId);
        Assert.Contains("EConnection 'H2_conn'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PVInstallation", ex.Message, StringComparison.Ordinal);
        Assert.Equal("test.esdl", ex.File);
    }

    [Fact]
    public void A_required_input_whose_source_type_has_no_service_fails_too()
    {
        var probe = new ProbeService(
            "needs-battery",
            AssetKind.EConnection,
            inputs: [new InputDeclaration("bat", AssetKind.Battery, BatteryService.MaxCharge, Required: true)]);
        var ex = Assert.Throws<InputException>(new SimulationBuilder(TwoHomes(), Grid).Add(probe).Build);
        Assert.Contains("H1_conn", ex.Message, StringComparison.Ordinal);
    }
}
