using Quartier.Core.Errors;
using Quartier.Core.Model;

namespace Quartier.Esdl.Tests;

/// <summary>Bad input is an <see cref="InputException"/> that says where: line and, where there is one, element id.</summary>
public sealed class EsdlReaderErrorTests
{
    private static string SmallTestText() => File.ReadAllText(ReferenceData.Path("dots/small-test/test.esdl"));

    private static void AssertLocated(InputException ex, string? elementId = null)
    {
        Assert.NotNull(ex.Line);
        Assert.True(ex.Line > 0, $"line {ex.Line}");
        Assert.Contains($":{ex.Line}:", ex.Located, StringComparison.Ordinal);
        if (elementId is not null)
        {
            Assert.Equal(elementId, ex.ElementId);
            Assert.Contains($"'{elementId}'", ex.Located, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncated_file_is_malformed_xml_with_a_line()
    {
        var truncated = SmallTestText()[..20_000];

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(truncated, "truncated.esdl"));

        Assert.Contains("malformed XML", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex);
        Assert.Equal("truncated.esdl", ex.File);
        Assert.StartsWith("truncated.esdl:", ex.Located, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadFile(Path.Combine(Path.GetTempPath(), "quartier-no-such-file.esdl")));

        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectedTo_a_missing_port_names_the_owning_asset_and_the_missing_id()
    {
        const string original = "connectedTo=\"05f04a39-15bb-44f9-b263-f0bdab53477a\"";
        const string missing = "00000000-dead-beef-0000-000000000000";
        var text = SmallTestText();
        Assert.Equal(1, CountOf(text, original));
        var xml = text.Replace(original, $"connectedTo=\"{missing}\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml, "test.esdl"));

        AssertLocated(ex, "5c19dcff-b004-4644-99b9-f42d15a34f3a");
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("7d7dc2f5-3d43-4a97-b203-9b6876a07dde", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, missing), ex.Line);
    }

    [Fact]
    public void Battery_without_capacity_names_capacity()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:Battery" id="bat-1" name="Battery1" fillLevel="0.5"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("'capacity'", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "bat-1");
        Assert.Equal(InlineEsdl.LineOf(xml, "bat-1"), ex.Line);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3.6e7")]
    [InlineData("lots")]
    public void Battery_with_bad_capacity_is_an_error(string capacity)
    {
        var xml = InlineEsdl.System($"""<asset xsi:type="esdl:Battery" id="bat-1" name="Battery1" capacity="{capacity}"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        AssertLocated(ex, "bat-1");
    }

    [Fact]
    public void Battery_fill_level_in_percent_is_an_error()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:Battery" id="bat-1" name="Battery1" capacity="36000000" fillLevel="50"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("fillLevel", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "bat-1");
    }

    [Fact]
    public void Battery_with_ratio_fill_level_reads()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:Battery" id="bat-1" name="Battery1" capacity="36000000" fillLevel="0.5"/>""");

        var battery = Assert.Single(EsdlReader.ReadString(xml).OfKind(AssetKind.Battery));

        Assert.Equal(0.5, battery.OptionalDouble("fillLevel"));
    }

    [Fact]
    public void PV_without_surface_area_panel_efficiency_or_power_is_an_error()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:PVInstallation" id="pv-1" name="PV1" powerFactor="1.0"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("surfaceArea", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "pv-1");
    }

    [Fact]
    public void PV_with_power_only_reads()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:PVInstallation" id="pv-1" name="PV1" power="4000"/>""");

        var pv = Assert.Single(EsdlReader.ReadString(xml).OfKind(AssetKind.PVInstallation));

        Assert.Equal(4000.0, pv.RequiredDouble("power"));
    }

