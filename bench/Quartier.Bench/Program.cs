using System.Diagnostics;
using System.Globalization;
using Quartier.Bench;
using Quartier.Core.Results;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Scenarios;
using Quartier.Storage;

// Whole-run scale benchmark: a generated neighbourhood of N households (base load, PV, battery, EV, heat
// pump) simulated at 15 min with the rule-based EMS, per-household net power and battery fill level
// recorded. The LV power flow (one feeder of 100 homes per transformer) is off unless --power-flow on.
// Usage: dotnet run -c Release --project bench/Quartier.Bench -- [--households N] [--days D] [--sink sqlite|null] [--db PATH (kept)] [--power-flow on|off] [--tiling on|off] [--heap on|off (the live heap after wiring; forces two full collections)] [--threads T] [--kpis FILE (every KPI, tab-separated)]
int households = 1000, days = 365;
string sink = "sqlite";
string? keepDb = null;
string? kpiFile = null;
int threads = 0;
bool powerFlow = false;
bool tiling = true;
bool heap = false;
for (int i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--households": households = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--sink": sink = args[++i]; break;
        case "--db": keepDb = args[++i]; break;
        case "--kpis": kpiFile = args[++i]; break;
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--power-flow": powerFlow = args[++i] == "on"; break;
        case "--tiling": tiling = args[++i] == "on"; break;
        case "--heap": heap = args[++i] == "on"; break;
    }
}

var total = Stopwatch.StartNew();
var system = SyntheticNeighbourhood.Create(households, days);
double generate = total.Elapsed.TotalSeconds;

// the live heap after generating and after wiring: two full collections (about 0.5 s at 10,000 homes), only on request
double heapSystem = heap ? GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024) : double.NaN;
var options = new RunOptions { DurationSeconds = days * 86_400L, Record = ["EConnection/net_power", "Battery/fill_level"], Threads = threads, PowerFlow = powerFlow, Tiling = tiling };
var prepare = Stopwatch.StartNew();
var runner = SimulationRunner.Prepare(system, options);
double prepared = prepare.Elapsed.TotalSeconds;
double heapPrepared = heap ? GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024) : double.NaN;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prepared {households} homes × {days} days in {generate + prepared:0.0} s") +
    (heap ? string.Create(CultureInfo.InvariantCulture, $"; heap: system {heapSystem:0} MiB, prepared run {heapPrepared:0} MiB") : ""));

long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
string? dbPath = null;
RunResult result;
if (sink == "sqlite")
{
    dbPath = keepDb ?? Path.Combine(Path.GetTempPath(), $"quartier-bench-{Environment.ProcessId}.db");
    using var store = SqliteResultStore.Open(dbPath);
    var run = new RunRecord(Guid.NewGuid().ToString("N"), system.Name, "synthetic", "-", "{}", RunStatus.Running, null, DateTime.UtcNow, null, 0, runner.Grid.Start, runner.Grid.StepSeconds, runner.Grid.Count);
    using var writer = store.BeginRun(run);
    result = runner.Execute(writer);
    writer.Commit(result.Kpis, result.WallSeconds);
}
else
{
    result = runner.Execute(new NullSink());
}

double wall = total.Elapsed.TotalSeconds;
long steps = (long)households * runner.Grid.Count;
var dbSize = dbPath is null ? 0 : new FileInfo(dbPath).Length;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"households={households} days={days} threads={(threads == 0 ? Environment.ProcessorCount : threads)} steps={runner.Grid.Count} sink={sink} generate={generate:0.00}s prepare={prepared:0.00}s simulate+record={result.WallSeconds:0.00}s wall={wall:0.00}s " +
    $"household-steps/s={steps / result.WallSeconds:N0} peak-memory={Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0}MiB series={result.Series.Count} db={dbSize / (1024.0 * 1024):0}MiB tile={runner.Simulation.TileSteps}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated while running={(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024.0 * 1024):0.0}MiB gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)}"));
Console.WriteLine("  " + string.Join(", ", runner.Simulation.Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Seconds:0.00}s"))));
var kpi = result.Kpis.Where(k => k.Scope == "system").ToDictionary(k => k.Name, k => k.Value);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  imported={kpi["energy_imported"]:N0} kWh exported={kpi["energy_exported"]:N0} kWh self-consumption={kpi["self_consumption"]:0.0}% self-sufficiency={kpi["self_sufficiency"]:0.0}% transformer-peak={kpi.GetValueOrDefault("transformer_peak_loading"):0.0}%"));
if (kpiFile is not null)
{
    File.WriteAllLines(kpiFile, result.Kpis.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Scope}\t{k.Name}\t{k.Value:R}\t{k.Unit}")));
}

if (dbPath is not null && keepDb is null)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var f in Directory.GetFiles(Path.GetDirectoryName(dbPath)!, Path.GetFileName(dbPath) + "*"))
    {
        File.Delete(f);
    }
}
