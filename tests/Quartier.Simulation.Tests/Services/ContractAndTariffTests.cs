using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Tariffs;
using Quartier.Esdl;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>
/// <see cref="ConnectionContract"/> and <see cref="GridTariff"/> under DOTS's rules (docs/dots/ems.md §2, §4.1–4.3),
/// against hand-computed values, on DOTS's own files where they have the instrument.
/// </summary>
public sealed class ContractAndTariffTests
{
    private static EnergySystem Bandwidth => EsdlReader.ReadFile(ReferenceData.Resolve("dots/service-tests/econnection-bandwidth.esdl"));

    private static Asset Named(EnergySystem system, string name) => system.Assets.Single(a => a.Name == name);

    /// <summary>A system with one measure named <paramref name="name"/> whose variableOperationalCosts is <paramref name="cost"/>.</summary>
    private static EnergySystem WithMeasure(string name, string cost, string extra = "") => EsdlReader.ReadString($"""
        <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="s" name="tariffs">
          <measures xsi:type="esdl:Measures" id="ms">
            <measure xsi:type="esdl:Measure" id="m1" name="{name}">
              <costInformation xsi:type="esdl:CostInformation" id="ci">
                {cost}
              </costInformation>
            </measure>
            {extra}
          </measures>
        </esdl:EnergySystem>
        """, "tariffs.esdl");

    private const string VariableProfile = """
        <variableOperationalCosts xsi:type="esdl:DateTimeProfile" id="p">
          <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:00:00" to="2020-08-11T00:15:00" value="0.05"/>
          <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:15:00" to="2020-08-11T00:30:00" value="0.07"/>
          <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:30:00" to="2020-08-11T00:45:00" value="0.10"/>
        </variableOperationalCosts>
        """;

    [Fact]
    public void The_DOTS_bandwidth_test_prices_every_exchanged_kWh_its_connections_have_no_capacity()
    {
        // econnection-bandwidth.esdl: static_bandwidth_tariff 0.1 EUR/kWh, no capacity attribute ⇒ bandwidth 0 W
        var system = Bandwidth;
        var tariff = GridTariff.FromSystem(system);
        Assert.Equal(0.1, tariff.BandwidthPrice);
        Assert.Null(tariff.Variable);
        Assert.Empty(tariff.Notes);
        var home1 = Named(system, "ConnectionHome1");
        Assert.Equal(0.0, GridTariff.Bandwidth(home1));

        // 2000 W imported for 900 s = 0.5 kWh → 0.05 EUR; 1000 W exported = 0.25 kWh → 0.025 EUR
        Assert.Equal(0.05, tariff.Cost(1, 500, 0, 0, 900).Bandwidth, 15);
        Assert.Equal(0.025, tariff.Cost(1, 0, 250, 0, 900).Total, 15);
    }

    [Fact]
    public void The_static_bandwidth_tariff_prices_only_the_energy_above_the_capacity()
    {
        // arch72-bandwidth.esdl: 0.1 EUR/kWh, every EConnection capacity 5000 W (1.25 kWh per 900 s)
        var system = ReferenceData.Arch72;
        var tariff = GridTariff.FromSystem(system);
        double capacity = GridTariff.Bandwidth(system.OfKind(AssetKind.EConnection).First());
        Assert.Equal(5000.0, capacity);

        // 8000 W for 900 s = 2 kWh: 0.75 kWh above → 0.075 EUR; 3000 W exported (0.75 kWh) is within → 0
        Assert.Equal(0.075, tariff.Cost(5, 2000, 0, capacity, 900).Bandwidth, 15);
        Assert.Equal(0.0, tariff.Cost(5, 0, 750, capacity, 900).Total);

        // export priced like import: 6000 W exported = 1.5 kWh, 0.25 kWh above → 0.025 EUR
        Assert.Equal(0.025, tariff.Cost(5, 0, 1500, capacity, 900).Bandwidth, 15);
    }