    [Fact]
    public void EV_charging_station_without_power_is_an_error()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:EVChargingStation" id="ev-1" name="EV1"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("'power'", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "ev-1");
    }

    [Fact]
    public void Unknown_asset_type_is_a_warning_and_skipped()
    {
        var xml = InlineEsdl.System("""
            <asset xsi:type="esdl:GasHeater" id="gas-1" name="Heater">
              <port xsi:type="esdl:InPort" id="gas-in" name="In"/>
            </asset>
            <asset xsi:type="esdl:Joint" id="joint-1" name="Joint1"/>
            """);

        var system = EsdlReader.ReadString(xml, "inline.esdl");

        var warning = Assert.Single(system.Warnings);
        Assert.Contains("GasHeater", warning, StringComparison.Ordinal);
        Assert.Contains("gas-1", warning, StringComparison.Ordinal);
        Assert.StartsWith($"inline.esdl:{InlineEsdl.LineOf(xml, "gas-1")}:", warning, StringComparison.Ordinal);
        Assert.False(system.AssetsById.ContainsKey("gas-1"));
        Assert.False(system.PortsById.ContainsKey("gas-in"));
        Assert.Equal("joint-1", Assert.Single(system.Assets).Id);
    }

    [Fact]
    public void Connections_to_a_skipped_asset_are_dropped_with_it()
    {
        var xml = InlineEsdl.System("""
            <asset xsi:type="esdl:Joint" id="joint-1" name="Joint1">
              <port xsi:type="esdl:OutPort" id="joint-out" name="Out" connectedTo="gas-in cable-in"/>
            </asset>
            <asset xsi:type="esdl:GasHeater" id="gas-1" name="Heater">
              <port xsi:type="esdl:InPort" id="gas-in" name="In" connectedTo="joint-out"/>
            </asset>
            <asset xsi:type="esdl:ElectricityCable" id="cable-1" name="Cable1">
              <port xsi:type="esdl:InPort" id="cable-in" name="In" connectedTo="joint-out"/>
            </asset>
            """);

        var system = EsdlReader.ReadString(xml);

        Assert.Contains("GasHeater", Assert.Single(system.Warnings), StringComparison.Ordinal);
        var jointOut = system.PortsById["joint-out"];
        Assert.Same(system.PortsById["cable-in"], Assert.Single(jointOut.ConnectedTo));
    }

    [Fact]
    public void Duplicate_asset_ids_name_both_lines()
    {
        var xml = InlineEsdl.System("""
            <asset xsi:type="esdl:Joint" id="dup" name="First"/>
            <asset xsi:type="esdl:Joint" id="other" name="Other"/>
            <asset xsi:type="esdl:Joint" id="dup" name="Second"/>
            """);
        int first = InlineEsdl.LineOf(xml, "name=\"First\"");
        int second = InlineEsdl.LineOf(xml, "name=\"Second\"");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("duplicate", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"line {first}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(second, ex.Line);
        AssertLocated(ex, "dup");
    }

    [Fact]
    public void Duplicate_id_of_a_building_and_its_content_names_the_building_first()
    {
        var xml = InlineEsdl.System("""
            <asset xsi:type="esdl:Building" id="dup" name="House">
              <asset xsi:type="esdl:Joint" id="dup" name="Inside"/>
            </asset>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains($"line {InlineEsdl.LineOf(xml, "name=\"House\"")}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "name=\"Inside\""), ex.Line);
    }

    [Fact]
    public void Duplicate_port_ids_are_an_error()
    {
        var xml = InlineEsdl.System("""
            <asset xsi:type="esdl:Joint" id="j1" name="J1">
              <port xsi:type="esdl:InPort" id="p-dup" name="In"/>
            </asset>
            <asset xsi:type="esdl:Joint" id="j2" name="J2">
              <port xsi:type="esdl:OutPort" id="p-dup" name="Out"/>
            </asset>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("p-dup", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "name=\"Out\""), ex.Line);
    }

    [Fact]
    public void Invalid_json_in_a_description_is_an_error()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:EConnection" id="conn-1" name="Conn" description="{&quot;got_ems&quot;: tru"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("JSON", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "conn-1");
    }

    [Fact]
    public void Plain_text_description_is_not_json()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:EConnection" id="conn-1" name="Conn" description="the corner house"/>""");

        var connection = Assert.Single(EsdlReader.ReadString(xml).Assets);

        Assert.Null(connection.Parameters);
        Assert.Equal("the corner house", connection.Description);
    }

    [Fact]
    public void Wrong_root_element_is_an_error()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <esdl:EnergySystemInformation xmlns:esdl="http://www.tno.nl/esdl" id="not-a-system"/>
            """;

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("EnergySystem", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Right_name_in_the_wrong_namespace_is_an_error()
    {
        const string xml = """<EnergySystem xmlns="http://example.org/other" id="es"/>""";

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("http://example.org/other", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Line);
    }

    [Fact]
    public void Asset_without_id_is_an_error()
    {
        var xml = InlineEsdl.System("""<asset xsi:type="esdl:Joint" name="Anonymous"/>""");

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("Anonymous", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "Anonymous"), ex.Line);
    }

    [Fact]
    public void Port_of_unknown_direction_is_an_error()
    {
        var xml = InlineEsdl.System("""
            <asset xsi:type="esdl:Joint" id="j1" name="J1">
              <port xsi:type="esdl:SidePort" id="p-side" name="Side"/>
            </asset>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("SidePort", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "p-side");
    }

    [Fact]
    public void Non_numeric_profile_value_is_an_error()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:DateTimeProfile">
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:00:00" to="2020-08-11T00:15:00" value="lots"/>
            </profile>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("lots", ex.Message, StringComparison.Ordinal);
        Assert.Equal(InlineEsdl.LineOf(xml, "lots"), ex.Line);
    }

    [Fact]
    public void Bad_profile_date_is_an_error()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:DateTimeProfile">
              <element xsi:type="esdl:ProfileElement" from="yesterday" to="2020-08-11T00:15:00" value="1"/>
            </profile>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml));

        Assert.Contains("yesterday", ex.Message, StringComparison.Ordinal);
        AssertLocated(ex, "demand-in");
    }

    [Fact]
    public void Profile_element_ending_before_it_starts_names_the_file()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:DateTimeProfile" id="dtp-1">
              <element xsi:type="esdl:ProfileElement" from="2020-08-11T00:15:00" to="2020-08-11T00:00:00" value="1"/>
            </profile>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml, "model.esdl"));

        Assert.Equal("model.esdl", ex.File);

        // The line of the element itself, the one after the profile's.
        Assert.StartsWith($"model.esdl:{InlineEsdl.LineOf(xml, "dtp-1") + 1}: element 'dtp-1': profile element ends", ex.Located, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_series_profile_with_zero_timestep_names_the_file()
    {
        var xml = InlineEsdl.DemandWithProfile("""
            <profile xsi:type="esdl:TimeSeriesProfile" id="ts-1" startDateTime="2020-08-11T00:00:00" timestep="0" values="1 2"/>
            """);

        var ex = Assert.Throws<InputException>(() => EsdlReader.ReadString(xml, "model.esdl"));

        Assert.Contains("timestep", ex.Message, StringComparison.Ordinal);
        Assert.Equal("model.esdl", ex.File);
        AssertLocated(ex, "ts-1");
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
