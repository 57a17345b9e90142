using System.Text.Json;
using Quartier.Application;
using CossmicJob = Quartier.Application.CossmicJob;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Storage;

namespace Quartier.Server.Jobs;

/// <summary>
/// CoSSMic run sets in the server's queue: a stored CoSSMic scenario (its PySSMic folder as a zip) with the algorithm,
/// number of runs and seed, checked at submission as <c>quartier cossmic run</c> checks them and stored as it stores them.
/// </summary>
public sealed partial class JobManager
{
    /// <summary>Job kind of a CoSSMic run set; its request is the scenario's zip, its settings the resolved options.</summary>
    public const string CossmicKind = "cossmic";

    /// <summary>
    /// Checks and queues a CoSSMic run set of a stored scenario. Throws <see cref="Core.Errors.InputException"/> naming
    /// the field for bad options, and <see cref="QueueFullException"/> when the queue is full.
    /// </summary>
    public Job SubmitCossmic(ScenarioRecord scenario, CossmicRunOptions requested, string? name)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(requested);
        if (Waiting >= _options.QueueLimit)
        {
            throw new QueueFullException(_options.QueueLimit);
        }

        var (read, _) = CossmicJob.ReadZip(scenario.Content, "scenario", scenario.Name);
        var options = CossmicSimulator.Check(read, requested);
        var now = _clock.GetUtcNow().UtcDateTime;
        var runName = name ?? $"{scenario.Name} ({options.Algorithm}, {options.Runs} run{(options.Runs == 1 ? string.Empty : "s")})";
        var diagnostics = JsonSerializer.Serialize(read.Warnings.Select(w => new { level = "warning", message = w, source = "input" }));
        var record = new JobRecord(
            DotsIds.New(scenario.Name), CossmicKind, runName, scenario.Content, JsonSerializer.Serialize(options), JobState.Queued, null, diagnostics, now, null, null, false, now.AddHours(24), string.Empty);
        var log = new RunLog("info", _clock);
        log.Write("info", $"CoSSMic run set {record.Id} ('{runName}') registered: {read.Jobs.Count} jobs, {read.Producers.Count} producers, {read.HouseIds.Count} houses; {options.Algorithm}, {options.Runs} run(s), seed {options.Seed}");
        var job = new Job(record with { Log = log.ToString() }, log);
        _jobs.Add(job.Record);
        Enlist(job);
        Enqueue(job);
        LogAccepted(record.Id, record.Name);
        return job;
    }

    /// <summary>Checks option sets against a stored CoSSMic scenario as <see cref="SubmitCossmic"/> would, reading it once.</summary>
    public static void CheckCossmic(ScenarioRecord scenario, IEnumerable<CossmicRunOptions> options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var (read, _) = CossmicJob.ReadZip(scenario.Content, "scenario", scenario.Name);
        foreach (var o in options)
        {
            CossmicSimulator.Check(read, o);
        }
    }

    /// <summary>Runs a queued CoSSMic job and stores it (bundle and key figures) under the job's id.</summary>
    private void RunCossmic(Job job, CancellationToken cancellation)
    {
        var record = job.Record;
        var options = JsonSerializer.Deserialize<CossmicRunOptions>(record.Settings) ?? new CossmicRunOptions();
        var (scenario, hash) = CossmicJob.ReadZip(record.Request, "scenario", record.Name);
        var now = _clock.GetUtcNow().UtcDateTime;
        job.Log.Write("info", $"run set started: {options.Algorithm}, {options.Runs} run(s)");
        Start(job, now);
        var run = CossmicJob.Record(record.Id, record.CreatedUtc, scenario.Name, scenario.TimeZeroUnix, options, "scenario.zip", hash, record.Name);
        using var writer = _store is SerializedStore ? new BufferedRunWriter(_store, run, _writeLock) : _store.BeginRun(run);
        var progress = new CossmicJobProgress(job);
        var runSet = CossmicSimulator.Run(scenario, options, progress, cancellation);
        CossmicJob.Complete(writer, runSet, CossmicJob.BundleBytes(runSet), CossmicPredictionSet.Of(scenario, runSet.Options, runSet.Runs.Count, cancellation));
        job.Progress = 1;
        job.Log.Write("info", $"run set finished: {runSet.Runs.Count} run(s), PV share mean {runSet.Statistics.PvShare.Mean:0.0000}");
    }

    /// <summary>Progress of a run set: runs done over runs.</summary>
    private sealed class CossmicJobProgress(Job job) : IProgress<CossmicProgress>
    {
        public void Report(CossmicProgress value)
        {
            job.Progress = value.Total == 0 ? 0 : (double)value.Completed / value.Total;
            job.Log.Write("debug", $"run {value.Completed}/{value.Total}: PV share {value.PvShare:0.0000}");
        }
    }
}