    [Fact]
    public void The_small_tests_bandwidth_tariff_measure_is_ignored_by_name_as_DOTS_does()
    {
        var tariff = GridTariff.FromSystem(ReferenceData.SmallTest);
        Assert.True(tariff.IsEmpty);
        var note = Assert.Single(tariff.Notes);
        Assert.Contains("'bandwidth tariff' is ignored", note, StringComparison.Ordinal);
        Assert.Contains("DOTS ignores it too", note, StringComparison.Ordinal);
        Assert.Equal(0.0, tariff.Cost(1, 1000, 0, 5000, 900).Total);
    }

    [Fact]
    public void A_variable_tariff_prices_import_and_export_by_the_element_of_step_minus_1()
    {
        var tariff = GridTariff.FromSystem(WithMeasure("variable_tariff", VariableProfile));
        Assert.Equal([0.05, 0.07, 0.10], tariff.Variable);
        Assert.Equal(0, GridTariff.Index(1));
        Assert.Equal(0.05, tariff.VariableAt(1));
        Assert.Equal(0.10, tariff.VariableAt(3));

        // step 2 reads element 1 (0.07): 0.5 kWh imported → 0.035 EUR; 0.5 kWh exported costs the same
        Assert.Equal(0.035, tariff.Cost(2, 500, 0, 0, 900).Variable, 15);
        Assert.Equal(0.035, tariff.Cost(2, 0, 500, 0, 900).Variable, 15);

        // step 4 needs element 3: the profile has 3 values
        var ex = Assert.Throws<InputException>(() => tariff.VariableAt(4));
        Assert.Contains("measure 'variable_tariff'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("m1", ex.ElementId);
    }

    [Fact]
    public void A_variable_peak_tariff_prices_the_steps_average_kW_and_DOTS_remembers_one_step()
    {
        var profile = VariableProfile.Replace("0.05", "2.288", StringComparison.Ordinal).Replace("0.07", "3.432", StringComparison.Ordinal).Replace("0.10", "4.29", StringComparison.Ordinal);
        var tariff = GridTariff.FromSystem(WithMeasure("variable_peak_tariff", profile));

        // step 3 reads element 2 (4.29 EUR/kW): 0.5 kWh in 900 s = 2 kW → 8.58 EUR
        Assert.Equal(8.58, tariff.Cost(3, 500, 0, 0, 900).Peak, 12);

        // DOTS's memory: max(this step's peak cost, the previous step's) — the previous step's only
        var memory = new DotsPeakMemory();
        Assert.Equal(8.58, memory.Charge(8.58), 12);
        Assert.Equal(8.58, memory.Charge(2.288), 12);
        Assert.Equal(2.288, memory.Charge(1.0), 12);
    }

    [Fact]
    public void Two_tariff_measures_are_both_priced_and_noted()
    {
        const string bandwidth = """
            <measure xsi:type="esdl:Measure" id="m2" name="static_bandwidth_tariff">
              <costInformation xsi:type="esdl:CostInformation" id="ci2">
                <variableOperationalCosts xsi:type="esdl:SingleValue" id="v2" value="0.1"/>
              </costInformation>
            </measure>
            """;
        var tariff = GridTariff.FromSystem(WithMeasure("variable_tariff", VariableProfile, bandwidth));
        Assert.Contains(tariff.Notes, n => n.Contains("all priced", StringComparison.Ordinal) && n.Contains("DOTS prices only the last", StringComparison.Ordinal));

        // step 1, 0.5 kWh imported, no bandwidth: 0.1 · 0.5 + 0.05 · 0.5 = 0.075 EUR
        Assert.Equal(0.075, tariff.Cost(1, 500, 0, 0, 900).Total, 15);
    }

    [Fact]
    public void Tariff_measures_of_the_wrong_shape_are_errors_naming_the_measure()
    {
        var single = Assert.Throws<InputException>(() => GridTariff.FromSystem(WithMeasure("variable_tariff", """<variableOperationalCosts xsi:type="esdl:SingleValue" id="v" value="0.1"/>""")));
        Assert.Contains("measure 'variable_tariff'", single.Message, StringComparison.Ordinal);
        var negative = Assert.Throws<InputException>(() => GridTariff.FromSystem(WithMeasure("static_bandwidth_tariff", """<variableOperationalCosts xsi:type="esdl:SingleValue" id="v" value="-0.1"/>""")));
        Assert.Contains("measure 'static_bandwidth_tariff'", negative.Message, StringComparison.Ordinal);
        Assert.Equal("tariffs.esdl", negative.File);
    }

    [Fact]
    public void Contracts_of_the_small_test_static_and_dynamic()
    {
        // Home1 static 0.35: buys and sells at 0.35 (net metering); Home2 dynamic flat 0.25: DA + 0.25 both ways
        var system = ReferenceData.SmallTest;
        var home1 = ConnectionContract.Read(Named(system, "ConnectionHome1"), system);
        var home2 = ConnectionContract.Read(Named(system, "ConnectionHome2"), system);
        Assert.Equal(ContractKind.Static, home1.Kind);
        Assert.Equal(0.35, home1.Buy(0.10354000000000001));
        Assert.Equal(0.35, home1.Sell(0.10354000000000001));
        Assert.Equal(ContractKind.Dynamic, home2.Kind);
        Assert.Equal(0.10354000000000001 + 0.25, home2.Buy(0.10354000000000001));
        Assert.Equal(0.10354000000000001 + 0.25, home2.Sell(0.10354000000000001));
        Assert.True(home1.GotEms);
    }

    [Fact]
    public void With_a_feed_in_measure_a_dynamic_contract_sells_at_plain_day_ahead_and_a_static_one_at_the_feed_in_price()
    {
        var b = new EsdlBuilder().Market(0.10, 0.20).FeedInTariff(0.07);
        b.Building("D").Connection("""{"got_ems": true, "energy_contract": "dynamic", "flat_price": 0.25}""");
        b.Building("S").Connection("""{"got_ems": true, "energy_contract": "static", "price": 0.30}""");
        var system = b.Build();
        var dynamic = ConnectionContract.Read(Named(system, "D_conn"), system);
        var fixedPrice = ConnectionContract.Read(Named(system, "S_conn"), system);
        Assert.Equal(0.07, dynamic.FeedInPrice);
        Assert.Equal(0.45, dynamic.Buy(0.20), 15);
        Assert.Equal(0.20, dynamic.Sell(0.20));
        Assert.Equal(0.30, fixedPrice.Buy(0.20));
        Assert.Equal(0.07, fixedPrice.Sell(0.20));
    }

    [Fact]
    public void The_rule_EMS_sells_at_plain_day_ahead_under_a_dynamic_contract_with_a_feed_in_measure()
    {
        // 1000 W/m² on 32 m² at 20 %: 6400 W PV against 1000 W demand, 5400 W exported at step 1, DA 0.20 (element 1)
        var b = new EsdlBuilder().Weather([0, 1000], [283.15, 283.15]).Market(0.10, 0.20).FeedInTariff(0.07);
        b.Building("H").Connection("""{"got_ems": true, "energy_contract": "dynamic", "flat_price": 0.25}""").Demand("Dm", [1000, 1000]).Pv("PV", [1]);
        var sim = Sim.Run(b.Build(), 1, new WeatherService(), new MarketService(), new ElectricityDemandService(), new PvService(), new EmsService());
        Assert.Equal(5400.0, sim.At("EConnection/export_power", "H_conn", 1), 9);
        Assert.Equal(-5.4 * 0.25 * 0.20, sim.At("EConnection/cost", "H_conn", 1), 12);
        Assert.Equal(0.45, sim.At("EConnection/buy_price", "H_conn", 1), 12);
    }

    [Fact]
    public void An_unknown_energy_contract_is_an_error_naming_the_connection()
    {
        var b = new EsdlBuilder();
        b.Building("H").Connection("""{"got_ems": true, "energy_contract": "fixed", "price": 0.3}""");
        var system = b.Build();
        var ex = Assert.Throws<InputException>(() => ConnectionContract.Read(Named(system, "H_conn"), system));
        Assert.Contains("'H_conn'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'fixed'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("energy_contract", ex.Field);
    }
}
