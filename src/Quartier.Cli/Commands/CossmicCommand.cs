using System.CommandLine;
using Quartier.Core.Errors;
using Quartier.Cossmic.Import;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Cossmic.Scheduling;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Cli.Commands;

/// <summary>
/// <c>quartier cossmic run</c>: schedule a PySSMic/CoSSMic neighbourhood's shiftable jobs onto its PV (event by
/// event, with the chosen algorithm), N seeded runs, KPI table, stored run and result bundle.
/// </summary>
internal static class CossmicCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("input-folder") { Description = "PySSMic input folder: consumer_event.csv, producer_event.csv, loads/, predictions/" };
        var algorithm = new Option<string>("--algorithm") { Description = $"scheduling algorithm: {string.Join(", ", CossmicAlgorithms.Names)}", DefaultValueFactory = _ => CossmicAlgorithms.Exact };
        var runs = new Option<int>("--runs") { Description = "number of runs with seeded variation (prediction error, arrival jitter when > 1)", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "base seed; run r uses seed + r", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "simulated days from the first event", DefaultValueFactory = _ => 1 };
        var predictionError = new Option<double?>("--prediction-error") { Description = "σ of the hourly prediction error (default 0.10 with several runs, else 0)" };
        var jitter = new Option<int?>("--jitter") { Description = "± seconds of job arrival jitter (default 900 with several runs, else 0)" };
        var solver = new Option<string>("--solver") { Description = "MILP back end of the exact algorithm: cbc or glpk", DefaultValueFactory = _ => "cbc" };
        var bundle = new Option<string?>("--bundle") { Description = "also write the result bundle (gzip JSON) to this file, to send and 'quartier results import'" };
        var jobs = new Option<bool>("--jobs") { Description = "print every job of the first run: window, start, producer, PV and grid energy" };
        var name = new Option<string?>("--name") { Description = "a name for the stored run" };
        var neighbourhoodXml = new Option<string?>("--neighbourhood-xml") { Description = "the web editor's neighbourhood XML (houses, users, devices); with --jobs-xml instead of consumer_event.csv" };
        var jobsXml = new Option<string?>("--jobs-xml") { Description = "the web editor's jobs XML; profiles from the folder's loads/, producers from its producer_event.csv if present" };
        var db = SharedOptions.Db();
        var run = new Command("run", "Schedule a CoSSMic neighbourhood's jobs onto local PV and print the PV share and KPIs")
        {
            folder, algorithm, runs, seed, days, predictionError, jitter, solver, bundle, jobs, name, neighbourhoodXml, jobsXml, db,
        };
        run.SetAction((parse, cancellation) => Task.FromResult(CliGuard.Run(token => Run(
            parse.GetValue(folder)!,
            new CossmicRunOptions
            {
                Algorithm = parse.GetValue(algorithm)!,
                Runs = parse.GetValue(runs),
                Seed = parse.GetValue(seed),
                Days = parse.GetValue(days),
                PredictionError = parse.GetValue(predictionError),
                ArrivalJitterSeconds = parse.GetValue(jitter),
                Solver = parse.GetValue(solver)!,
            },
            parse.GetValue(bundle),
            parse.GetValue(jobs),
            parse.GetValue(name),
            (parse.GetValue(neighbourhoodXml), parse.GetValue(jobsXml)),
            parse.GetValue(db),
            token), cancellation)));
        return new Command("cossmic", "Energy-sharing neighbourhoods (CoSSMic / PySSMic inputs)") { run };
    }

    /// <summary>
    /// Everything is checked before anything is written: the folder, the options, the input files, the days that
    /// hold every job, the solver, the bundle path and the database; only then the runs, the bundle and the stored run.
    /// The run's record is opened before the runs, so that a run set stopped by a signal or an error is stored as
    /// Cancelled or Failed, with nothing else.
    /// </summary>
    private static int Run(string folder, CossmicRunOptions requested, string? bundlePath, bool jobs, string? name, (string? Neighbourhood, string? Jobs) xml, string? db, CancellationToken cancellation)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException(File.Exists(folder)
                ? "is a file, not a folder (give a PySSMic input folder with consumer_event.csv and producer_event.csv)"
                : "input folder not found (give a PySSMic input folder with consumer_event.csv and producer_event.csv)", folder);
        }

        var options = requested.Resolve();
        if ((xml.Neighbourhood is null) != (xml.Jobs is null))
        {
            throw new InputException("--neighbourhood-xml and --jobs-xml go together (the neighbourhood's devices and the jobs that run on them)", xml.Neighbourhood ?? xml.Jobs);
        }

        var producers = Path.Combine(folder, CossmicImport.ProducerEventsFile);
        var scenario = xml.Jobs is null
            ? CossmicImport.ReadFolder(folder)
            : CossmicXml.ReadScenario(xml.Neighbourhood!, xml.Jobs, Path.Combine(folder, "loads"), File.Exists(producers) ? producers : null);
        foreach (var warning in scenario.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        scenario.CheckHorizon(options.Days);
        if (options.Algorithm == CossmicAlgorithms.Exact)
        {
            CossmicSimulator.EnsureSolver(options.Solver);
        }

        var bundleFull = bundlePath is null ? null : OutputFiles.CheckFile(bundlePath, "--bundle");
        using var store = SqliteResultStore.Open(Workspace.DatabasePath(db));
        Console.Error.WriteLine($"{scenario.Name}: {scenario.Jobs.Count} jobs, {scenario.Producers.Count} producers, {scenario.HouseIds.Count} houses; {options.Algorithm}, {options.Runs} run(s)");
        using var writer = Quartier.Application.CossmicJob.Begin(store, scenario.Name, scenario.TimeZeroUnix, options, Path.GetFullPath(folder), Quartier.Application.CossmicJob.FolderHash(folder), name);
        CossmicRunSet runSet;
        byte[] bytes;
        try
        {
            runSet = WithProgress(scenario, options, cancellation);
            bytes = Quartier.Application.CossmicJob.BundleBytes(runSet);
            if (bundleFull is not null)
            {
                var temp = bundleFull + ".tmp";
                File.WriteAllBytes(temp, bytes);
                File.Move(temp, bundleFull, overwrite: true);
            }
        }
        catch (OperationCanceledException)
        {
            writer.Fail("cancelled by the user", RunStatus.Cancelled);
            throw;
        }
        catch (Exception ex)
        {
            writer.Fail(ex.Message);
            throw;
        }

        Quartier.Application.CossmicJob.Complete(writer, runSet, bytes, CossmicPredictionSet.Of(scenario, runSet.Options, runSet.Runs.Count, cancellation));
        var id = writer.RunId;
        CossmicRuns.Print(runSet, jobs);
        Console.WriteLine($"run {id[..8]} stored in {store.Path}{(bundlePath is null ? string.Empty : $"; bundle {bundlePath} ({bytes.Length:N0} bytes)")}");
        return ExitCodes.Ok;
    }

    private static CossmicRunSet WithProgress(Quartier.Cossmic.Neighbourhood.CossmicScenario scenario, CossmicRunOptions options, CancellationToken cancellation)
    {
        if (!ProgressBar.Interactive)
        {
            var report = new SyncProgress<CossmicProgress>(p => Console.Error.WriteLine($"run {p.Completed}/{p.Total}: PV share {p.PvShare:0.0000}"));
            return CossmicSimulator.Run(scenario, options, options.Runs > 1 ? report : null, cancellation);
        }

        return ProgressBar.Run($"scheduling ({options.Algorithm})", options.Runs, bar =>
            CossmicSimulator.Run(scenario, options, new SyncProgress<CossmicProgress>(p => bar.Report(p.Completed)), cancellation));
    }

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
