using System.Globalization;
using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: weather files given to <c>quartier weather show</c> and to <c>quartier run … --weather</c>.</summary>
[CorpusSection]
internal static class WeatherCases
{
    /// <summary>A valid hourly CSV around the small test's period: line 1 the header, line k + 2 hour k.</summary>
    internal static string Csv(int hours = 120, string header = "time,ghi [W/m2],temp_air [degC],wind_speed [m/s]", Func<int, string>? row = null)
    {
        var text = new StringBuilder(header).Append('\n');
        var start = new DateTime(2020, 8, 10, 0, 0, 0, DateTimeKind.Utc);
        for (int k = 0; k < hours; k++)
        {
            text.Append(row?.Invoke(k) ?? Row(start.AddHours(k), k)).Append('\n');
        }

        return text.ToString();
    }

    internal static string Row(DateTime t, int k) =>
        string.Create(CultureInfo.InvariantCulture, $"{t:yyyy-MM-ddTHH:mm}Z,{Math.Max(0, 800 * Math.Sin((k % 24 - 6) * Math.PI / 12)):0.#},{15 + (k % 24) / 3.0:0.#},{2 + (k % 5)}");

    /// <summary>The valid CSV with line <paramref name="line"/> (1-based) replaced.</summary>
    internal static string CsvWithLine(int line, string replacement)
    {
        var lines = Csv().Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    private static string Epw => File.ReadAllText(Cli.Reference("weather/NLD_Amsterdam062400_IWEC.epw"));

    /// <summary>The IWEC EPW with line <paramref name="line"/> (1-based) passed through <paramref name="change"/>.</summary>
    private static string EpwLine(int line, Func<string, string> change)
    {
        var lines = Epw.Split('\n');
        lines[line - 1] = change(lines[line - 1]);
        return string.Join('\n', lines);
    }

    private static string EpwField(int line, int field, string value) => EpwLine(line, l =>
    {
        var f = l.Split(',');
        f[field - 1] = value;
        return string.Join(',', f);
    });

    private static string Tmy => File.ReadAllText(Cli.Reference("weather/tmy_45.000_8.000_2005_2023.csv"));

    private static string OpenMeteo => File.ReadAllText(Cli.Reference("eos/weatherforecast_openmeteo_1.json"));

    private static string BrightSky => File.ReadAllText(Cli.Reference("eos/weatherforecast_brightsky_1.json"));

    public static IEnumerable<BadInputCase> Cases()
    {
        foreach (var c in ShowCases())
        {
            yield return c;
        }

        foreach (var c in RunCases())
        {
            yield return c;
        }
    }

    private static IEnumerable<BadInputCase> ShowCases()
    {
        const string cmd = "weather show";
        string[] Show(string file) => ["weather", "show", "{dir}/" + file];
        BadInputCase Csv1(string name, string content, params string[] expect) => BadInputCase.Of(cmd, name, Show("w.csv"), expect, ("w.csv", content));

        yield return Csv1("NaN temperature", CsvWithLine(5, "2020-08-10T03:00Z,0,NaN,2"), "w.csv:5", "temp_air", "not a finite number");
        yield return Csv1("infinite irradiance", CsvWithLine(9, "2020-08-10T07:00Z,Infinity,17,2"), "w.csv:9", "ghi", "not a finite number");
        yield return Csv1("temperature of 95 degC", CsvWithLine(7, "2020-08-10T05:00Z,0,95,2"), "w.csv:7", "column 3", "[-90 … 70] degC");
        yield return Csv1("temperature of -120 degC", CsvWithLine(4, "2020-08-10T02:00Z,0,-120,2"), "w.csv:4", "[-90 … 70] degC");
        yield return Csv1("negative irradiance", CsvWithLine(3, "2020-08-10T01:00Z,-50,15,2"), "w.csv:3", "ghi", "[0 … 1500] W/m2");
        yield return Csv1("irradiance of 5000 W/m2", CsvWithLine(15, "2020-08-10T13:00Z,5000,20,2"), "w.csv:15", "[0 … 1500] W/m2");
        yield return Csv1("wind of 500 m/s", CsvWithLine(6, "2020-08-10T04:00Z,0,16,500"), "w.csv:6", "wind_speed", "[0 … 120] m/s");
        yield return Csv1("negative wind", CsvWithLine(6, "2020-08-10T04:00Z,0,16,-3"), "w.csv:6", "[0 … 120] m/s");
        yield return Csv1("humidity of 150 %", Csv(header: "time,ghi,relative_humidity [%]", row: k => $"2020-08-10T{k:00}:00Z,0,{(k == 3 ? 150 : 80)}", hours: 10), "w.csv:5", "relative_humidity", "[0 … 100] %");
        yield return Csv1("pressure of 500 Pa", Csv(header: "time,ghi,pressure [Pa]", row: k => $"2020-08-10T{k:00}:00Z,0,{(k == 2 ? 500 : 101300)}", hours: 10), "w.csv:4", "pressure", "[30000 … 110000] Pa");
        yield return Csv1("cloud cover of 3", Csv(header: "time,ghi,cloud_cover [0..1]", row: k => $"2020-08-10T{k:00}:00Z,0,{(k == 1 ? 3 : 0.5)}", hours: 10), "w.csv:3", "cloud_cover", "[0 … 1]");
        yield return Csv1("kelvin temperatures read as degC", Csv(header: "time,ghi [W/m2],temp_air [degC],wind_speed [m/s]", row: k => $"2020-08-10T{k:00}:00Z,0,{288 + k % 5},2", hours: 10), "w.csv:2", "temp_air", "[-90 … 70] degC");
        yield return Csv1("temperature in kelvin out of range", Csv(header: "time,ghi,temp_air [K]", row: k => $"2020-08-10T{k:00}:00Z,0,{(k == 4 ? 400 : 290)}", hours: 10), "w.csv:6", "400 (= 126.85 degC)");
        yield return Csv1("unknown temperature unit", Csv(header: "time,ghi,temp_air [Rankine]"), "w.csv:1", "unit 'Rankine'", "degC, K, degF");
        yield return Csv1("irradiance unit on temperature", Csv(header: "time,ghi,temp_air [W/m2]"), "w.csv:1", "unit 'W/m2'");
        yield return Csv1("unknown column", Csv(header: "time,ghi,sunshine_hours,wind_speed"), "w.csv:1", "'sunshine_hours'", "unknown quantity");
        yield return Csv1("duplicate quantity", Csv(header: "time,ghi,global_horizontal,wind_speed"), "w.csv:1", "already column 2");
        yield return Csv1("no time column", Csv(header: "when,ghi,temp_air,wind_speed"), "w.csv:1", "'when'");
        yield return Csv1("too few fields", CsvWithLine(8, "2020-08-10T06:00Z,0,15"), "w.csv:8", "3 fields, the header has 4");
        yield return Csv1("too many fields", CsvWithLine(8, "2020-08-10T06:00Z,0,15,2,9"), "w.csv:8", "5 fields, the header has 4");
        yield return Csv1("a word for a number", CsvWithLine(10, "2020-08-10T08:00Z,0,warm,2"), "w.csv:10", "'warm' is not a number");
        yield return Csv1("a bad date", CsvWithLine(10, "2020-13-45T08:00Z,0,15,2"), "w.csv:10", "not an ISO 8601 time");
        yield return Csv1("time without offset", CsvWithLine(2, "2020-08-10T00:00,0,15,2"), "w.csv:2", "no UTC offset");
        yield return Csv1("duplicated timestamp", CsvWithLine(6, "2020-08-10T03:00Z,0,15,2"), "w.csv:6", "time does not increase");
        yield return Csv1("backwards timestamp", CsvWithLine(6, "2020-08-09T03:00Z,0,15,2"), "w.csv:6", "time does not increase");
        yield return Csv1("a gap", CsvWithLine(6, "2020-08-10T09:00Z,0,15,2"), "w.csv:6", "gap between line 5");
        yield return Csv1("only one row", "time,ghi\n2020-08-10T00:00Z,0\n", "w.csv:2", "at least two are needed");
        yield return Csv1("header only", "time,ghi,temp_air\n", "w.csv:1", "no data rows");
        yield return BadInputCase.Of(cmd, "empty file", Show("w.csv"), ["w.csv", "empty"], ("w.csv", string.Empty));
        yield return BadInputCase.Of(cmd, "invalid UTF-8", Show("w.csv"), ["w.csv:3", "invalid UTF-8"], ("w.csv", [.. Encoding.UTF8.GetBytes("time,ghi\n2020-08-10T00:00Z,0\n2020-08-10T01:00Z,"), 0xC3, 0x28, (byte)'\n']));
        yield return BadInputCase.Of(cmd, "file over the size limit", Show("w.csv"), ["w.csv", "exceeds the limit of 1 MiB", "QUARTIER_MAX_FILE_MB"], ("w.csv", Csv(hours: 60_000))) with { Environment = new Dictionary<string, string> { ["QUARTIER_MAX_FILE_MB"] = "1" } };
        yield return BadInputCase.Of(cmd, "missing file", Show("none.csv"), ["none.csv", "not found"]);
        yield return BadInputCase.Of(cmd, "HTML page", Show("w.csv"), ["w.csv:1", "HTML"], ("w.csv", "<html><body>ClearOutside</body></html>"));

        BadInputCase Epw1(string name, string content, params string[] expect) => BadInputCase.Of(cmd, "EPW: " + name, Show("w.epw"), expect, ("w.epw", content));
        yield return Epw1("latitude of 95", EpwField(1, 7, "95.0"), "w.epw:1", "LOCATION latitude", "[-90 … 90]");
        yield return Epw1("time zone of 20", EpwField(1, 9, "20"), "w.epw:1", "LOCATION time zone");
        yield return Epw1("dry bulb of 80 degC", EpwField(20, 7, "80.0"), "w.epw:20", "field 7 (dry bulb)", "[-90 … 70] degC");
        yield return Epw1("negative global radiation", EpwField(30, 14, "-40"), "w.epw:30", "field 14", "[0 … 1500] W/m2");
        yield return Epw1("wind of 300 m/s", EpwField(40, 22, "300"), "w.epw:40", "field 22 (wind speed)", "[0 … 120] m/s");
        yield return Epw1("NaN dew point", EpwField(50, 8, "NaN"), "w.epw:50", "field 8 (dew point)", "not a finite number");
        yield return Epw1("hour 25", EpwField(60, 4, "25"), "w.epw:60", "hour 25 is not valid");
        yield return Epw1("30 February", EpwLine(60, l => "1995,2,30" + l[l.IndexOf(',', l.IndexOf(',', l.IndexOf(',') + 1) + 1)..]), "w.epw:60", "1995-2-30");
        yield return Epw1("record cut short", EpwLine(70, l => l[..40]), "w.epw:70", "fields; an EPW record has 35");
        yield return Epw1("no LOCATION line", EpwLine(1, _ => "PLACE,AMSTERDAM"), "w.epw:1", "unknown quantity");
        yield return Epw1("duplicated record", EpwLine(101, _ => Epw.Split('\n')[99]), "w.epw:101", "both give");

        BadInputCase Tmy1(string name, string content, params string[] expect) => BadInputCase.Of(cmd, "PVGIS TMY: " + name, Show("tmy.csv"), expect, ("tmy.csv", content));
        yield return Tmy1("latitude of 200", CorpusInputs.Replace(Tmy, "Latitude (decimal degrees): 45.000", "Latitude (decimal degrees): 200.0"), "tmy.csv:1", "Latitude", "[-90 … 90]");
        yield return Tmy1("temperature of 99", TmyRow(t => t[1] = "99.0"), "tmy.csv:19", "T2m", "[-90 … 70] degC");
        yield return Tmy1("bad time", TmyRow(t => t[0] = "2018-01-01 00:00"), "tmy.csv:19", "yyyyMMdd:HHmm");
        yield return Tmy1("missing field", TmyRow(t => t[3] = string.Empty), "tmy.csv:19", "is not a number");

        BadInputCase Json1(string name, string file, string content, params string[] expect) => BadInputCase.Of(cmd, name, Show(file), expect, (file, content));
        yield return Json1("Open-Meteo: temperature as a string", "om.json", CorpusInputs.ReplaceFirstArrayItem(OpenMeteo, "\"temperature_2m\": [", "\"warm\""), "om.json", "hourly.temperature_2m[0]", "must be a number or null");
        yield return Json1("Open-Meteo: unknown unit", "om.json", CorpusInputs.Replace(OpenMeteo, "\"temperature_2m\": \"\\u00b0C\"", "\"temperature_2m\": \"Rankine\""), "om.json", "hourly_units.temperature_2m 'Rankine'");
        yield return Json1("Open-Meteo: array lengths differ", "om.json", CorpusInputs.Replace(OpenMeteo, "\"temperature_2m\": [", "\"temperature_2m\": [1.0, "), "om.json", "hourly.temperature_2m has");
        yield return Json1("Open-Meteo: truncated", "om.json", OpenMeteo[..(OpenMeteo.Length / 2)], "om.json:", "malformed JSON");
        yield return Json1("JSON nested too deeply", "deep.json", new string('[', 5000) + new string(']', 5000), "deep.json:1", "exceeds the limit of 64 levels", "QUARTIER_MAX_JSON_DEPTH");
        yield return Json1("JSON of an unknown kind", "x.json", "{\"temperatures\": [1, 2]}", "x.json", "JSON weather not recognised");
        yield return Json1("Bright Sky: wind of 1000 km/h", "bs.json", BrightSkyWith("\"wind_speed\": ", "\"wind_speed\": 1000, \"_was\": "), "bs.json", "weather[0].wind_speed", "[0 … 120] m/s");
        yield return Json1("Bright Sky: bad timestamp", "bs.json", BrightSkyWith("\"timestamp\": \"", "\"timestamp\": \"yesterday\", \"_was\": \""), "bs.json", "weather[0].timestamp", "not an ISO 8601 time");
    }

    private static IEnumerable<BadInputCase> RunCases()
    {
        const string cmd = "run --weather";
        var esdl = ("test.esdl", CorpusInputs.Esdl);
        string[] Run(string weather) => ["run", "{dir}/test.esdl", "--db", "{db}", "--weather", "{dir}/" + weather];
        yield return BadInputCase.Of(cmd, "NaN temperature", Run("w.csv"), ["w.csv:30", "temp_air", "not a finite number"], esdl, ("w.csv", CsvWithLine(30, "2020-08-11T04:00Z,0,NaN,2")));
        yield return BadInputCase.Of(cmd, "irradiance of 3000 W/m2", Run("w.csv"), ["w.csv:40", "[0 … 1500] W/m2"], esdl, ("w.csv", CsvWithLine(40, "2020-08-11T14:00Z,3000,20,2")));
        yield return BadInputCase.Of(cmd, "temperature in kelvin labelled degC", Run("w.csv"), ["w.csv:2", "[-90 … 70] degC"], esdl, ("w.csv", Csv(row: k => string.Create(CultureInfo.InvariantCulture, $"{new DateTime(2020, 8, 10, 0, 0, 0, DateTimeKind.Utc).AddHours(k):yyyy-MM-ddTHH:mm}Z,0,{290 + (k % 7)},2"))));
        yield return BadInputCase.Of(cmd, "a gap in the run's period", Run("w.csv"), ["w.csv:31", "gap"], esdl, ("w.csv", CsvWithLine(31, "2020-08-11T09:00Z,0,15,2")));
        yield return BadInputCase.Of(cmd, "weather before the run", Run("w.csv"), ["w.csv", "covers 2020-08-10 00:00 to 2020-08-10 10:00 UTC"], esdl, ("w.csv", Csv(hours: 10)));
        yield return BadInputCase.Of(cmd, "invalid UTF-8", Run("w.csv"), ["w.csv:2", "invalid UTF-8"], ("test.esdl", CorpusInputs.Bytes(CorpusInputs.Esdl)), ("w.csv", [.. Encoding.UTF8.GetBytes("time,ghi\n2020-08-11T00:00Z,"), 0xFF, (byte)'\n']));
        yield return BadInputCase.Of(cmd, "EPW with wind of 999.5", Run("w.epw"), ["w.epw:12", "field 22"], esdl, ("w.epw", EpwField(12, 22, "200")));
        yield return BadInputCase.Of(cmd, "empty temperature cells inside the run", Run("w.csv"), ["w.csv", "no air temperature for the run's step at 2020-08-11 0", "empty cells"], esdl, ("w.csv", CsvWithLine(30, "2020-08-11T04:00Z,0,,2")));
        yield return BadInputCase.Of(cmd, "empty irradiance cells inside the run", Run("w.csv"), ["w.csv", "no irradiance (GHI) for the run's step", "empty cells"], esdl, ("w.csv", CsvWithLine(40, "2020-08-11T14:00Z,,20,2")));
        yield return BadInputCase.Of(cmd, "weather is a folder", ["run", "{dir}/test.esdl", "--db", "{db}", "--weather", "{dir}"], ["is a folder"], esdl);
    }

    private static string TmyRow(Action<string[]> change)
    {
        var lines = Tmy.Split('\n');
        var f = lines[18].Split(',');
        change(f);
        lines[18] = string.Join(',', f);
        return string.Join('\n', lines);
    }

    private static string BrightSkyWith(string oldText, string newText)
    {
        var text = BrightSky;
        int at = text.IndexOf(oldText, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidOperationException($"corpus mutation: '{oldText}' is not in the input") : text[..at] + newText + text[(at + oldText.Length)..];
    }
}
