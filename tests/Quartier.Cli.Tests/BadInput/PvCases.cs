namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier pv estimate</c> — its options (each against its range) and its weather file.</summary>
[CorpusSection]
internal static class PvCases
{
    public static IEnumerable<BadInputCase> Cases()
    {
        const string cmd = "pv estimate";
        string[] Pv(params string[] extra) => ["pv", "estimate", "--weather", "{ref}/weather/tmy_45.000_8.000_2005_2023.csv", .. extra];
        string[] Main(string kwp = "1", string tilt = "30", string azimuth = "180") => ["--kwp", kwp, "--tilt", tilt, "--azimuth", azimuth];
        BadInputCase Case(string name, string[] args, params string[] expect) => BadInputCase.Of(cmd, name, args, expect);

        yield return Case("latitude of 95", Pv([.. Main(), "--lat", "95", "--lon", "8"]), "'--lat' = 95", "[-90 … 90]");
        yield return Case("latitude of -91", Pv([.. Main(), "--lat", "-91", "--lon", "8"]), "'--lat' = -91");
        yield return Case("longitude of 200", Pv([.. Main(), "--lat", "45", "--lon", "200"]), "'--lon' = 200", "[-180 … 180]");
        yield return Case("latitude without longitude", Pv([.. Main(), "--lat", "45"]), "give both --lat and --lon");
        yield return Case("tilt of 95", Pv(Main(tilt: "95")), "'--tilt' = 95", "[0 … 90]");
        yield return Case("negative tilt", Pv(Main(tilt: "-5")), "'--tilt' = -5");
        yield return Case("azimuth of 400", Pv(Main(azimuth: "400")), "'--azimuth' = 400", "[0 … 360]");
        yield return Case("negative azimuth", Pv(Main(azimuth: "-90")), "'--azimuth' = -90");
        yield return Case("zero kWp", Pv(Main(kwp: "0")), "'--kwp' = 0", "kWp");
        yield return Case("negative kWp", Pv(Main(kwp: "-3")), "'--kwp' = -3");
        yield return Case("absurd kWp", Pv(Main(kwp: "1e12")), "'--kwp' = 1e12", "[0.001 … 1000000] kWp");
        yield return Case("NaN kWp", Pv(Main(kwp: "NaN")), "'--kwp' = NaN");
        yield return Case("losses of 120 %", Pv([.. Main(), "--losses", "120"]), "'--losses' = 120", "[0 … 99] %");
        yield return Case("negative losses", Pv([.. Main(), "--losses", "-1"]), "'--losses' = -1");
        yield return Case("albedo of 1.5", Pv([.. Main(), "--albedo", "1.5"]), "'--albedo' = 1.5", "[0 … 1]");
        yield return Case("positive temperature coefficient", Pv([.. Main(), "--gamma", "0.4"]), "'--gamma' = 0.4", "%/K");
        yield return Case("inverter efficiency of 120 %", Pv([.. Main(), "--inverter-eff", "120"]), "'--inverter-eff' = 120", "[50 … 100] %");
        yield return Case("inverter of 0 kW", Pv([.. Main(), "--inverter-kw", "0"]), "'--inverter-kw' = 0");
        yield return Case("plane with a word", Pv("--plane", "30,east,1"), "--plane '30,east,1'", "tilt,azimuth,kwp");
        yield return Case("plane with two numbers", Pv("--plane", "30,90"), "--plane '30,90'");
        yield return Case("plane with tilt 100", Pv("--plane", "100,90,1"), "tilt of --plane '100,90,1'", "[0 … 90]");
        yield return Case("plane with azimuth 720", Pv("--plane", "30,720,1"), "azimuth of --plane '30,720,1'", "[0 … 360]");
        yield return Case("plane with negative kWp", Pv("--plane", "30,90,-2"), "kWp of --plane '30,90,-2'");
        yield return Case("no plane", Pv(), "no PV plane");
        yield return Case("kWp without tilt", Pv("--kwp", "1"), "--kwp needs --tilt and --azimuth");
        yield return Case("sun time of 90 minutes", Pv([.. Main(), "--sun-time", "90"]), "--sun-time '90'");
        yield return Case("missing weather file", ["pv", "estimate", "--weather", "{dir}/none.epw", .. Main()], "none.epw", "not found");
        yield return BadInputCase.Of(cmd, "weather without a location", ["pv", "estimate", "--weather", "{dir}/w.csv", .. Main()], ["w.csv", "gives no location", "--lat and --lon"], ("w.csv", WeatherCases.Csv()));
        yield return BadInputCase.Of(cmd, "weather without irradiance", ["pv", "estimate", "--weather", "{dir}/w.csv", "--lat", "45", "--lon", "8", .. Main()], ["w.csv", "no irradiance"], ("w.csv", WeatherCases.Csv(header: "time,temp_air", row: k => $"2020-08-10T{k % 24:00}:00Z,15", hours: 20)));
        yield return BadInputCase.Of(cmd, "weather with NaN irradiance", ["pv", "estimate", "--weather", "{dir}/w.csv", "--lat", "45", "--lon", "8", .. Main()], ["w.csv:4", "not a finite number"], ("w.csv", WeatherCases.CsvWithLine(4, "2020-08-10T02:00Z,NaN,15,2")));
    }
}
