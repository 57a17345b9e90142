using Quartier.Core.Errors;
using Quartier.Core.Model;

namespace Quartier.Esdl.Tests;

/// <summary>Profiles of every supported kind and their units, declared inline or by reference.</summary>
public sealed class EsdlReaderProfileTests
{
    private static readonly DateTime T0 = new(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);

    private static Profile OnlyProfile(EnergySystem system) =>
        Assert.Single(system.PortsById["demand-in"].Profiles);

    [Fact]
    public void Quantity_and_unit_type_on_a_profile_is_read()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:SingleValue" id="sv-1" value="2.5">
              <profileQuantityAndUnit xsi:type="esdl:QuantityAndUnitType" physicalQuantity="POWER" unit="WATT" multiplier="KILO"/>
            </profile>
            """);

        var profile = Assert.IsType<SingleValueProfile>(OnlyProfile(EsdlReader.ReadString(xml)));

        Assert.Equal(2.5, profile.Value);
        Assert.NotNull(profile.Unit);
        Assert.Equal("POWER", profile.Unit.PhysicalQuantity);
        Assert.Equal("WATT", profile.Unit.Unit);
        Assert.Equal("KILO", profile.Unit.Multiplier);
        Assert.Equal(1000.0, profile.Unit.Factor);
        Assert.Equal(2500.0, profile.Unit.ToInternal(profile.Value));
    }

    [Fact]
    public void Profile_without_a_unit_has_none()
    {
        var xml = InlineEsdl.DemandWithProfile("""<profile xsi:type="esdl:SingleValue" id="sv-1" value="2.5"/>""");

        Assert.Null(OnlyProfile(EsdlReader.ReadString(xml)).Unit);
    }

    [Fact]
    public void Quantity_and_unit_reference_resolves_to_the_declared_unit()
    {
        const string units = """
            <quantityAndUnits xsi:type="esdl:QuantityAndUnits" id="units-1">
              <quantityAndUnit xsi:type="esdl:QuantityAndUnitType" id="eur-per-kwh" physicalQuantity="COST" unit="EURO" perMultiplier="KILO" perUnit="WATTHOUR"/>
              <quantityAndUnit xsi:type="esdl:QuantityAndUnitType" id="mwh" physicalQuantity="ENERGY" unit="WATTHOUR" multiplier="MEGA"/>
            </quantityAndUnits>
            """;
        var xml = InlineEsdl.System(
            """
            <asset xsi:type="esdl:ElectricityDemand" id="demand-1" name="Demand">
              <port xsi:type="esdl:InPort" id="demand-in" name="In">
                <profile xsi:type="esdl:SingleValue" id="price" value="0.25">
                  <profileQuantityAndUnit xsi:type="esdl:QuantityAndUnitReference" reference="eur-per-kwh"/>
                </profile>
              </port>
            </asset>
            """,
            units);

        var system = EsdlReader.ReadString(xml);

        Assert.Equal(2, system.QuantityAndUnits.Count);
        Assert.Equal(1e6, system.QuantityAndUnits["mwh"].Factor);
        var profile = OnlyProfile(system);
        Assert.Same(system.QuantityAndUnits["eur-per-kwh"], profile.Unit);
        Assert.Equal("eur-per-kwh", profile.Unit!.Id);
        Assert.Equal(1.0, profile.Unit.Factor);
    }

    [Fact]
    public void Dangling_quantity_and_unit_reference_is_an_error()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:SingleValue" id="sv-1" value="2.5">
              <profileQuantityAndUnit xsi:type="esdl:QuantityAndUnitReference" reference="no-such-unit"/>
            </profile>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("no-such-unit", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "no-such-unit"), ex.Line);
    }

    [Fact]
    public void Unknown_unit_is_an_error()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:SingleValue" id="sv-1" value="2.5">
              <profileQuantityAndUnit xsi:type="esdl:QuantityAndUnitType" physicalQuantity="POWER" unit="HORSEPOWER"/>
            </profile>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("HORSEPOWER", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "HORSEPOWER"), ex.Line);
    }

    [Fact]
    public void Time_series_profile_with_values_elements()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:TimeSeriesProfile" id="ts-1" startDateTime="2020-08-11T00:00:00.000000" timestep="3600">
              <values>1.5</values>
              <values>2.5</values>
              <values>3.5</values>
            </profile>
            """);

        var profile = Assert.IsType<TimeSeriesProfile>(OnlyProfile(EsdlReader.ReadString(xml)));

        Assert.Equal("ts-1", profile.Id);
        Assert.Equal(T0, profile.Start);
        Assert.Equal(3600, profile.StepSeconds);
        Assert.Equal([1.5, 2.5, 3.5], profile.Values.ToArray());
        Assert.Equal(2.5, profile.ValueAt(T0.AddMinutes(90)));
        Assert.Equal((T0, T0.AddHours(3)), profile.Span);
    }

    [Fact]
    public void Time_series_profile_with_values_attribute()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:TimeSeriesProfile" id="ts-1" startDateTime="2020-08-11T02:00:00+02:00" timestep="900" values="4 5.5 -6"/>
            """);

        var profile = Assert.IsType<TimeSeriesProfile>(OnlyProfile(EsdlReader.ReadString(xml)));

        Assert.Equal(T0, profile.Start);
        Assert.Equal(900, profile.StepSeconds);
        Assert.Equal([4.0, 5.5, -6.0], profile.Values.ToArray());
    }

    [Fact]
    public void Time_series_profile_without_timestep_is_an_error()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:TimeSeriesProfile" id="ts-1" startDateTime="2020-08-11T00:00:00" values="1 2"/>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("timestep", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ts-1", ex.ElementId);
        Assert.Equal(InlineEsdl.LineOf(xml, "ts-1"), ex.Line);
    }

    [Fact]
    public void Influx_db_profile_reads_with_its_attributes()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:InfluxDBProfile" id="ifx-1" host="profiles.warmingup.info" port="443" database="energy_profiles" measurement="standard_profiles" field="E1A" startDate="2019-01-01T00:00:00.000000+0100" endDate="2020-01-01T00:00:00.000000+0100"/>
            """);

        var system = EsdlReader.ReadString(xml);
        var profile = Assert.IsType<InfluxDbProfile>(OnlyProfile(system));

        Assert.Equal("ifx-1", profile.Id);
        Assert.Equal("standard_profiles", profile.Measurement);
        Assert.Equal("E1A", profile.Field);
        Assert.Equal("profiles.warmingup.info", profile.Attributes["host"]);
        Assert.Equal("energy_profiles", profile.Attributes["database"]);
        Assert.False(profile.IsBound);
        Assert.Null(system.ProfileSpan());
        var ex = Assert.Throws<InputException>(() => profile.ValueAt(T0));
        Assert.Contains("standard_profiles", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "ifx-1"), ex.Line);
    }

    [Fact]
    public void Profile_without_id_takes_its_owner_id()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:DateTimeProfile">
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:15:00" to="2020-08-11T00:30:00" value="2"/>
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:00:00" to="2020-08-11T00:15:00" value="1"/>
            </profile>
            """);

        var profile = Assert.IsType<DateTimeProfile>(OnlyProfile(EsdlReader.ReadString(xml)));

        Assert.Equal("demand-in", profile.Id);
        Assert.Equal([1.0, 2.0], profile.Values.ToArray());
        Assert.Equal((T0, T0.AddMinutes(30)), profile.Span);
    }

    [Fact]
    public void Unsupported_profile_type_is_an_error()
    {
        var xml = InlineEsdl.DemandWithProfile("""<profile xsi:type="esdl:ExternalProfile" id="ext-1"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("ExternalProfile", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ext-1", ex.ElementId);
    }

    [Fact]
    public void Carriers_are_read_with_voltage()
    {
        var xml = InlineEsdl.System(
            """<asset xsi:type="esdl:Joint" id="j1" name="J1"/>""",
            """
            <carriers xsi:type="esdl:Carriers" id="carriers-1">
              <carrier xsi:type="esdl:ElectricityCommodity" id="lv" name="LV" voltage="400.0"/>
              <carrier xsi:type="esdl:GasCommodity" id="gas" name="Gas"/>
            </carriers>
            """);

        var system = EsdlReader.ReadString(xml);

        Assert.Equal(2, system.Carriers.Count);
        Assert.Equal(new Carrier("lv", "LV", "ElectricityCommodity", 400.0), system.Carriers[0]);
        Assert.Null(system.Carriers[1].Voltage);
    }
}
