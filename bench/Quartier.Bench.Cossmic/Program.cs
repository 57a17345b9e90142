using System.Diagnostics;
using System.Globalization;
using Quartier.Cossmic.Import;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Cossmic.Scheduling;

// CoSSMic scheduling benchmark (issue target: 1,100 jobs / 30 producers scheduled by the exact algorithm in ≤ 5 s wall;
// PySSMic: 220 jobs 56 s, 1,100 jobs not finished in 590 s). The generated neighbourhoods replicate the reference
// 'test' set (22 jobs, 3 producers): jobs ×10 → 220 and ×50 → 1,100, producers ×10 → 30, copy k of a house moved to
// house id + 1000·k. One run per row, nominal (no prediction error, no jitter), after one warm-up run (JIT, CBC load).
// Usage: bench/Quartier.Bench.Cossmic/run.sh [--algorithms naive,random,fifty-fifty,exact] [--sizes 1,10,50]
//        [--grid 900] [--slot 300] [--refine 1] [--time-limit 3] [--set FOLDER|SET [--runs N] (KPI tables of every
//        algorithm, N nominal runs with seeds 1…N)]
var algorithms = CossmicAlgorithms.Names.ToArray();
int[] sizes = [1, 10, 50];
var grid = 900;
var slot = 300;
var refine = true;
var defaults = new CossmicRunOptions();
var limit = defaults.SolverTimeLimitSeconds;
var runs = 1;
string? set = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--algorithms":
            algorithms = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
            break;
        case "--sizes":
            sizes = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            break;
        case "--grid":
            grid = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--slot":
            slot = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--refine":
            refine = args[++i] is "1" or "true" or "yes";
            break;
        case "--time-limit":
            limit = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--set":
            set = args[++i];
            break;
    }
}

// --city: issue 20's city scale — jobs ×50/×500/×5000 (1,100 / 11,000 / 110,000 jobs) with producers ×10/×100/×1000
// (30 / 300 / 3,000), one producer copy per five job copies; also prints peak memory and the LP bound of each plan.
var city = args.Contains("--city");
if (city && !args.Contains("--sizes"))
{
    sizes = [50, 500, 5000];
}

if (set is not null)
{
    var scenario = CossmicImport.ReadFolder(Directory.Exists(set) ? set : FindReference("pyssmic/" + set));
    foreach (var algorithm in algorithms)
    {
        var result = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = algorithm, StartGridSeconds = grid, MilpSlotSeconds = slot, Refine = refine, SolverTimeLimitSeconds = limit, Runs = runs, PredictionError = 0, ArrivalJitterSeconds = 0 });
        Console.WriteLine(CossmicReport.KpiTable(result));
    }

    return;
}

var test = CossmicImport.ReadFolder(FindReference("pyssmic/test"));
CossmicSimulator.Run(test, new CossmicRunOptions { Algorithm = CossmicAlgorithms.Exact, StartGridSeconds = grid, MilpSlotSeconds = slot, Refine = refine, SolverTimeLimitSeconds = limit });
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact: MILP slot {slot} s, start grid {grid} s, refine {refine}, node limit {defaults.SolverMaxNodes} and time limit {limit} s per MILP; {(runs == 1 ? "one nominal run per row" : $"{runs} runs per row (prediction error and arrival jitter on; KPIs of the first run)")}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"neighbourhood",-16} {"jobs",6} {"prod.",6} {"algorithm",-12} {"wall s",8} {"PV share",9} {"contracts",9} {"MILPs",6} {"optimal",8} {"limited",8} {"gap %",7} {"columns",8}{(city ? $" {"peak MiB",9}" : string.Empty)}"));
foreach (var copies in sizes)
{
    var scenario = copies == 1 ? test : test.Replicate(copies, city ? Math.Max(1, copies / 5) : 10);
    var last = double.NaN;
    foreach (var algorithm in algorithms)
    {
        var clock = Stopwatch.StartNew();
        var result = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = algorithm, StartGridSeconds = grid, MilpSlotSeconds = slot, Refine = refine, SolverTimeLimitSeconds = limit, Runs = runs });
        var wall = clock.Elapsed.TotalSeconds;
        var run = result.Runs[0];
        if (algorithm == CossmicAlgorithms.Exact)
        {
            last = run.Kpis.PvShare;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name,-16} {scenario.Jobs.Count,6} {scenario.Producers.Count,6} {algorithm,-12} {wall,8:0.000} {run.Kpis.PvShare,9:0.0000} {run.Kpis.ContractPvShare,9:0.0000} {run.Solver.MilpSolves,6} {run.Solver.ProvenOptimal,8} {run.Solver.GreedyFallbacks + run.Solver.TimeLimited,8} {run.Solver.MaxRelativeGap * 100,7:0.000} {run.Solver.LargestColumns,8}{(city ? (Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0).ToString(" 0", CultureInfo.InvariantCulture).PadLeft(10) : string.Empty)}"));
    }

    if (city && runs == 1 && !double.IsNaN(last))
    {
        // The offline LP relaxation: no plan of these jobs on this production uses more PV.
        var clock = Stopwatch.StartNew();
        var bound = CossmicLpBound.Compute(scenario, new CossmicRunOptions());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name,-16} LP bound: PV share ≤ {bound.PvShare:0.0000} ({bound.Columns} start columns, {clock.Elapsed.TotalSeconds:0.0} s); exact is {(bound.PvShare - last) / bound.PvShare * 100:0.00} % below it"));

        // How much of that gap is information: the same exact scheduler told the actual production from the start (all
        // of a producer's predictions issued at its first's time, so the merged last version is known at once; merging
        // looks at the predictions' times, not at when they were issued), jobs still arriving as registered.
        var clairvoyant = new CossmicScenario(scenario.Name + "-perfect-forecast", scenario.Source, scenario.Jobs,
            [.. scenario.Producers.Select(p => p with { Predictions = [.. p.Predictions.Select(x => x with { IssuedUnix = p.Predictions[0].IssuedUnix })] })]);
        var perfect = CossmicSimulator.Run(clairvoyant, new CossmicRunOptions { Algorithm = CossmicAlgorithms.Exact, StartGridSeconds = grid, MilpSlotSeconds = slot, Refine = refine, SolverTimeLimitSeconds = limit }).Runs[0].Kpis.PvShare;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name,-16} exact with a perfect forecast: PV share {perfect:0.0000}, {(bound.PvShare - perfect) / bound.PvShare * 100:0.00} % below the bound"));
    }
}

static string FindReference(string relative)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        foreach (var root in new[] { Path.Combine(dir.FullName, "shared", "reference"), Path.Combine(dir.FullName, "..", "shared", "reference") })
        {
            var candidate = Path.Combine(root, relative);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }
    }

    throw new DirectoryNotFoundException($"reference '{relative}' not found above {AppContext.BaseDirectory}");
}
