using System.CommandLine;
using System.Globalization;
using Quartier.Application.Sweeps;
using Quartier.Core.Errors;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier sweep</c>: expand a sweep file into runs, run them into the store, and print (and write) one KPI row per run.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "sweep file (JSON or YAML): base scenario (ESDL, DOTS request, or a CoSSMic PySSMic folder/zip), shared settings, axes (run settings, ESDL attribute overrides, or CoSSMic run options)" };
        var db = SharedOptions.Db();
        var output = new Option<string?>("--out") { Description = "write the results table (one row per run: axis values, KPIs) as CSV" };
        var parallel = new Option<int>("--parallel") { Description = "runs at once (each single-threaded); 1 runs them one by one on every core", DefaultValueFactory = _ => 1 };
        var dryRun = new Option<bool>("--list") { Description = "list the runs the axes give, and stop" };
        var server = new Option<string?>("--server") { Description = "hand the sweep to a Quartier server (http://HOST:PORT; a member of a cluster spreads its runs over the silos) and print its KPI table; the base scenario is uploaded" };
        var token = new Option<string?>("--token") { Description = "bearer token for --server (as its DOTS OAuth endpoint gives; default $QUARTIER_TOKEN)" };
        var command = new Command("sweep", "Run a parameter sweep: every combination of the axes' values, one stored run each, a KPI table") { file, db, output, parallel, dryRun, server, token };
        command.SetAction((parse, cancellation) => Task.FromResult(CliGuard.Run(
            cancel => Execute(parse.GetValue(file)!, parse.GetValue(db), parse.GetValue(output), parse.GetValue(parallel), parse.GetValue(dryRun), parse.GetValue(server), parse.GetValue(token) ?? Environment.GetEnvironmentVariable("QUARTIER_TOKEN"), cancel),
            cancellation)));
        return command;
    }

    private static int Execute(string file, string? dbOption, string? output, int parallel, bool list, string? server, string? token, CancellationToken cancellation)
    {
        if (server is not null)
        {
            SweepRemote.ServerUri(server);
            if (dbOption is not null)
            {
                throw new InputException("--db and --server exclude each other: with --server the runs are stored by the server", field: "--db");
            }
        }

        var sweep = Sweep.Load(file);
        Console.Error.WriteLine($"sweep '{sweep.Name}': {sweep.Count} run(s) over {string.Join(" × ", sweep.Axes.Select(a => $"{a.Name} ({a.Values.Count})"))}, base {Path.GetFileName(sweep.BasePath)}");
        if (list)
        {
            foreach (var run in sweep.Expand())
            {
                Console.WriteLine($"{run.Index,5}  {run.Name(sweep.Name)}");
            }

            return ExitCodes.Ok;
        }

        if (server is not null)
        {
            return SweepRemote.Execute(file, sweep, server, token, output, cancellation);
        }

        using var store = SqliteResultStore.Open(Workspace.DatabasePath(dbOption));
        int done = 0;
        var results = SweepRunner.Run(sweep, store, parallel, r =>
        {
            var n = Interlocked.Increment(ref done);
            var headline = r.Kpis.FirstOrDefault(k => k.Name == "energy_imported") is { } imported
                ? string.Create(CultureInfo.InvariantCulture, $"imported {imported.Value:0.##} kWh")
                : string.Create(CultureInfo.InvariantCulture, $"PV share {r.Kpis.FirstOrDefault(k => k.Name == "pv_share")?.Value:0.0000}");
            Console.Error.WriteLine(r.Status == RunStatus.Succeeded
                ? string.Create(CultureInfo.InvariantCulture, $"[{n}/{sweep.Count}] run {r.Run.Index} {r.RunId[..8]} {string.Join(' ', r.Run.Values.Select(v => $"{v.Axis}={v.Value}"))}: {headline} in {r.WallSeconds:0.##} s")
                : $"[{n}/{sweep.Count}] run {r.Run.Index} {r.RunId[..8]} failed: {r.Error}");
        }, cancellation);
        var csv = SweepRunner.Csv(sweep, results);
        if (output is not null)
        {
            File.WriteAllText(output, csv);
        }

        Console.Write(csv);
        int failed = results.Count(r => r.Status != RunStatus.Succeeded);
        Console.Error.WriteLine($"sweep '{sweep.Name}': {results.Count - failed} of {results.Count} run(s) succeeded; stored in {store.Path}{(output is null ? string.Empty : $"; table in {output}")}");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
