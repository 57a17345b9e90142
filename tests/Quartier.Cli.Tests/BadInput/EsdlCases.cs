using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Corpus: ESDL files given to <c>quartier run</c> and <c>quartier validate</c> — malformed or hostile XML, limits,
/// broken references, numbers outside their physical range (<c>EsdlRanges</c>) and broken profiles, each mutated
/// from DOTS's small test (or Arch72) and refused naming the file, line, element and attribute.
/// </summary>
[CorpusSection]
internal static class EsdlCases
{
    private const string Connection = "5c19dcff-b004-4644-99b9-f42d15a34f3a";
    private const string HeatPump = "f9baaf98-0cbe-4d3b-9913-ba1cfd703bb0";
    private const string Cable2 = "10ef23ed-1d9a-48ce-981e-9b98f220620a";
    private const string Pv = "03443715-c345-45b2-9b95-bd6906ac9c83";
    private const string Charger = "0ff9e0be-d450-4bd3-b2a8-9c5b729c31e0";

    public static IEnumerable<BadInputCase> Cases()
    {
        var esdl = CorpusInputs.Esdl;
        string At(string text) => $"test.esdl:{EsdlCorpusInputs.LineOf(esdl, text)}";

        // Both commands: the examples the issue names.
        foreach (var command in new[] { "run", "validate" })
        {
            string[] Args(string file = "test.esdl") => command == "run" ? ["run", $"{{dir}}/{file}", "--db", "{db}"] : ["validate", $"{{dir}}/{file}"];
            BadInputCase Case(string name, string content, params string[] expect) => BadInputCase.Of(command, "ESDL: " + name, Args(), expect, ("test.esdl", content));

            yield return Case("negative EConnection capacity", CorpusInputs.EsdlWith("capacity=\"5000.0\"", "capacity=\"-5000.0\""), At("capacity=\"5000.0\""), Connection, "'capacity' = -5000", "[0 … 1e9] W");
            yield return Case("absurd heat pump power", CorpusInputs.EsdlWith("heatPumpThermalPower=\"9000.0\"", "heatPumpThermalPower=\"9e12\""), At("heatPumpThermalPower"), HeatPump, "'heatPumpThermalPower' = 9e12", "[1 … 5e7] W");
            yield return Case("negative cable length", CorpusInputs.EsdlWith("length=\"24.5\"", "length=\"-24.5\""), At("length=\"24.5\""), Cable2, "'length' = -24.5", "[0 … 100000] m");
            yield return Case("profile value of 1e308", CorpusInputs.EsdlWith("value=\"142.7928160169932\"", "value=\"1e308\""), At("value=\"142.7928160169932\""), "'value' = 1e308", "outside its physical range");
            yield return Case("profile value NaN", CorpusInputs.EsdlWith("value=\"142.7928160169932\"", "value=\"NaN\""), At("value=\"142.7928160169932\""), "'value' = 'NaN' is not a finite number");
            yield return Case("DTD with an entity", CorpusInputs.Replace(esdl, "<?xml version='1.0' encoding='UTF-8'?>\n", "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE lol [<!ENTITY lol \"lol\">]>\n"), "test.esdl:2", "DTD", "remove the DOCTYPE");
            yield return Case("areas nested 5000 deep", Nested(esdl, 5000), "test.esdl:", "nested 101 elements deep", "limit of 100 levels", "QUARTIER_MAX_XML_DEPTH");
            yield return BadInputCase.Of(command, "ESDL: invalid UTF-8 in a name", Args(), ["test.esdl:948", "invalid UTF-8"], ("test.esdl", InvalidUtf8(esdl)));
            yield return Case("port connected to itself", CorpusInputs.EsdlWith("connectedTo=\"7e7a3cb8-7f0b-4b82-9f9b-504aba6ef409\"", "connectedTo=\"8f727e30-bb01-40b6-a6de-764084905651\""), At("id=\"8f727e30"), "connectedTo itself");
            yield return Case("truncated file", esdl[..(esdl.Length / 2)], "test.esdl:", "malformed XML");
        }

        string[] Run(string file = "test.esdl") => ["run", $"{{dir}}/{file}", "--db", "{db}"];
        string[] Validate(string file = "test.esdl") => ["validate", $"{{dir}}/{file}"];
        BadInputCase V(string name, string content, params string[] expect) => BadInputCase.Of("validate", "ESDL: " + name, Validate(), expect, ("test.esdl", content));
        BadInputCase R(string name, string content, params string[] expect) => BadInputCase.Of("run", "ESDL: " + name, Run(), expect, ("test.esdl", content));

        // Structure and XML.
        yield return V("empty file", string.Empty, "test.esdl:1", "the ESDL is empty");
        yield return V("whitespace only", "  \n\n ", "test.esdl:1", "the ESDL is empty");
        yield return BadInputCase.Of("validate", "ESDL: UTF-16 file", Validate(), ["test.esdl:1", "invalid UTF-8"], ("test.esdl", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(esdl[..2000])).ToArray()));
        yield return BadInputCase.Of("validate", "ESDL: binary garbage", Validate(), ["test.esdl"], ("test.esdl", Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251)).ToArray()));
        yield return V("JSON instead of XML", "{\"EnergySystem\": {}}", "test.esdl:1", "malformed XML");
        yield return V("wrong root element", "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://example.org\"/>", "test.esdl:2", "expected ESDL <EnergySystem>");
        yield return V("external entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<e>&x;</e>", "test.esdl:2", "DTD");
        yield return V("billion laughs", "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n<l>&c;</l>", "test.esdl:2", "DTD");
        yield return V("unclosed element at the end", esdl.Replace("</esdl:EnergySystem>", string.Empty, StringComparison.Ordinal), "test.esdl:", "malformed XML");
        yield return V("mismatched end tag", EsdlCorpusInputs.EsdlWithFirst("</area>", "</areas>"), "test.esdl:", "malformed XML");
        yield return V("undeclared namespace prefix", EsdlCorpusInputs.EsdlWithFirst("<area xsi:type=\"esdl:Area\"", "<foo:area xsi:type=\"esdl:Area\""), "test.esdl:889", "malformed XML");
        yield return BadInputCase.Of("validate", "ESDL: more elements than the limit", Validate(), ["test.esdl:", "the number of XML elements", "QUARTIER_MAX_XML_ELEMENTS"], ("test.esdl", CorpusInputs.Bytes(esdl))) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_XML_ELEMENTS"] = "500" } };
        yield return BadInputCase.Of("validate", "ESDL: attribute longer than the limit", Validate(), ["test.esdl:", "characters", "QUARTIER_MAX_STRING_CHARS"], ("test.esdl", CorpusInputs.Bytes(esdl))) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_STRING_CHARS"] = "100" } };
        yield return BadInputCase.Of("validate", "ESDL: file larger than the limit", Validate(), ["test.esdl", "exceeds the limit of 1 MiB", "QUARTIER_MAX_FILE_MB"], ("test.esdl", CorpusInputs.Bytes(CorpusInputs.Replace(esdl, "<parties", $"<!-- {new string('x', 1_200_000)} -->\n  <parties")))) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_FILE_MB"] = "1" } };
        yield return BadInputCase.Of("validate", "ESDL: areas nested deeper than a raised limit allows", Validate(), ["test.esdl:", "limit of 2000 levels"], ("test.esdl", CorpusInputs.Bytes(Nested(esdl, 20_000)))) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_XML_DEPTH"] = "2000" } };

        // References and identity.
        yield return V("dangling connectedTo", CorpusInputs.EsdlWith("connectedTo=\"7e7a3cb8-7f0b-4b82-9f9b-504aba6ef409\"", "connectedTo=\"no-such-port\""), At("id=\"8f727e30"), "'no-such-port', which is no port in this file");
        yield return V("duplicate asset id", CorpusInputs.EsdlWith("id=\"10ef23ed-1d9a-48ce-981e-9b98f220620a\"", "id=\"4baca81d-f563-4af5-bad9-85f90ea12894\""), At("name=\"Cable2\""), "duplicate id '4baca81d-f563-4af5-bad9-85f90ea12894'");
        yield return V("duplicate port id", CorpusInputs.EsdlWith("id=\"a4cc744f-b0ea-4aab-b436-6aba3d7fa442\"", "id=\"8f727e30-bb01-40b6-a6de-764084905651\""), "duplicate port id '8f727e30-bb01-40b6-a6de-764084905651'");
        yield return V("asset without id", CorpusInputs.EsdlWith(" id=\"10ef23ed-1d9a-48ce-981e-9b98f220620a\"", string.Empty), At("name=\"Cable2\""), "ElectricityCable 'Cable2' has no id attribute");
        yield return V("port of an unknown kind", CorpusInputs.EsdlWith("<port xsi:type=\"esdl:InPort\" id=\"8f727e30", "<port xsi:type=\"esdl:SidePort\" id=\"8f727e30"), At("id=\"8f727e30"), "unknown type 'SidePort'");
        yield return V("unit reference to nothing", EsdlCorpusInputs.EsdlWithFirst("<profile xsi:type=\"esdl:DateTimeProfile\">", "<profile xsi:type=\"esdl:DateTimeProfile\"><profileQuantityAndUnit xsi:type=\"esdl:QuantityAndUnitReference\" reference=\"no-unit\"/>"), "test.esdl:1046", "'no-unit', which is not defined");
        yield return V("unknown unit", EsdlCorpusInputs.EsdlWithFirst("<profile xsi:type=\"esdl:DateTimeProfile\">", "<profile xsi:type=\"esdl:DateTimeProfile\"><profileQuantityAndUnit xsi:type=\"esdl:QuantityAndUnitType\" physicalQuantity=\"POWER\" unit=\"FURLONG\"/>"), "test.esdl:1046", "unsupported unit 'FURLONG'");
        yield return V("unknown multiplier", EsdlCorpusInputs.EsdlWithFirst("<profile xsi:type=\"esdl:DateTimeProfile\">", "<profile xsi:type=\"esdl:DateTimeProfile\"><profileQuantityAndUnit xsi:type=\"esdl:QuantityAndUnitType\" physicalQuantity=\"POWER\" unit=\"WATT\" multiplier=\"JUMBO\"/>"), "test.esdl:1046", "unknown unit multiplier 'JUMBO'");

        // Physical ranges of attributes and description parameters.
        yield return V("EConnection capacity a word", CorpusInputs.EsdlWith("capacity=\"5000.0\"", "capacity=\"lots\""), At("capacity=\"5000.0\""), Connection, "'capacity' = 'lots' is not a finite number");
        yield return V("EConnection capacity infinite", CorpusInputs.EsdlWith("capacity=\"5000.0\"", "capacity=\"INF\""), At("capacity=\"5000.0\""), "'capacity' = 'INF' is not a finite number");
        yield return V("PV panel efficiency 1.7", CorpusInputs.EsdlWith("panelEfficiency=\"0.2\"", "panelEfficiency=\"1.7\""), At("surfaceArea=\"32\""), Pv, "'panelEfficiency' = 1.7", "[0 … 1]");
        yield return V("PV negative surface", CorpusInputs.EsdlWith("surfaceArea=\"32\"", "surfaceArea=\"-32\""), At("surfaceArea=\"32\""), Pv, "'surfaceArea' = -32");
        yield return V("EV charger of 0 W", CorpusInputs.EsdlWith("power=\"5000.0\"", "power=\"0\""), At("power=\"5000.0\""), Charger, "'power' = 0", "[1 … 1e7] W");
        yield return V("heat pump COP of 0.2", CorpusInputs.EsdlWith("heatPumpCOP=\"3.5\"", "heatPumpCOP=\"0.2\""), At("heatPumpCOP"), HeatPump, "'heatPumpCOP' = 0.2", "[1 … 15]");
        yield return V("power factor 1.5", EsdlCorpusInputs.EsdlWithFirst("powerFactor=\"0.95\"", "powerFactor=\"1.5\""), At("powerFactor=\"0.95\""), "'powerFactor' = 1.5", "[0.01 … 1]");
        yield return V("transformer primary voltage negative", CorpusInputs.EsdlWith("voltagePrimary=\"10.0\"", "voltagePrimary=\"-10.0\""), At("voltagePrimary"), "'voltagePrimary' = -10");
        yield return V("EV efficiency a word", CorpusInputs.EsdlWith("&quot;efficiency&quot;: 1.0", "&quot;efficiency&quot;: &quot;high&quot;"), At("power=\"5000.0\""), Charger, "'description.efficiency' is the text \"high\"", "expected a number");
        yield return V("EV max_soc negative", CorpusInputs.EsdlWith("&quot;max_soc&quot;: 378000000.0", "&quot;max_soc&quot;: -1"), At("power=\"5000.0\""), "'description.max_soc' = -1", "J");
        yield return V("EV arrival PTU a text in the array", CorpusInputs.EsdlWith("&quot;arrival_ptus&quot;: [0]", "&quot;arrival_ptus&quot;: [&quot;noon&quot;]"), At("power=\"5000.0\""), "'description.arrival_ptus[0]'", "expected a number");

        // DOTS rules: EV sessions, energy contracts and tariff measures (docs/architecture.md, "DOTS rules — EV, contracts, tariffs").
        const string BandwidthCost = "variableOperationalAndMaintenanceCosts xsi:type=\"esdl:SingleValue\" id=\"45c42331-7088-40d6-8331-f5c2f07afd1f\" name=\"high_bandwidth_price\" value=\"2.0\"/>";
        const string Measure = "aba64d59-d1fd-4d8a-a6fd-058e3338b959";
        yield return R("EV arrival state of charge above max_soc", CorpusInputs.EsdlWith("&quot;arrival_socs&quot;: [187160400.00000003]", "&quot;arrival_socs&quot;: [478000000.0]"), At("power=\"5000.0\""), Charger, "session 0", "arrival_socs 478000000 J is above max_soc 378000000 J");
        yield return R("unknown energy_contract", CorpusInputs.EsdlWith("&quot;energy_contract&quot;: &quot;static&quot;", "&quot;energy_contract&quot;: &quot;fixed&quot;"), At($"id=\"{Connection}\""), Connection, "ConnectionHome1", "energy_contract 'fixed' is neither");
        yield return V("variable_tariff profile with a non-numeric value", CorpusInputs.Replace(CorpusInputs.EsdlWith("name=\"bandwidth tariff\"", "name=\"variable_tariff\""), BandwidthCost, "variableOperationalCosts xsi:type=\"esdl:DateTimeProfile\" id=\"vt\"><element xsi:type=\"esdl:ProfileElement\" from=\"2020-01-14T00:00:00\" to=\"2020-01-14T00:15:00\" value=\"cheap\"/></variableOperationalCosts>"), At("high_bandwidth_price"), Measure, "measure 'variable_tariff'", "'value' = 'cheap' is not a finite number");
        yield return R("variable_tariff without a profile", CorpusInputs.EsdlWith("name=\"bandwidth tariff\"", "name=\"variable_tariff\""), At("name=\"bandwidth tariff\""), Measure, "measure 'variable_tariff'", "needs a DateTimeProfile or TimeSeriesProfile variableOperationalCosts");
        yield return R("negative static_bandwidth_tariff", CorpusInputs.Replace(CorpusInputs.EsdlWith("name=\"bandwidth tariff\"", "name=\"static_bandwidth_tariff\""), BandwidthCost, "variableOperationalCosts xsi:type=\"esdl:SingleValue\" id=\"bw\" value=\"-2.0\"/>"), At("high_bandwidth_price"), Measure, "measure 'static_bandwidth_tariff'", "value -2 (element 0) is negative");
        yield return V("building C_in of zero", EsdlCorpusInputs.EsdlWithFirst("&quot;C_in&quot;: 26146400.0", "&quot;C_in&quot;: 0"), At("&quot;C_in&quot;"), "'description.C_in' = 0", "J/K");
        yield return V("heat pump buffer temperature 5000", CorpusInputs.EsdlWith("&quot;buffer_temp_set&quot;: 313.15", "&quot;buffer_temp_set&quot;: 5000"), At("heatPumpThermalPower"), "'description.buffer_temp_set' = 5000", "°C");
        yield return V("description JSON broken", CorpusInputs.EsdlWith("{&quot;got_ems&quot;: true,", "{&quot;got_ems&quot;: tru,"), At("capacity=\"5000.0\""), "looks like JSON but is not valid");
        yield return V("battery of negative capacity", BatteryIn(esdl, "capacity=\"-3.6e7\""), "'capacity' = -3.6e7", "J");
        yield return V("battery fill level 1.5", BatteryIn(esdl, "capacity=\"3.6e7\" fillLevel=\"1.5\""), "'fillLevel' = 1.5", "[0 … 1]");
        yield return V("battery min_soc above max_soc", BatteryIn(esdl, "capacity=\"3.6e7\" description=\"{&quot;min_soc&quot;: 0.9, &quot;max_soc&quot;: 0.2}\""), "min_soc 0.9 is above max_soc 0.2");
        yield return V("battery without capacity", BatteryIn(esdl, "power=\"3000\""), "Battery 'corpus-battery' lacks the required attribute 'capacity'");

        // Profiles.
        yield return V("temperature of 5000", CorpusInputs.EsdlWith("value=\"297.35\"", "value=\"5000\""), "test.esdl:6", "'value' = 5000", "°C (or K above 150)");
        yield return V("market price of 1e9", EsdlCorpusInputs.EsdlWithFirst("value=\"0.10354000000000001\"", "value=\"1e9\""), "test.esdl:1700", "'value' = 1e9", "currency");
        yield return V("profile value a word", CorpusInputs.EsdlWith("value=\"142.7928160169932\"", "value=\"high\""), "test.esdl:1047", "'value' = 'high' is not a finite number");
        yield return V("profile element ends before it starts", CorpusInputs.EsdlWith("from=\"2020-08-11T00:00:00.000000\" to=\"2020-08-11T00:15:00.000000\" value=\"142.7928160169932\"", "from=\"2020-08-11T00:15:00.000000\" to=\"2020-08-11T00:00:00.000000\" value=\"142.7928160169932\""), "test.esdl:1047", "ends", "before or when it starts");
        yield return V("profile elements overlap", CorpusInputs.EsdlWith("from=\"2020-08-11T00:00:00.000000\" to=\"2020-08-11T00:15:00.000000\" value=\"142.7928160169932\"", "from=\"2020-08-11T00:00:00.000000\" to=\"2020-08-11T00:25:00.000000\" value=\"142.7928160169932\""), "test.esdl:1048", "overlaps the element");
        yield return V("profile date not a date", CorpusInputs.EsdlWith("from=\"2020-08-11T00:00:00.000000\" to=\"2020-08-11T00:15:00.000000\" value=\"142.7928160169932\"", "from=\"yesterday\" to=\"2020-08-11T00:15:00.000000\" value=\"142.7928160169932\""), "test.esdl:1047", "'from' = 'yesterday' is not a date-time");
        yield return V("profile date in the year 1066", CorpusInputs.EsdlWith("from=\"2020-08-11T00:00:00.000000\" to=\"2020-08-11T00:15:00.000000\" value=\"142.7928160169932\"", "from=\"1066-10-14T00:00:00\" to=\"2020-08-11T00:15:00.000000\" value=\"142.7928160169932\""), "test.esdl:1047", "outside the accepted dates 1900-01-01");
        yield return V("empty date-time profile", EmptyProfile(esdl), "test.esdl:1046", "has no elements");
        yield return V("time series with a zero timestep", TimeSeries(esdl, "timestep=\"0\" values=\"1 2\""), "test.esdl:1046", "'timestep' = 0", "[1 … 3.2e7] s");
        yield return V("time series with a negative timestep", TimeSeries(esdl, "timestep=\"-900\" values=\"1 2\""), "test.esdl:1046", "'timestep' = -900");
        yield return V("time series with a fractional timestep", TimeSeries(esdl, "timestep=\"1.5\" values=\"1 2\""), "test.esdl:1046", "not a whole number of seconds");
        yield return V("time series without values", TimeSeries(esdl, "timestep=\"900\" values=\" \""), "test.esdl:1046", "has no values");
        yield return V("time series value not a number", TimeSeries(esdl, "timestep=\"900\" values=\"1 two 3\""), "test.esdl:1046", "'values' = 'two' is not a finite number");

        // Arch72 (a real LV network) under `run`.
        yield return R("Arch72 with a negative cable length", ReplaceNth(EsdlCorpusInputs.Arch72Esdl, "length=\"7.5\"", "length=\"-7.5\""), "test.esdl:", "'length' = -7.5", "[0 … 100000] m");
        yield return R("Arch72 with a market price of 1e308", ReplaceNth(EsdlCorpusInputs.Arch72Esdl, "value=\"", "value=\"1e308\" old=\""), "test.esdl:14:", "'value' = 1e308", "currency");
    }

    /// <summary>The small test with <paramref name="depth"/> areas nested around its assets.</summary>
    private static string Nested(string esdl, int depth)
    {
        var open = esdl.IndexOf('>', esdl.IndexOf("<area ", StringComparison.Ordinal)) + 1;
        var inner = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            inner.Append("<area id=\"n").Append(i).Append("\">");
        }

        var text = string.Concat(esdl.AsSpan(0, open), inner.ToString(), esdl.AsSpan(open));
        var close = text.IndexOf("</area>", StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, close), string.Concat(Enumerable.Repeat("</area>", depth)), text.AsSpan(close));
    }

    private static byte[] InvalidUtf8(string esdl)
    {
        var bytes = Encoding.UTF8.GetBytes(EsdlCorpusInputs.ReplaceFirst(esdl, "name=\"Cable2\"", "name=\"Cable#2\""));
        var at = Encoding.UTF8.GetBytes(esdl[..esdl.IndexOf("name=\"Cable2\"", StringComparison.Ordinal)]).Length + "name=\"Cable".Length;
        bytes[at] = 0xFF;
        return bytes;
    }

    private static string BatteryIn(string esdl, string attributes) =>
        EsdlCorpusInputs.ReplaceFirst(esdl, "<asset xsi:type=\"esdl:EConnection\"", $"<asset xsi:type=\"esdl:Battery\" id=\"corpus-battery\" name=\"corpus-battery\" {attributes}/>\n<asset xsi:type=\"esdl:EConnection\"");

    private static string EmptyProfile(string esdl)
    {
        var start = esdl.IndexOf("<profile xsi:type=\"esdl:DateTimeProfile\">", StringComparison.Ordinal);
        var end = esdl.IndexOf("</profile>", start, StringComparison.Ordinal);
        var lineEnd = esdl.IndexOf('\n', start);
        return string.Concat(esdl.AsSpan(0, lineEnd + 1), esdl.AsSpan(end));
    }

    private static string TimeSeries(string esdl, string attributes)
    {
        var start = esdl.IndexOf("<profile xsi:type=\"esdl:DateTimeProfile\">", StringComparison.Ordinal);
        var end = esdl.IndexOf("</profile>", start, StringComparison.Ordinal) + "</profile>".Length;
        var lines = esdl.AsSpan(start, end - start).Count('\n');
        return string.Concat(esdl.AsSpan(0, start), $"<profile xsi:type=\"esdl:TimeSeriesProfile\" id=\"ts\" startDateTime=\"2020-08-11T00:00:00\" {attributes}/>", new string('\n', lines), esdl.AsSpan(end));
    }

    private static string ReplaceNth(string text, string oldText, string newText, int n = 3)
    {
        int at = -1;
        for (int i = 0; i < n; i++)
        {
            at = text.IndexOf(oldText, at + 1, StringComparison.Ordinal);
        }

        return string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length));
    }
}
