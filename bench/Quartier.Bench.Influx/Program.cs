// Series ingestion into InfluxDB 1.x through the server's live sink (DOTS's schema, line protocol over HTTP), for the
// 1,000-home year: every home's net power and battery fill level at 15 min, in the recorder's blocks of 2,976 steps.
//   bench/Quartier.Bench.Influx/bin/Release/net10.0/Quartier.Bench.Influx [--homes 1000] [--influx http://127.0.0.1:18086]
// Without --influx it starts InfluxDB through scripts/services. The database is dropped at the end.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Quartier.Core.Results;
using Quartier.Server.Influx;

int homes = 1000;
string? url = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--homes")
    {
        homes = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
    else if (args[i] == "--influx")
    {
        url = args[i + 1];
    }
}

url ??= StartInflux();
const int Steps = 35_040;
const int Block = 2_976;
var database = "quartier_bench_" + Guid.NewGuid().ToString("N")[..8];
var target = InfluxTarget.Parse($"{url}/{database}");
target.EnsureDatabase();
var series = new List<SeriesInfo>();
for (int h = 0; h < homes; h++)
{
    series.Add(new SeriesInfo(series.Count + 1, "EConnection", $"home-{h}", $"Home{h}", "net_power", "W"));
    series.Add(new SeriesInfo(series.Count + 1, "Battery", $"battery-{h}", $"Battery{h}", "fill_level", "%"));
}

var run = new InfluxRun(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, "es", "Town", c => c.Measurement == "EConnection" ? "emsservice-1" : "batteryservice-1");
var values = new double[Block];
var random = new Random(1);
var watch = Stopwatch.StartNew();
long written;
using (var sink = new InfluxSink(target, "bench", run))
{
    sink.DeclareSeries(series);
    for (int first = 1; first <= Steps; first += Block)
    {
        int n = Math.Min(Block, Steps - first + 1);
        foreach (var s in series)
        {
            for (int k = 0; k < n; k++)
            {
                values[k] = Math.Round(random.NextDouble() * 5000, 3);
            }

            sink.WriteBlock(s.Id, first, values.AsSpan(0, n));
        }
    }

    sink.Complete();
    written = sink.Points;
}

watch.Stop();
var count = JsonDocument.Parse(target.Query("SELECT count(\"net_power\") FROM \"EConnection\" WHERE \"simulation_id\" = 'bench'")).RootElement
    .GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][1].GetInt64();
Console.WriteLine($"InfluxDB {url}: {homes:N0} homes × 2 series × {Steps:N0} steps = {written:N0} values in {watch.Elapsed.TotalSeconds:0.0} s = {written / watch.Elapsed.TotalSeconds:N0} values/s; read back {count:N0} net-power points (expected {(long)homes * Steps:N0})");
target.Query($"DROP DATABASE \"{database}\"", post: true);
return count == (long)homes * Steps ? 0 : 1;

static string StartInflux()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Quartier.slnx")))
    {
        dir = dir.Parent;
    }

    var start = new ProcessStartInfo("bash", [Path.Combine(dir!.FullName, "scripts", "services"), "start", "influxdb"]) { RedirectStandardOutput = true };
    using var p = Process.Start(start)!;
    var output = p.StandardOutput.ReadToEnd().Trim();
    p.WaitForExit();
    return p.ExitCode == 0 ? output.Split('\n')[^1] : throw new InvalidOperationException("scripts/services start influxdb failed");
}
