using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Quartier.Bench.Storage;
using Quartier.Core.Results;
using Quartier.Storage;
using Quartier.Storage.Postgres;

// Result-store ingestion: a year at 15 min of N homes (default 1,000) × 2 series (net power, battery fill level) =
// N × 70,080 values, written through IRunWriter (DeclareSeries, WriteBlock in blocks of 2,976 steps in the engine's
// order — every series' block of one window, then the next window — and Commit) into SQLite (a temp file) and
// PostgreSQL (a scratch database on the server of --postgres, default: the one scripts/services starts). Reports wall
// seconds from BeginRun to the end of Commit, values/s, the size the run takes on disk, and reads one series back to
// check it equals what was written. The values are generated before the clock starts.
// With --codec PATH it instead measures the block codec on the blocks of an existing store (see CodecBenchmark).
// Usage: bench/Quartier.Bench.Storage/bin/Release/net10.0/Quartier.Bench.Storage [--homes 1000] [--postgres URL] [--backends sqlite,postgres] [--keep]
//        bench/Quartier.Bench.Storage/bin/Release/net10.0/Quartier.Bench.Storage --codec STORE.db [--passes 5]
const int Steps = 35_040, BlockSteps = 2_976;
const string Usage = "usage: Quartier.Bench.Storage [--homes 1000] [--postgres URL] [--backends sqlite,postgres] [--keep] | --codec STORE.db [--passes 5]";
int homes = 1000, passes = 5;
string? postgresUrl = null, codecStore = null;
string[] backends = ["sqlite", "postgres"];
var keep = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--homes" when i + 1 < args.Length: homes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--postgres" when i + 1 < args.Length: postgresUrl = args[++i]; break;
        case "--backends" when i + 1 < args.Length: backends = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        case "--keep": keep = true; break;
        case "--codec" when i + 1 < args.Length: codecStore = args[++i]; break;
        case "--passes" when i + 1 < args.Length: passes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; {Usage}");
            return 2;
    }
}

if (codecStore is not null)
{
    return passes < 1 ? 2 : CodecBenchmark.Run(codecStore, passes);
}

if (homes < 1 || backends.Any(b => b is not ("sqlite" or "postgres")))
{
    Console.Error.WriteLine("--homes must be at least 1 and --backends a list of sqlite, postgres");
    return 2;
}

var generate = Stopwatch.StartNew();
var profiles = new Profiles(Steps);
var series = new SeriesInfo[2 * homes];
for (var h = 0; h < homes; h++)
{
    series[2 * h] = new SeriesInfo(2 * h + 1, "EnergyConnection", $"home-{h}", $"Home {h}", "net_power", "W");
    series[2 * h + 1] = new SeriesInfo(2 * h + 2, "Battery", $"battery-{h}", $"Battery {h}", "fill_level", "-");
}

var values = 2L * homes * Steps;
var blocks = 2L * homes * ((Steps + BlockSteps - 1) / BlockSteps);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{homes:N0} homes × 2 series × {Steps:N0} steps = {values:N0} values ({values * sizeof(double) / 1048576.0:N1} MiB raw) in {blocks:N0} blocks of up to {BlockSteps:N0} steps; values generated in {generate.Elapsed.TotalSeconds:0.00} s"));

foreach (var backend in backends)
{
    if (backend == "sqlite")
    {
        var path = Path.Combine(Path.GetTempPath(), $"quartier-bench-storage-{Environment.ProcessId}.db");
        try
        {
            using (var store = SqliteResultStore.Open(path))
            {
                var result = Ingest(store);
                Report("sqlite", result, new FileInfo(path).Length, "file size", string.Empty);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!keep)
            {
                foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
                {
                    File.Delete(file);
                }
            }
            else
            {
                Console.WriteLine($"  kept {path}");
            }
        }
    }
    else
    {
        using var database = ScratchDatabase.Create(postgresUrl ?? ScratchDatabase.StartServer());
        using var store = PostgresResultStore.Open(database.Url);
        var walBefore = database.WalPosition();
        var result = Ingest(store);
        var wal = database.WalBytesSince(walBefore);
        var size = database.BlocksSize();
        Report("postgres", result, size, "pg_total_relation_size('blocks')", string.Create(CultureInfo.InvariantCulture,
            $", whole database {database.DatabaseSize() / 1048576.0:N1} MiB, WAL written {wal / 1048576.0:N1} MiB; {store.Path}{(database.Scratch ? " (scratch database, dropped)" : string.Empty)}"));
        if (keep)
        {
            database.Keep();
            Console.WriteLine($"  kept run {result.RunId} in {store.Path}");
        }
        else if (!database.Scratch)
        {
            store.DeleteRun(result.RunId);
        }
    }
}

return 0;

(double Seconds, double OpenSeconds, double ReadMs, bool Equal, string RunId) Ingest(IRunStore store)
{
    var run = new RunRecord(
        Guid.NewGuid().ToString("N"), "storage benchmark", "synthetic", "-", "{}", RunStatus.Running, null, DateTime.UtcNow, null, 0,
        new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, Steps);
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var wall = Stopwatch.StartNew();
    using (var writer = store.BeginRun(run))
    {
        var opened = wall.Elapsed.TotalSeconds;
        writer.DeclareSeries(series);
        for (var first = 1; first <= Steps; first += BlockSteps)
        {
            var length = Math.Min(BlockSteps, Steps - first + 1);
            for (var h = 0; h < homes; h++)
            {
                writer.WriteBlock(2 * h + 1, first, profiles.NetPower(h).AsSpan(first - 1, length));
                writer.WriteBlock(2 * h + 2, first, profiles.FillLevel(h).AsSpan(first - 1, length));
            }
        }

        writer.Commit([new Kpi("homes", homes, "-")], 0);
        var seconds = wall.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated while writing: {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:0.0} MiB ({(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)blocks:0} bytes a block)"));

        // read back the net power of the middle home and compare bit for bit
        var home = homes / 2;
        var read = Stopwatch.StartNew();
        var back = store.ReadSeries(run.Id, 2 * home + 1);
        var readMs = read.Elapsed.TotalMilliseconds;
        var expected = profiles.NetPower(home);
        var equal = SameBits(back, expected) && SameBits(store.ReadSeries(run.Id, 2 * home + 2), profiles.FillLevel(home));
        return (seconds, opened, readMs, equal, run.Id);
    }
}

static bool SameBits(double[] a, double[] b) =>
    a.Length == b.Length && MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

void Report(string name, (double Seconds, double OpenSeconds, double ReadMs, bool Equal, string RunId) r, long bytes, string sizeKind, string extra)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-8}: wall {r.Seconds:0.00} s (BeginRun {r.OpenSeconds * 1000:0} ms), {values / r.Seconds / 1e6:0.00} M values/s, {values * sizeof(double) / 1048576.0 / r.Seconds:0} MiB/s, " +
        $"size {bytes / 1048576.0:N1} MiB ({sizeKind}, {(double)bytes / (values * sizeof(double)):0.000}× raw); read back home {homes / 2}'s 2 series: {r.ReadMs:0.0} ms for net power, " +
        $"{(r.Equal ? "equal to what was written" : "DIFFERENT from what was written")}{extra}"));
    if (!r.Equal)
    {
        Environment.ExitCode = 1;
    }
}
