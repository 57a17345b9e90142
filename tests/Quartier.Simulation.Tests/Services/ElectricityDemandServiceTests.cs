using Quartier.Core.Errors;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

public sealed class ElectricityDemandServiceTests
{
    [Fact]
    public void Active_power_follows_the_port_profile_and_reactive_power_the_power_factor()
    {
        var system = new EsdlBuilder().Building("H").Demand("D", [500, 2000, -1000, 0], powerFactor: 0.95).Build();
        var sim = Sim.Run(system, 3, new ElectricityDemandService());

        Assert.Equal([2000.0, -1000, 0], sim.Series("ElectricityDemand/active_power", "D"));

        // Q = P·√(1 − 0.95²)/0.95 = P · 0.31224989991991997 / 0.95 = P · 0.328684105178863
        Assert.Equal(657.368210357726, sim.At("ElectricityDemand/reactive_power", "D", 1), 9);
        Assert.Equal(-328.684105178863, sim.At("ElectricityDemand/reactive_power", "D", 2), 9);
        Assert.Equal(0.0, sim.At("ElectricityDemand/reactive_power", "D", 3));
    }

    [Fact]
    public void Unit_power_factor_gives_no_reactive_power()
    {
        var system = new EsdlBuilder().Building("H").Demand("D", [1000, 1000], powerFactor: 1.0).Build();
        var sim = Sim.Run(system, 1, new ElectricityDemandService());
        Assert.Equal(0.0, sim.At("ElectricityDemand/reactive_power", "D", 1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.2)]
    [InlineData(-0.5)]
    public void A_power_factor_outside_0_to_1_is_rejected(double pf)
    {
        // Refused when the ESDL is read (EsdlRanges), before any service is built.
        var ex = Assert.Throws<InputException>(() => Sim.Run(new EsdlBuilder().Building("H").Demand("bad-demand", [1, 1], powerFactor: pf).Build(), 1, new ElectricityDemandService()));
        Assert.Equal("bad-demand", ex.ElementId);
        Assert.Equal("powerFactor", ex.Field);
    }

    [Fact]
    public void A_demand_profile_in_kW_is_read_in_W()
    {
        const string xml = """
            <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="s">
              <instance xsi:type="esdl:Instance" id="i"><area xsi:type="esdl:Area" id="a">
                <asset xsi:type="esdl:ElectricityDemand" id="d" name="D" powerFactor="1.0">
                  <port xsi:type="esdl:InPort" id="p">
                    <profile xsi:type="esdl:DateTimeProfile" id="prof">
                      <element from="2020-08-11T00:00:00" to="2020-08-11T00:15:00" value="1.5"/>
                      <element from="2020-08-11T00:15:00" to="2020-08-11T00:30:00" value="2.5"/>
                      <profileQuantityAndUnit xsi:type="esdl:QuantityAndUnitType" id="u" physicalQuantity="POWER" multiplier="KILO" unit="WATT"/>
                    </profile>
                  </port>
                </asset>
              </area></instance>
            </esdl:EnergySystem>
            """;
        var sim = Sim.Run(Esdl.EsdlReader.ReadString(xml), 1, new ElectricityDemandService());
        Assert.Equal(2500.0, sim.At("ElectricityDemand/active_power", "D", 1));
    }

    [Fact]
    public void An_unbound_InfluxDB_profile_is_an_input_error_naming_it()
    {
        const string xml = """
            <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="s">
              <instance xsi:type="esdl:Instance" id="i"><area xsi:type="esdl:Area" id="a">
                <asset xsi:type="esdl:ElectricityDemand" id="d" name="D">
                  <port xsi:type="esdl:InPort" id="p">
                    <profile xsi:type="esdl:InfluxDBProfile" id="influx" measurement="standard_profiles" field="E1A" host="http://influx"/>
                  </port>
                </asset>
              </area></instance>
            </esdl:EnergySystem>
            """;
        var ex = Assert.Throws<InputException>(() => Sim.Run(Esdl.EsdlReader.ReadString(xml), 1, new ElectricityDemandService()));
        Assert.Contains("InfluxDBProfile", ex.Message, StringComparison.Ordinal);
        Assert.Contains("E1A", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demand_without_profile_is_rejected()
    {
        var system = new EsdlBuilder().Building("H").Device("ElectricityDemand", "no-profile", [1]).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new ElectricityDemandService()));
        Assert.Contains("no-profile", ex.Message, StringComparison.Ordinal);
    }
}
