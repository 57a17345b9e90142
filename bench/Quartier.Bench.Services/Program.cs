using System.Diagnostics;
using System.Globalization;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Simulation.Engine;
using Quartier.Simulation.External;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Scenarios;
using Quartier.Simulation.Services;

// External-service overhead: the example C# PV service (examples/services/pv-csharp, built with the solution) serving the
// PV installations of a generated neighbourhood over a year at 15 min, against the same formula in process. Per step:
// the external call's round trip (inputs out, outputs in) and the in-process step, median and p99; and both runs' totals.
// Usage: dotnet bench/Quartier.Bench.Services/bin/Release/net10.0/Quartier.Bench.Services.dll [--objects 1000] [--days 365]
int objects = 1000, days = 365;
for (int i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--objects": objects = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
    }
}

var root = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(root, "Quartier.slnx")))
{
    root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new DirectoryNotFoundException("no Quartier.slnx above the benchmark");
}

var service = Path.Combine(root, "examples", "services", "pv-csharp", "bin", "Release", "net10.0", "pv-service");
if (!File.Exists(service))
{
    Console.Error.WriteLine($"build the solution first (Release): {service} is missing");
    return 2;
}

var system = SyntheticNeighbourhood.Create(objects, days);
var options = new RunOptions { DurationSeconds = days * 86_400L, Record = ["EConnection/net_power"], PowerFlow = false, Ems = new EmsOptions { Strategy = EmsStrategy.Rule }, Threads = 1 };

// in process: the same formula, each step timed
var timed = new Quartier.Bench.Services.InProcessPv(0.85);
var inProcess = SimulationRunner.Prepare(system, options, BuiltInServices.Create(ems: options.Ems).Select(s => s is PvService ? timed : s).ToList());
var watch = Stopwatch.StartNew();
inProcess.Execute(new NullSink());
double inProcessWall = watch.Elapsed.TotalSeconds;

// external: the C# service process over a Unix socket
var definition = new ServiceDefinition { EsdlType = AssetKind.PVInstallation, Name = "pv-csharp", Command = [service], WorkingDirectory = Path.GetDirectoryName(service), Parameters = new Dictionary<string, string> { ["PERFORMANCE_RATIO"] = "0.85" } };
watch.Restart();
var external = SimulationRunner.Prepare(system, options with { Services = [definition] });
double start = watch.Elapsed.TotalSeconds;
watch.Restart();
external.Execute(new NullSink());
double externalWall = watch.Elapsed.TotalSeconds;
var calls = external.External[0].Calculations[0].CallTicks.ToArray();
var engine = calls.Zip(external.External[0].Calculations[0].ServiceSeconds.ToArray(), (t, s) => t - (long)(s * Stopwatch.Frequency)).ToArray();

var (inMedian, inP99, inTotal) = Stats(timed.Ticks.ToArray());
var (exMedian, exP99, exTotal) = Stats(calls);
var (enMedian, enP99, enTotal) = Stats(engine);
int pv = system.OfKind(AssetKind.PVInstallation).Count();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"external service: {pv} PV installations × {calls.Length} steps ({days} days at 15 min), C# service over a Unix socket, 1 engine thread"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  in process : step median {inMedian,8:0.0} µs  p99 {inP99,8:0.0} µs  total {inTotal,7:0.00} s   run {inProcessWall:0.00} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  external   : call median {exMedian,8:0.0} µs  p99 {exP99,8:0.0} µs  total {exTotal,7:0.00} s   run {externalWall:0.00} s (+ {start:0.00} s to start and declare)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  engine and transport (round trip − the service's own computing): median {enMedian,6:0.0} µs  p99 {enP99,8:0.0} µs  total {enTotal,7:0.00} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the service's SDK and formula: {(exTotal - enTotal) * 1e9 / ((double)pv * calls.Length):0} ns per object and call"));
return 0;

static (double Median, double P99, double Total) Stats(long[] ticks)
{
    Array.Sort(ticks);
    double us = 1e6 / Stopwatch.Frequency;
    return (ticks[ticks.Length / 2] * us, ticks[(int)(ticks.Length * 0.99)] * us, ticks.Sum() / (double)Stopwatch.Frequency);
}

internal sealed class NullSink : IResultSink
{
    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
    }
}
