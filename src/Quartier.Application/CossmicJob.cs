using System.Security.Cryptography;
using System.Text.Json;
using Quartier.Core.Results;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Storage;

namespace Quartier.Application;

/// <summary>
/// What a CoSSMic run set leaves in a result store, for every host: one run record, its key figures (the neighbourhood's
/// means over the runs, each house's figures) and the result bundle as an attachment, written all or nothing.
/// </summary>
public static class CossmicJob
{
    /// <summary>Name of the attachment holding the bundle.</summary>
    public const string BundleAttachment = "cossmic-bundle.json.gz";

    /// <summary>Serialises the run set into bundle bytes (gzip-compressed JSON).</summary>
    public static byte[] BundleBytes(CossmicRunSet runSet)
    {
        using var memory = new MemoryStream();
        CossmicBundle.Write(memory, runSet);
        return memory.ToArray();
    }

    /// <summary>SHA-256 over the files of an input folder (relative names and contents, in ordinal order).</summary>
    public static string FolderHash(string folder)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var root = Path.GetFullPath(folder);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file).Replace('\\', '/') + "\n"));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Reads a PySSMic folder sent as a zip as the CLI reads the folder, with the folder's hash (<see cref="FolderHash"/>).</summary>
    public static (Cossmic.Neighbourhood.CossmicScenario Scenario, string Hash) ReadZip(byte[] zip, string label, string name)
    {
        var folder = ScenarioCheck.ExtractZip(zip, label);
        try
        {
            return (Cossmic.Import.CossmicImport.ReadFolder(folder, name), FolderHash(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes the run set as one succeeded run (all or nothing) and returns its id.</summary>
    public static string Save(IRunStore store, CossmicRunSet runSet, byte[] bundle, string inputFile, string inputHash, string? name)
    {
        ArgumentNullException.ThrowIfNull(runSet);
        using var writer = Begin(store, runSet.Input.Name, runSet.Input.TimeZeroUnix, runSet.Options, inputFile, inputHash, name);
        Complete(writer, runSet, bundle);
        return writer.RunId;
    }

    /// <summary>
    /// Opens the run's record before the runs start (status Running), so that a run set stopped on the way is stored as
    /// Cancelled or Failed (<see cref="IRunWriter.Fail"/>) with nothing else; <see cref="Complete"/> stores the results.
    /// </summary>
    public static IRunWriter Begin(IRunStore store, string scenarioName, long timeZeroUnix, CossmicRunOptions options, string inputFile, string inputHash, string? name)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.BeginRun(Record(Guid.NewGuid().ToString("N"), store.Clock.GetUtcNow().UtcDateTime, scenarioName, timeZeroUnix, options, inputFile, inputHash, name));
    }

    /// <summary>The run record of a CoSSMic run set (status Running): its parameters, window and names.</summary>
    public static RunRecord Record(string id, DateTime createdUtc, string scenarioName, long timeZeroUnix, CossmicRunOptions options, string inputFile, string inputHash, string? name)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        var parameters = JsonSerializer.Serialize(new
        {
            kind = "cossmic",
            algorithm = o.Algorithm,
            runs = o.Runs,
            seed = o.Seed,
            days = o.Days,
            prediction_error = o.PredictionError,
            arrival_jitter_seconds = o.ArrivalJitterSeconds,
            start_grid_seconds = o.StartGridSeconds,
            solver = o.Solver,
        });
        var start = DateTime.UnixEpoch.AddSeconds(timeZeroUnix);
        return new RunRecord(
            id, name ?? $"{scenarioName} ({o.Algorithm})", inputFile, inputHash, parameters, RunStatus.Running, null, createdUtc, null, 0, start, 60, o.Days * 1440);
    }

    /// <summary>
    /// Stores the bundle, the forecasts against the actual production (<see cref="CossmicPredictionSet"/>, when given)
    /// and the key figures and commits the run (on an error the run is failed, and it throws).
    /// </summary>
    public static void Complete(IRunWriter writer, CossmicRunSet runSet, byte[] bundle, CossmicPredictionSet? predictions = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(runSet);
        try
        {
            writer.Attach(BundleAttachment, bundle);
            if (predictions is not null)
            {
                writer.Attach(CossmicPredictionSet.Attachment, predictions.Encode());
            }

            writer.Commit(Kpis(runSet), runSet.Runs.Sum(r => r.WallSeconds));
        }
        catch (Exception ex)
        {
            writer.Fail(ex.Message);
            throw;
        }
    }

    /// <summary>
    /// The run set's key figures: the neighbourhood's means over the runs (and the PV share's spread when there are
    /// several), then each house's self-sufficiency and energies.
    /// </summary>
    public static IReadOnlyList<Kpi> Kpis(CossmicRunSet runSet)
    {
        var s = runSet.Statistics;
        var kpis = new List<Kpi>
        {
            new("pv_share", s.PvShare.Mean, "ratio"),
            new("pv_share_pyssmic", s.ContractPvShare.Mean, "ratio"),
            new("job_demand", s.DemandWh.Mean / 1000, "kWh"),
            new("job_pv_energy", s.PvWh.Mean / 1000, "kWh"),
            new("job_grid_energy", s.GridWh.Mean / 1000, "kWh"),
            new("pv_production", s.ProductionWh.Mean / 1000, "kWh"),
            new("peak_to_average_consumption", s.PeakToAverageConsumption.Mean, "ratio"),
            new("peak_to_average_production", s.PeakToAverageProduction.Mean, "ratio"),
            new("fairness", s.Fairness.Mean, "ratio"),
            new("jobs_on_grid", s.JobsOnGrid.Mean, "count"),
        };
        if (runSet.Runs.Count > 1)
        {
            kpis.Add(new Kpi("pv_share_std", s.PvShare.StdDev, "ratio"));
            kpis.Add(new Kpi("pv_share_min", s.PvShare.Min, "ratio"));
            kpis.Add(new Kpi("pv_share_max", s.PvShare.Max, "ratio"));
        }

        foreach (var h in s.Houses)
        {
            var scope = "house " + h.HouseId;
            kpis.Add(new Kpi("self_sufficiency", h.SelfSufficiency is { } ss ? 100 * ss.Mean : double.NaN, "%", scope));
            kpis.Add(new Kpi("job_demand", h.DemandWh.Mean / 1000, "kWh", scope));
            kpis.Add(new Kpi("job_pv_energy", h.PvWh.Mean / 1000, "kWh", scope));
            kpis.Add(new Kpi("job_grid_energy", h.GridWh.Mean / 1000, "kWh", scope));
        }

        return kpis;
    }
}
