using System.Globalization;
using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: day-ahead price files given to <c>quartier run … --prices</c> (CSV, Akkudoktor and Energy-Charts JSON).</summary>
[CorpusSection]
internal static class PriceCases
{
    /// <summary>A valid hourly price CSV over the small test's period: line 1 the header, line k + 2 hour k.</summary>
    private static string Csv(string header = "time,price [EUR/MWh]", Func<int, string>? value = null, int hours = 96)
    {
        var text = new StringBuilder(header).Append('\n');
        var start = new DateTime(2020, 8, 10, 0, 0, 0, DateTimeKind.Utc);
        for (int k = 0; k < hours; k++)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{start.AddHours(k):yyyy-MM-ddTHH:mm:ss}Z,{value?.Invoke(k) ?? (40 + (k % 24)).ToString(CultureInfo.InvariantCulture)}")).Append('\n');
        }

        return text.ToString();
    }

    private static string CsvWithLine(int line, string replacement)
    {
        var lines = Csv().Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    private static string Akkudoktor => File.ReadAllText(Cli.Reference("eos/elecpriceforecast_akkudoktor_1.json"));

    private static string EnergyCharts => File.ReadAllText(Cli.Reference("eos/elecpriceforecast_energycharts.json"));

    public static IEnumerable<BadInputCase> Cases()
    {
        const string cmd = "run --prices";
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Run(string prices) => ["run", "{dir}/test.esdl", "--db", "{db}", "--prices", "{dir}/" + prices];
        BadInputCase Csv1(string name, string content, params string[] expect) => BadInputCase.Of(cmd, name, Run("p.csv"), expect, esdl, ("p.csv", content));

        yield return Csv1("price of 50000 EUR/MWh", CsvWithLine(12, "2020-08-10T10:00:00Z,50000"), "p.csv:12", "50000 EUR/MWh", "[-10 … 10] EUR/kWh");
        yield return Csv1("price of -20000 EUR/MWh", CsvWithLine(13, "2020-08-10T11:00:00Z,-20000"), "p.csv:13", "[-10 … 10] EUR/kWh");
        yield return Csv1("cents labelled EUR/kWh", Csv(header: "time,price [EUR/kWh]", value: k => (2500 + k).ToString(CultureInfo.InvariantCulture)), "p.csv:2", "2500 EUR/kWh", "check the unit");
        yield return Csv1("NaN price", CsvWithLine(7, "2020-08-10T05:00:00Z,NaN"), "p.csv:7", "'NaN' is not a number");
        yield return Csv1("infinite price", CsvWithLine(7, "2020-08-10T05:00:00Z,1e400"), "p.csv:7", "'1e400' is not a number");
        yield return Csv1("unknown unit", Csv(header: "time,price [USD/barrel]"), "p.csv:1", "'USD/barrel'", "not a price unit");
        yield return Csv1("no unit", Csv(header: "time,price"), "p.csv:1", "names no unit");
        yield return Csv1("duplicated time", CsvWithLine(8, "2020-08-10T05:00:00Z,40"), "p.csv:8", "times must rise strictly");
        yield return Csv1("a gap", CsvWithLine(8, "2020-08-10T09:00:00Z,40"), "p.csv:8", "gap");
        yield return Csv1("bad date", CsvWithLine(8, "2020-02-31T09:00:00Z,40"), "p.csv:8", "is not a time");
        yield return Csv1("unix time in year 50000", CsvWithLine(2, "1500000000000,40"), "p.csv:2", "between 1970 and 2200");
        yield return Csv1("one cell only", CsvWithLine(9, "2020-08-10T07:00:00Z"), "p.csv:9", "expected two cells");
        yield return Csv1("step of two days", Csv(value: null, hours: 0) + "2020-08-10T00:00:00Z,40\n2020-08-12T00:00:00Z,41\n2020-08-14T00:00:00Z,42\n", "p.csv:3", "[60 … 86400] s");
        yield return Csv1("empty file", string.Empty, "p.csv", "empty");
        yield return BadInputCase.Of(cmd, "invalid UTF-8", Run("p.csv"), ["p.csv:3", "invalid UTF-8"], ("test.esdl", CorpusInputs.Bytes(CorpusInputs.Esdl)), ("p.csv", [.. Encoding.UTF8.GetBytes("time,price [EUR/MWh]\n2020-08-10T00:00:00Z,40\n2020-08-10T01:00:00Z,4"), 0xE2, 0x28, 0xA1, (byte)'\n']));
        yield return BadInputCase.Of(cmd, "missing file", Run("none.csv"), ["none.csv", "not found"], esdl);

        BadInputCase Json1(string name, string content, params string[] expect) => BadInputCase.Of(cmd, name, Run("p.json"), expect, esdl, ("p.json", content));
        yield return Json1("Akkudoktor: price of 1e6 EUR/MWh", CorpusInputs.Replace(Akkudoktor, "\"marketprice\": 92.85", "\"marketprice\": 1000000"), "p.json", "$.values[0].marketprice", "[-10 … 10] EUR/kWh");
        yield return Json1("Akkudoktor: price as a string", CorpusInputs.Replace(Akkudoktor, "\"marketprice\": 92.85", "\"marketprice\": \"cheap\""), "p.json", "$.values[0].marketprice", "not a finite number");
        yield return Json1("Akkudoktor: price beyond double", CorpusInputs.Replace(Akkudoktor, "\"marketprice\": 92.85", "\"marketprice\": 1e999"), "p.json", "$.values[0].marketprice", "not a finite number");
        yield return Json1("Akkudoktor: unknown unit", CorpusInputs.Replace(Akkudoktor, "\"unit\": \"Eur/MWh\"", "\"unit\": \"Gold/oz\""), "p.json", "'Gold/oz' is not a price unit");
        yield return Json1("Akkudoktor: timestamp in year 300000", CorpusInputs.Replace(Akkudoktor, "\"start_timestamp\": 1733785200000,\n      \"end_timestamp\": 1733788800000", "\"start_timestamp\": 9000000000000000,\n      \"end_timestamp\": 9000000003600000"), "p.json", "start_timestamp", "between 1970 and 2200");
        yield return Json1("Akkudoktor: values not an array", "{\"values\": {\"a\": 1}}", "p.json", "$.values must be a non-empty array");
        yield return Json1("Akkudoktor: truncated", Akkudoktor[..300], "p.json:", "malformed JSON");
        yield return Json1("Energy-Charts: price of 99999 EUR/MWh", CorpusInputs.ReplaceFirstArrayItem(EnergyCharts, "\"price\": [", "99999"), "p.json", "$.price[0]", "[-10 … 10] EUR/kWh");
        yield return Json1("Energy-Charts: null price", CorpusInputs.ReplaceFirstArrayItem(EnergyCharts, "\"price\": [", "null"), "p.json", "$.price[0] is null");
        yield return Json1("Energy-Charts: time going backwards", CorpusInputs.Replace(EnergyCharts, "1733788800,", "1733700000,"), "p.json", "$.unix_seconds[1]");
        yield return Json1("Energy-Charts: nested too deeply", "{\"unix_seconds\": " + new string('[', 3000) + new string(']', 3000) + "}", "p.json:1", "exceeds the limit of 64 levels");
    }
}
