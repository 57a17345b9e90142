using Quartier.Core.Model;

namespace Quartier.Esdl.Tests;

/// <summary>The DOTS small-test ESDL: two homes behind a transformer, with weather and a day-ahead market.</summary>
public sealed class SmallTestEsdlTests
{
    private static readonly Lazy<EnergySystem> Loaded = new(() => EsdlReader.ReadFile(ReferenceData.Path("dots/small-test/test.esdl")));

    private static EnergySystem System => Loaded.Value;

    private static Asset Named(string name) => System.Assets.Single(a => a.Name == name);

    [Fact]
    public void Loads_with_system_identity_and_no_warnings()
    {
        Assert.Equal("e48ed4fa-6051-4bab-ba54-27c581be21a0", System.Id);
        Assert.Equal("TestESDL", System.Name);
        Assert.Equal("TestESDL", System.Description);
        Assert.EndsWith("test.esdl", System.SourceFile, StringComparison.Ordinal);
        Assert.Empty(System.Warnings);
        var instance = Assert.Single(System.Instances);
        Assert.Equal("Instance name", instance.Name);
        Assert.NotNull(instance.Area);
        Assert.Equal("Area name", instance.Area.Name);
    }

    [Fact]
    public void Counts_per_type()
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["Building"] = 2,
            ["EConnection"] = 2,
            ["ElectricityCable"] = 10,
            ["ElectricityDemand"] = 2,
            ["ElectricityNetwork"] = 6,
            ["EnergyMarket"] = 1,
            ["EnvironmentalProfiles"] = 1,
            ["EVChargingStation"] = 1,
            ["HybridHeatPump"] = 1,
            ["Import"] = 1,
            ["Joint"] = 10,
            ["PVInstallation"] = 1,
            ["Transformer"] = 1,
        };

        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), System.CountByType().OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(39, System.Assets.Count);
        Assert.Equal(System.Assets.Count, System.AssetsById.Count);
        Assert.Equal(83, System.PortsById.Count);
    }

    [Fact]
    public void Kinds_follow_types()
    {
        Assert.All(System.Assets, a => Assert.Equal(a.Type, a.Kind.ToString()));
    }

    [Fact]
    public void PV_attributes()
    {
        var pv = Assert.Single(System.OfKind(AssetKind.PVInstallation));

        Assert.Equal("pv_Home12_1", pv.Name);
        Assert.Equal(32.0, pv.RequiredDouble("surfaceArea"));
        Assert.Equal(0.2, pv.RequiredDouble("panelEfficiency"));
        Assert.Equal(1.0, pv.RequiredDouble("powerFactor"));
        Assert.Null(pv.OptionalDouble("power"));
    }

    [Fact]
    public void Transformer_attributes()
    {
        var transformer = Assert.Single(System.OfKind(AssetKind.Transformer));

        Assert.Equal("Transformer1", transformer.Name);
        Assert.Equal("9500_380_V_200_kVA_Onbekend", transformer.Attribute("assetType"));
        Assert.Equal(10.0, transformer.RequiredDouble("voltagePrimary"));
        Assert.Equal(0.38, transformer.RequiredDouble("voltageSecundary"));
    }

    [Fact]
    public void EV_charging_station_power_and_description_parameters()
    {
        var ev = Assert.Single(System.OfKind(AssetKind.EVChargingStation));

        Assert.Equal(5000.0, ev.RequiredDouble("power"));
        Assert.NotNull(ev.Parameters);
        Assert.Equal([187160400.00000003], ev.ParameterArray("arrival_socs"));
        Assert.Equal([378000000.0], ev.ParameterArray("departure_socs"));
        Assert.Equal([0.0], ev.ParameterArray("arrival_ptus"));
        Assert.Equal([53.0], ev.ParameterArray("departure_ptus"));
        Assert.Equal(378000000.0, ev.RequiredParameter("max_soc"));
        Assert.Equal(1.0, ev.RequiredParameter("efficiency"));
    }

    [Fact]
    public void Connection_capacity_and_ems_flag()
    {
        var home1 = Named("ConnectionHome1");
        var home2 = Named("ConnectionHome2");

        Assert.Equal(AssetKind.EConnection, home1.Kind);
        Assert.Equal(5000.0, home1.RequiredDouble("capacity"));
        Assert.True(home1.ParameterFlag("got_ems", false));
        Assert.Equal("static", home1.ParameterString("energy_contract"));
        Assert.Equal(0.35, home1.RequiredParameter("price"));
        Assert.Equal("aggregator_1", home1.Attribute("owner"));
        Assert.Null(home2.OptionalDouble("capacity"));
        Assert.True(home2.ParameterFlag("got_ems", false));
        Assert.Equal("dynamic", home2.ParameterString("energy_contract"));
    }

    [Fact]
    public void Building_thermal_parameters()
    {
        var home1 = Named("Home1");

        Assert.Equal(AssetKind.Building, home1.Kind);
        Assert.Equal(26146400.0, home1.RequiredParameter("C_in"));
        Assert.Equal(78439200.0, home1.RequiredParameter("C_out"));
        Assert.Equal(31.39, home1.RequiredParameter("A_glass"));
        Assert.Equal("vrijst+1975-1991+family", home1.Attribute("assetType"));
    }

    [Fact]
    public void Hybrid_heat_pump_attributes()
    {
        var hhp = Assert.Single(System.OfKind(AssetKind.HybridHeatPump));

        Assert.Equal(9000.0, hhp.RequiredDouble("heatPumpThermalPower"));
        Assert.Equal(3.5, hhp.RequiredDouble("heatPumpCOP"));
        Assert.Equal(752940.0, hhp.RequiredParameter("buffer_capacitance"));
    }

    [Fact]
    public void Assets_inside_a_building_know_their_building()
    {
        var home1 = Named("Home1");
        var home2 = Named("Home2");
        var pv = Assert.Single(System.OfKind(AssetKind.PVInstallation));

        Assert.Same(home1, pv.Building);
        Assert.Contains(pv, home1.Children);
        Assert.Equal(8, home1.Children.Count);
        Assert.Equal(5, home2.Children.Count);
        Assert.All(home1.Children, c => Assert.Same(home1, c.Building));
        Assert.Null(home1.Building);
        Assert.Null(Named("Transformer1").Building);
        Assert.Same(home2, Named("DemandHome62_1").Building);
    }

    [Fact]
    public void Buildings_come_before_what_they_contain()
    {
        var assets = System.Assets.ToList();
        foreach (var building in System.OfKind(AssetKind.Building))
        {
            Assert.All(building.Children, c => Assert.True(assets.IndexOf(building) < assets.IndexOf(c), $"{building} after {c}"));
        }
    }

    [Fact]
    public void Global_objects_are_read()
    {
        var weather = Assert.Single(System.OfKind(AssetKind.EnvironmentalProfiles));
        var market = Assert.Single(System.OfKind(AssetKind.EnergyMarket));

        Assert.True(weather.IsGlobal);
        Assert.Equal("weather", weather.Name);
        Assert.Equal("ebca3673-20de-42bf-b005-2a01926e4564", weather.Id);
        Assert.True(market.IsGlobal);
        Assert.Equal("DA-market", market.Name);
        var price = Assert.IsType<DateTimeProfile>(market.Profiles["marketPrice"]);
        Assert.Equal(288, price.Count);
        Assert.Equal(0.10354000000000001, price.Values[0]);
    }

    [Fact]
    public void Connection_out_port_is_connected_to_the_phase_network_in_both_directions()
    {
        var connection = Named("ConnectionHome1");
        var network = Named("PhasegridHome12_1_Ph1");
        var outPh1 = connection.Ports.Single(p => p.Name == "OutPh1");
        var networkIn = network.Ports.Single(p => p.Name == "In");

        Assert.Equal(PortDirection.Out, outPh1.Direction);
        Assert.Equal(PortDirection.In, networkIn.Direction);
        Assert.Same(connection, outPh1.Asset);
        Assert.Same(network, networkIn.Asset);
        Assert.Same(networkIn, Assert.Single(outPh1.ConnectedTo));
        Assert.Contains(outPh1, networkIn.ConnectedTo);
        Assert.Same(outPh1, System.PortsById["7d7dc2f5-3d43-4a97-b203-9b6876a07dde"]);
        Assert.Equal(["05f04a39-15bb-44f9-b263-f0bdab53477a"], outPh1.ConnectedToIds);
    }

    [Fact]
    public void Port_with_two_connected_ids_resolves_to_two_ports()
    {
        var node3Out = System.PortsById["5736e7a9-e7e2-4115-9fdc-4ebcc0722cc4"];

        Assert.Equal("Node3", node3Out.Asset.Name);
        Assert.Equal(["19d845b6-71dd-47cf-b13f-aa225a32e1c3", "1233ad56-875f-4629-b675-a56b08f3e68d"], node3Out.ConnectedToIds);
        Assert.Equal(["Cable4", "Cable6"], node3Out.ConnectedTo.Select(p => p.Asset.Name).Order(StringComparer.Ordinal));
        Assert.All(node3Out.ConnectedTo, p => Assert.Contains(node3Out, p.ConnectedTo));
    }

    [Fact]
    public void Every_connection_is_symmetric()
    {
        foreach (var port in System.PortsById.Values)
        {
            Assert.Equal(port.ConnectedToIds.Count == 0, port.ConnectedTo.Count == 0);
            Assert.All(port.ConnectedTo, other => Assert.Contains(port, other.ConnectedTo));
        }
    }

    [Fact]
    public void Demand_port_holds_a_date_time_profile()
    {
        var demand = Named("DemandHome12_1");
        var inPh1 = demand.Ports.Single(p => p.Name == "InPh1");

        var profile = Assert.IsType<DateTimeProfile>(Assert.Single(inPh1.Profiles));
        Assert.Equal(288, profile.Count);
        Assert.Equal(142.7928160169932, profile.Values[0]);
        var start = new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(142.7928160169932, profile.ValueAt(start));
        Assert.Equal((start, start.AddDays(3)), profile.Span);
        Assert.Empty(demand.Ports.Single(p => p.Name == "InPh2").Profiles);
        Assert.Equal(215.11063054926285, Assert.IsType<DateTimeProfile>(Assert.Single(Named("DemandHome62_1").Ports.Single(p => p.Name == "InPh1").Profiles)).Values[0]);
    }

    [Fact]
    public void Environmental_profiles_hold_weather()
    {
        var weather = Assert.Single(System.OfKind(AssetKind.EnvironmentalProfiles));

        Assert.Equal(
            ["outsideTemperatureProfile", "soilTemperatureProfile", "solarIrradianceProfile"],
            weather.Profiles.Keys.Order(StringComparer.Ordinal));
        var outside = Assert.IsType<DateTimeProfile>(weather.Profiles["outsideTemperatureProfile"]);
        Assert.Equal(288, outside.Count);
        Assert.Equal(297.35, outside.Values[0]);
        Assert.Equal(297.17499999999995, outside.Values[1]);
        Assert.Equal(291.45, Assert.IsType<DateTimeProfile>(weather.Profiles["soilTemperatureProfile"]).Values[0]);
        var solar = Assert.IsType<DateTimeProfile>(weather.Profiles["solarIrradianceProfile"]);
        Assert.Equal(288, solar.Count);
        Assert.Equal(0.0, solar.Values[0]);
    }

    [Fact]
    public void Bandwidth_tariff_measure()
    {
        var measure = Assert.Single(System.Measures);

        Assert.Equal("bandwidth tariff", measure.Name);
        Assert.Equal("aba64d59-d1fd-4d8a-a6fd-058e3338b959", measure.Id);
        Assert.Equal("5000", measure.Description);
        Assert.Equal(2.0, measure.Costs["high_bandwidth_price"]);
        Assert.Equal(1.0, measure.Costs["low_bandwidth_price"]);
        Assert.Equal(2, measure.Costs.Count);
    }

    [Fact]
    public void Profile_span_is_three_days()
    {
        Assert.Equal(
            (new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc), new DateTime(2020, 8, 14, 0, 0, 0, DateTimeKind.Utc)),
            System.ProfileSpan());
        Assert.Equal(6, System.AllProfiles().Count());
    }

    [Fact]
    public void Assets_carry_their_line()
    {
        var transformer = Named("Transformer1");

        Assert.True(transformer.Line > 1);
        Assert.EndsWith("test.esdl", transformer.File, StringComparison.Ordinal);
    }
}
