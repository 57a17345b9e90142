using System.Globalization;
using System.Text;
using Quartier.Core.Errors;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Application.Sweeps;

/// <summary>One run's outcome in a sweep: its axis values, stored run id, status and system KPIs.</summary>
public sealed record SweepResult(SweepRun Run, string RunId, RunStatus Status, string? Error, IReadOnlyList<Kpi> Kpis, double WallSeconds);

/// <summary>
/// Runs a sweep's runs into a store, <c>parallel</c> at a time (each single-threaded then, results written in one short
/// transaction at each run's end; one at a time, a run uses every core). A run that fails for its input is recorded as
/// failed with its reason and the sweep goes on; the results table has one row per run.
/// </summary>
public static class SweepRunner
{
    public static IReadOnlyList<SweepResult> Run(Sweep sweep, IRunStore store, int parallel = 1, Action<SweepResult>? finished = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(store);
        if (parallel is < 1 or > 64)
        {
            throw new InputException($"--parallel {parallel} must be 1 … 64", field: "parallel");
        }

        var runs = sweep.Expand();
        var results = new SweepResult[runs.Count];
        var writeLock = new Lock();
        var cossmic = sweep.IsCossmic ? ReadCossmic(sweep, runs[0].Bytes) : default;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellation };
        Parallel.For(0, runs.Count, options, i =>
        {
            var run = runs[i];
            var id = Guid.NewGuid().ToString("N");
            SweepResult result;
            try
            {
                if (run.Cossmic is { } options)
                {
                    results[i] = RunCossmic(run, options, cossmic.Scenario!, cossmic.Hash!, Path.GetFileName(Path.TrimEndingDirectorySeparator(sweep.BasePath)), store, parallel, writeLock, cancellation);
                    finished?.Invoke(results[i]);
                    return;
                }

                var prepared = RunJob.Prepare(run.Input!, run.Settings with { Threads = parallel > 1 ? 1 : run.Settings.Threads });
                using var writer = parallel > 1
                    ? (IRunWriter)new BufferedRunWriter(store, prepared.Record(id, DateTime.UtcNow), writeLock)
                    : store.BeginRun(prepared.Record(id, DateTime.UtcNow));
                var outcome = RunJob.Execute(prepared, writer, cancellation: cancellation);
                result = new SweepResult(run, id, RunStatus.Succeeded, null, [.. outcome.Result.Kpis.Where(k => k.Scope == "system")], outcome.Result.WallSeconds);
            }
            catch (Exception e) when (e is InputException or SimulationException or Optimization.Solvers.SolverUnavailableException)
            {
                result = new SweepResult(run, id, RunStatus.Failed, e is InputException ie ? ie.Located : e.Message, [], 0);
            }

            results[i] = result;
            finished?.Invoke(result);
        });
        return results;
    }

    /// <summary>A CoSSMic sweep's neighbourhood, read once for all runs (its folder, or the zip it came as), with the folder's hash.</summary>
    private static (Cossmic.Neighbourhood.CossmicScenario? Scenario, string? Hash) ReadCossmic(Sweep sweep, byte[] zip)
    {
        var name = Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(sweep.BasePath));
        return Directory.Exists(sweep.BasePath)
            ? (Cossmic.Import.CossmicImport.ReadFolder(sweep.BasePath, name), CossmicJob.FolderHash(sweep.BasePath))
            : CossmicJob.ReadZip(zip, sweep.BasePath, name);
    }

    /// <summary>One CoSSMic run set of a sweep, stored as <c>quartier cossmic run</c> stores it.</summary>
    private static SweepResult RunCossmic(SweepRun run, Cossmic.Runs.CossmicRunOptions options, Cossmic.Neighbourhood.CossmicScenario scenario, string hash, string inputFile, IRunStore store, int parallel, Lock writeLock, CancellationToken cancellation)
    {
        var set = Cossmic.Runs.CossmicSimulator.Run(scenario, options with { MaxParallelism = parallel > 1 ? 1 : 0 }, null, cancellation);
        var bundle = CossmicJob.BundleBytes(set);
        var record = CossmicJob.Record(Guid.NewGuid().ToString("N"), DateTime.UtcNow, scenario.Name, scenario.TimeZeroUnix, set.Options, inputFile, hash, run.Settings.Name);
        using (var writer = parallel > 1 ? new BufferedRunWriter(store, record, writeLock) : store.BeginRun(record))
        {
            CossmicJob.Complete(writer, set, bundle);
        }

        return new SweepResult(run, record.Id, RunStatus.Succeeded, null, [.. CossmicJob.Kpis(set).Where(k => k.Scope == "system")], set.Runs.Sum(r => r.WallSeconds));
    }

    /// <summary>The results table as CSV: run, run id, status, each axis, each KPI (the union of their names), error.</summary>
    public static string Csv(Sweep sweep, IReadOnlyList<SweepResult> results)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(results);
        var kpis = results.SelectMany(r => r.Kpis.Select(k => (k.Name, k.Unit))).Distinct().ToList();
        var csv = new StringBuilder();
        csv.Append("run,run_id,status");
        foreach (var a in sweep.Axes)
        {
            csv.Append(',').Append(Quote(a.Name));
        }

        foreach (var (name, unit) in kpis)
        {
            csv.Append(',').Append(Quote($"{name} [{unit}]"));
        }

        csv.Append(",wall_seconds,error\n");
        foreach (var r in results)
        {
            csv.Append(r.Run.Index.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.RunId).Append(',').Append(r.Status.ToString().ToLowerInvariant());
            foreach (var (_, value) in r.Run.Values)
            {
                csv.Append(',').Append(Quote(value));
            }

            foreach (var (name, _) in kpis)
            {
                var k = r.Kpis.FirstOrDefault(x => x.Name == name);
                csv.Append(',').Append(k is null ? string.Empty : k.Value.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append(',').Append(r.WallSeconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(',').Append(Quote(r.Error ?? string.Empty)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
