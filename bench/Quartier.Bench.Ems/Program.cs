using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Quartier.Bench;
using Quartier.Esdl;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;

// The EMS over a long run: DOTS's small test (examples/dots-small-test/test.esdl, 72 h of 15-min profiles) tiled
// to D days — every DateTimeProfile repeated every 72 h, the EV's session repeated with it — and run under
// --ems rule, dots or mpc with the LV power flow. Reports wall time, plans made and plan time (median, p99, max).
// With --weather the ESDL's 72 h of August weather give way to a weather file's year (PV on the physical model).
// Usage: dotnet run -c Release --project bench/Quartier.Bench.Ems -- [--days 365] [--ems dots] [--solver cbc|glpk] [--gap G] [--threads N] [--weather FILE]
int days = 365, threads = 0;
string ems = "dots", solver = "cbc";
string? weather = null;
double? gap = null;
for (int i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--ems": ems = args[++i]; break;
        case "--gap": gap = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--solver": solver = args[++i]; break;
        case "--weather": weather = args[++i]; break;
    }
}

var source = Path.Combine(AppContext.BaseDirectory, "test.esdl");
var xml = Tiled.Read(source, days);
var system = EsdlReader.ReadString(xml, "small-test-tiled.esdl");
var options = new RunOptions
{
    DurationSeconds = days * 86_400L,
    Threads = threads,
    Weather = weather is null ? null : Quartier.Forecasting.Weather.WeatherReader.Read(weather),
    Ems = new EmsOptions { Strategy = EmsOptions.ParseStrategy(ems), RelativeGap = gap, Solver = solver },
};
var total = Stopwatch.StartNew();
var runner = SimulationRunner.Prepare(system, options);
var result = runner.Execute(new NullSink());
var kpi = result.Kpis.Where(k => k.Scope == "system").ToDictionary(k => k.Name, k => k.Value);
double Get(string name) => kpi.GetValueOrDefault(name, double.NaN);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"small test tiled to {days} days{(weather is null ? string.Empty : ", weather " + Path.GetFileName(weather))}, ems={ems} solver={solver} gap={options.Ems.Gap} horizon={options.Ems.Horizon} steps={runner.Grid.Count} connections={result.Connections} threads={(threads == 0 ? Environment.ProcessorCount : threads)}: " +
    $"wall={total.Elapsed.TotalSeconds:0.0}s plans={Get("ems_plans"):0} plan median={Get("ems_plan_seconds_median") * 1000:0.0}ms p99={Get("ems_plan_seconds_p99") * 1000:0.0}ms max={Get("ems_plan_seconds_max") * 1000:0.0}ms " +
    $"cost={Get("energy_cost"):0.00}EUR import={Get("energy_imported"):0.0}kWh ev-missing={Get("ev_departure_shortfall"):0.0}kWh " +
    $"peak-memory={Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0}MiB"));
Console.WriteLine("  " + string.Join(", ", runner.Simulation.Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Seconds:0.00}s"))));

/// <summary>Writes the small test's profiles and EV sessions repeated to cover a number of days.</summary>
internal static class Tiled
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public static string Read(string path, int days)
    {
        var doc = XDocument.Load(path);
        var period = TimeSpan.Zero;
        foreach (var profile in doc.Descendants().Where(e => (string?)e.Attribute(Xsi + "type") == "esdl:DateTimeProfile").ToList())
        {
            var elements = profile.Elements("element").ToList();
            if (elements.Count == 0)
            {
                continue;
            }

            var first = Instant(elements[0], "from");
            var end = Instant(elements[^1], "to");
            var span = end - first;
            period = span > period ? span : period;
            int copies = (int)Math.Ceiling((days + 1) * 86_400.0 / span.TotalSeconds);
            for (int c = 1; c < copies; c++)
            {
                var shift = span * c;
                foreach (var e in elements)
                {
                    var copy = new XElement(e);
                    copy.SetAttributeValue("from", Format(Instant(e, "from") + shift));
                    copy.SetAttributeValue("to", Format(Instant(e, "to") + shift));
                    profile.Add(copy);
                }
            }
        }

        int ptus = (int)(period.TotalSeconds / 900);
        foreach (var asset in doc.Descendants().Where(e => ((string?)e.Attribute(Xsi + "type"))?.EndsWith("EVChargingStation", StringComparison.Ordinal) == true))
        {
            var description = JsonNode.Parse((string)asset.Attribute("description")!)!.AsObject();
            int copies = (int)Math.Ceiling(days * 96.0 / ptus);
            foreach (var key in new[] { "arrival_ptus", "departure_ptus", "arrival_socs", "departure_socs" })
            {
                var values = description[key]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
                var tiled = new JsonArray();
                for (int c = 0; c < copies; c++)
                {
                    foreach (var v in values)
                    {
                        tiled.Add(key.EndsWith("ptus", StringComparison.Ordinal) ? (int)v + (c * ptus) : v);
                    }
                }

                description[key] = tiled;
            }

            asset.SetAttributeValue("description", description.ToJsonString());
        }

        return doc.ToString();
    }

    private static DateTime Instant(XElement e, string name) =>
        DateTime.Parse((string)e.Attribute(name)!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Format(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}
