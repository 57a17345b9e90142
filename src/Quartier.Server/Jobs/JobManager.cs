using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartier.Application;
using Quartier.Application.Partitions;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Simulation.Runs;
using Quartier.Storage;

namespace Quartier.Server.Jobs;

/// <summary>The queue is full: the submission is refused (503) and nothing is stored.</summary>
public sealed class QueueFullException(int limit) : Exception($"the run queue is full ({limit} runs waiting); try again later");

/// <summary>
/// Accepts runs, keeps them in a persisted FIFO queue and executes them on a fixed number of workers. Input is
/// checked at submission (a bad request is refused before anything is stored); a run's results are written when it
/// ends, in one transaction. At start-up a run that was running when the server stopped is marked Failed with that
/// reason, and queued runs are queued again in their order.
/// </summary>
public sealed partial class JobManager : IHostedService, IDisposable
{
    private readonly IRunStore _store;
    private readonly IJobStore _jobs;
    private readonly ServeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<JobManager> _logger;
    private readonly ISeriesSinkFactory? _live;
    private readonly ConcurrentDictionary<string, Job> _byId = new(StringComparer.Ordinal);
    private readonly List<Job> _order = [];
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Lock _writeLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _workers = [];
    private int _waiting;

    private readonly Cluster.ClusterDispatcher? _cluster;

    public JobManager(IRunStore store, IJobStore jobs, ServeOptions options, TimeProvider clock, ILogger<JobManager> logger, ISeriesSinkFactory? live = null, Cluster.ClusterDispatcher? cluster = null)
    {
        _cluster = cluster;
        _store = store;
        _jobs = jobs;
        _options = options;
        _clock = clock;
        _logger = logger;
        _live = live;
    }

    public IRunStore Store => _store;

    /// <summary>The server's services file (<c>--services</c>), for runs that name none.</summary>
    public string? ServicesFile => _options.ServicesFile;

    /// <summary>Runs waiting in the queue.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Every job, oldest first.</summary>
    public IReadOnlyList<Job> All()
    {
        lock (_order)
        {
            return [.. _order];
        }
    }

    public Job? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Checks and queues a run: <paramref name="body"/> is a DOTS request (<paramref name="kind"/> "dots") or an ESDL
    /// ("esdl"). Throws <see cref="InputException"/> for bad input and <see cref="QueueFullException"/> when full.
    /// </summary>
    public Job Submit(byte[] body, string kind, RunSettings settings, IReadOnlyList<RunUpload>? uploads = null)
    {
        uploads ??= [];
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(settings);
        if (Waiting >= _options.QueueLimit)
        {
            throw new QueueFullException(_options.QueueLimit);
        }

        var input = Input(body, kind);
        settings = settings with { Services = settings.Services ?? _options.ServicesFile };
        var prepared = RunUploads.With(settings, uploads, s => RunJob.Prepare(input, s));
        var now = _clock.GetUtcNow().UtcDateTime;
        var level = input.Request?.LogLevel ?? "info";
        var keep = input.Request?.KeepLogsHours ?? 24;
        var record = new JobRecord(
            DotsIds.New(prepared.Name), kind, prepared.Name, body, RunUploads.Keep(JsonSerializer.Serialize(settings), uploads), JobState.Queued, null,
            JsonSerializer.Serialize(prepared.Diagnostics.Select(d => new { level = d.Level == DiagnosticLevel.Warning ? "warning" : "note", message = d.Message, source = d.Source })), now, null, null, false, now.AddHours(keep), string.Empty);
        var log = new RunLog(level, _clock);
        log.Write("info", $"simulation {record.Id} ('{record.Name}') registered: {prepared.Grid.Count} steps of {prepared.Grid.StepSeconds} s from {prepared.Grid.Start:yyyy-MM-dd HH:mm:ss} UTC");
        foreach (var d in prepared.Diagnostics)
        {
            log.Write(d.Level == DiagnosticLevel.Warning ? "warning" : "info", d.Message, d.Source);
        }

        // external services were started to check what they declare; they start again when the run's turn comes
        foreach (var external in prepared.Runner.External)
        {
            external.Dispose();
        }

        var job = new Job(record with { Log = log.ToString() }, log) { Prepared = prepared.Runner.External.Count == 0 ? prepared : null };
        _jobs.Add(job.Record);
        Enlist(job);
        Enqueue(job);
        LogAccepted(record.Id, record.Name);
        return job;
    }

    /// <summary>Cancels the job's token; one its worker has already disposed (the run ended meanwhile) needs nothing.</summary>
    private static void CancelToken(Job job)
    {
        try
        {
            job.Cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the worker finished with it
        }
    }

    /// <summary>Marks a job running, unless it was terminated while it left the queue (then it stays as it ended).</summary>
    private void Start(Job job, DateTime now) =>
        _jobs.Update(job.Change(r => r.State == JobState.Queued ? r with { State = JobState.Running, StartedUtc = now, Log = job.Log.ToString() } : r));

    /// <summary>Stops a queued or running job (DOTS's terminate); false if it had already ended.</summary>
    public bool Cancel(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.CancelledByUser = true;
        var before = job.Record.State;
        if (before == JobState.Queued)
        {
            // a worker may be taking it off the queue right now: its token is cancelled too, and Start leaves it ended
            End(job, JobState.Cancelled, "terminated by the user before it started");
            CancelToken(job);
            return true;
        }

        if (before == JobState.Running)
        {
            CancelToken(job);
            return true;
        }

        return false;
    }

    /// <summary>DOTS's delete: stops the job if it runs and deletes its logs; its results stay.</summary>
    public void Delete(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Cancel(job);
        job.Log.Restore(string.Empty);
        _jobs.Update(job.Change(r => r with { Deleted = true, Log = string.Empty }));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        // in a cluster the job store is shared, and its running and queued jobs are other servers': they keep them
        foreach (var record in _cluster is null ? _jobs.List() : [])
        {
            var log = new RunLog(LevelOf(record), _clock);
            log.Restore(record.Log);
            var job = new Job(record, log);
            if (record.State == JobState.Running)
            {
                log.Write("error", "the server stopped while this simulation ran; it was not finished");
                const string reason = "interrupted: the server stopped while the run was in progress";
                job.Change(r => r with { State = JobState.Failed, Error = reason, EndedUtc = now, Log = log.ToString() });
                _jobs.Update(job.Record);
                if (_store.FindRun(record.Id) is { Id: var runId, Status: RunStatus.Running } && runId == record.Id)
                {
                    _store.MarkFailed(runId, reason); // a store written as the run went (PostgreSQL) holds its row
                }
            }

            Enlist(job);
            if (job.Record.State == JobState.Queued)
            {
                Enqueue(job);
            }
        }

        for (int i = 0; i < Math.Max(1, _options.Concurrency); i++)
        {
            _workers.Add(Task.Run(() => WorkAsync(_stopping.Token), CancellationToken.None));
        }

        _workers.Add(Task.Run(() => ExpireLogsAsync(_stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var job in All())
        {
            job.Cancellation?.Cancel();
        }

        await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private static string LevelOf(JobRecord record)
    {
        if (record.Kind != "dots")
        {
            return "info";
        }

        try
        {
            using var doc = JsonDocument.Parse(record.Request);
            return doc.RootElement.TryGetProperty("log_level", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()!.ToLowerInvariant() : "info";
        }
        catch (JsonException)
        {
            return "info";
        }
    }

    private void Enlist(Job job)
    {
        _byId[job.Id] = job;
        lock (_order)
        {
            _order.Add(job);
        }
    }

    private void Enqueue(Job job)
    {
        Interlocked.Increment(ref _waiting);
        _queue.Writer.TryWrite(job.Id);
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                Interlocked.Decrement(ref _waiting);
                if (stopping.IsCancellationRequested)
                {
                    break; // the server is stopping: the job stays queued in the store and runs after the restart
                }

                if (_byId.TryGetValue(id, out var job) && job.Record.State == JobState.Queued)
                {
                    await Task.Factory.StartNew(() => Execute(job, stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the server is stopping; queued jobs stay queued in the store
        }
    }

    private void Execute(Job job, CancellationToken stopping)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        job.Cancellation = cancellation;
        if (job.CancelledByUser)
        {
            return; // terminated between leaving the queue and here: Cancel has ended it
        }

        var record = job.Record;
        PreparedRun? prepared = null;
        try
        {
            if (record.Kind == CossmicKind)
            {
                RunCossmic(job, cancellation.Token);
                End(job, JobState.Succeeded, null);
                return;
            }

            if (_cluster is not null)
            {
                job.Prepared = null;
                ExecuteOnCluster(job, cancellation.Token);
                return;
            }

            prepared = job.Prepared ?? Prepare(record);
            job.Prepared = null;
            var now = _clock.GetUtcNow().UtcDateTime;
            job.Log.Write("info", $"simulation started: {string.Join(", ", prepared.Runner.Simulation.Services.Select(s => s.Name))}");
            Start(job, now);
            // a single-connection store (SQLite) gets the run's results in one short transaction at its end, so that runs
            // and readers do not wait on each other; PostgreSQL takes them as they come
            using var writer = _store is SerializedStore
                ? new BufferedRunWriter(_store, prepared.Record(record.Id, record.CreatedUtc), _writeLock)
                : _store.BeginRun(prepared.Record(record.Id, record.CreatedUtc));
            using var live = _live?.Open(record.Id, prepared);
            var progress = new JobProgress(job);
            var outcome = RunJob.Execute(prepared, writer, progress, live, cancellation.Token);
            live?.Complete();
            foreach (var d in outcome.Diagnostics)
            {
                job.Log.Write(d.Level == DiagnosticLevel.Warning ? "warning" : "info", d.Message, d.Source);
            }

            job.Progress = 1;
            KeepServiceLogs(job, prepared);
            job.Log.Write("info", $"simulation finished: {outcome.Result.Steps} steps in {outcome.Result.WallSeconds:0.###} s, {outcome.Result.Series.Count} series stored");
            End(job, JobState.Succeeded, null);
        }
        catch (OperationCanceledException)
        {
            KeepServiceLogs(job, prepared);
            if (job.CancelledByUser)
            {
                End(job, JobState.Cancelled, "terminated by the user");
            }
            else
            {
                End(job, JobState.Failed, "interrupted: the server stopped while the run was in progress");
            }
        }
        catch (Exception ex) when (ex is InputException or SimulationException or IOException or InvalidOperationException or QuartierLiveSinkException)
        {
            KeepServiceLogs(job, prepared);
            End(job, JobState.Failed, ex is InputException ie ? ie.Located : ex.Message);
        }
#pragma warning disable CA1031 // a worker must survive any failure of one run and record it
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCrash(ex, record.Id);
            End(job, JobState.Failed, $"internal error ({ex.GetType().Name}: {ex.Message})");
        }
        finally
        {
            job.Cancellation = null;
        }
    }

    /// <summary>Each external service's own log goes into the run's log, tagged with the ESDL type it serves (so DOTS's <c>/logs</c> puts it in that model's file).</summary>
    private static void KeepServiceLogs(Job job, PreparedRun? prepared)
    {
        foreach (var service in prepared?.Runner.External ?? [])
        {
            foreach (var line in service.Log)
            {
                job.Log.Write("info", $"{service.Definition.Name}: {line}", service.Definition.EsdlType.ToString());
            }
        }
    }

    private PreparedRun Prepare(JobRecord record) => PrepareRun(record.Request, record.Kind, record.Settings, _options.ServicesFile);

    /// <summary>A queued run made ready to execute: its request, kind and settings (JSON, with the files sent along) as stored with the job.</summary>
    internal static PreparedRun PrepareRun(byte[] request, string kind, string settingsJson, string? servicesFile) =>
        WithSettings(settingsJson, servicesFile, s => RunJob.Prepare(Input(request, kind), s));

    /// <summary>The system and options of a queued run (as <see cref="PrepareRun"/>, without wiring its services): what a partition of it needs.</summary>
    internal static (EnergySystem System, RunOptions Options) ResolveRun(byte[] request, string kind, string settingsJson, string? servicesFile) =>
        WithSettings(settingsJson, servicesFile, s =>
        {
            var (system, options, _) = RunJob.Resolve(Input(request, kind), s);
            return (system, options);
        });

    /// <summary><paramref name="use"/> of a job's settings (JSON) with the server's services file and the files sent along written to disk.</summary>
    private static T WithSettings<T>(string settingsJson, string? servicesFile, Func<RunSettings, T> use)
    {
        var settings = JsonSerializer.Deserialize<RunSettings>(settingsJson) ?? new RunSettings();
        settings = settings with { Services = settings.Services ?? servicesFile };
        return RunUploads.With(settings, RunUploads.Read(settingsJson), use);
    }

    /// <summary>
    /// Executes a run on the cluster's silos (<see cref="Cluster.ClusterDispatcher"/>) and records the outcome as a local
    /// run's. A run that cuts into several partitions (<see cref="RunPartitions.Plan"/>: its feeders, or a DOTS request's
    /// <c>nr_of_models</c> groups of homes) is sent as one work item per partition, all at once; its progress is the
    /// share of partitions done, and their outcomes are merged in partition order into the run's KPIs.
    /// </summary>
    private void ExecuteOnCluster(Job job, CancellationToken cancellation)
    {
        var record = job.Record;
        var prepared = job.Prepared ?? Prepare(record);
        job.Prepared = null;
        foreach (var external in prepared.Runner.External)
        {
            external.Dispose(); // the silos start their own
        }

        var plan = RunPartitions.Plan(prepared.System, prepared.RequestedPartitions);
        Start(job, _clock.GetUtcNow().UtcDateTime);
        if (plan.Count > 1)
        {
            ExecutePartitions(job, prepared, plan, cancellation);
            return;
        }

        job.Log.Write("info", "simulation sent to the cluster");
        var done = _cluster!.Execute(new Cluster.WorkItem(record.Id, 0, 1, record.Kind, record.Request, record.Settings, record.CreatedUtc), m => job.Log.Write("warning", m), cancellation);
        job.Silo = done.Silo;
        foreach (var note in done.Notes)
        {
            job.Log.Write(note.Level, note.Message, note.Source);
        }

        if (done.Error is not null)
        {
            End(job, JobState.Failed, done.Error);
            return;
        }

        job.Progress = 1;
        job.Log.Write("info", $"simulation finished on silo {done.Silo}: {done.Steps} steps in {done.WallSeconds:0.###} s, {done.Series} series stored");
        End(job, JobState.Succeeded, null);
    }

    /// <summary>
    /// The partitions of a run on the cluster, in parallel. The first to fail for its input fails the run with its reason,
    /// once: the others are cancelled, and only when all have ended is the run marked failed (so that no partition writes
    /// after). A silo lost under a partition makes the dispatcher send that partition again; its rewrite replaces it.
    /// </summary>
    private void ExecutePartitions(Job job, PreparedRun prepared, IReadOnlyList<Partition> plan, CancellationToken cancellation)
    {
        var record = job.Record;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var row = prepared.Record(record.Id, record.CreatedUtc);
        var run = JsonSerializer.Serialize(row);

        // the run's row first (an empty partition), so that it shows as running and a failure has a row to record on
        using (var writer = _store.BeginPartition(row, new SeriesRange(0, 0)))
        {
            writer.Commit([], 0);
        }

        job.Log.Write("info", $"simulation sent to the cluster in {plan.Count} partitions: {string.Join("; ", plan.Select(p => p.Name))}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var outcomes = new PartitionOutcome?[plan.Count];
        var silos = new string?[plan.Count];
        string? failure = null;
        int done = 0;
        var tasks = plan.Select(p => Task.Run(
            () =>
            {
                var answer = _cluster!.Execute(
                    new Cluster.WorkItem(record.Id, p.Index, plan.Count, record.Kind, record.Request, record.Settings, record.CreatedUtc, prepared.RequestedPartitions, run),
                    m => job.Log.Write("warning", m),
                    stop.Token);
                silos[p.Index] = answer.Silo;
                if (answer.Error is not null)
                {
                    Interlocked.CompareExchange(ref failure, $"partition {p.Index + 1} of {plan.Count} ({p.Name}): {answer.Error}", null);
                    stop.Cancel();
                    return;
                }

                outcomes[p.Index] = PartitionOutcome.FromJson(answer.Outcome ?? throw new InvalidOperationException($"silo {answer.Silo} answered partition {p.Index} without its outcome"));
                lock (silos)
                {
                    job.Silo = PartitionsPerSilo(silos);
                }

                job.Log.Write("info", $"partition {p.Index + 1} of {plan.Count} ({p.Name}) done on silo {answer.Silo} in {answer.WallSeconds:0.###} s");
                job.Progress = Interlocked.Increment(ref done) / (double)plan.Count;
            },
            CancellationToken.None)).ToArray();
        try
        {
            Task.WaitAll(tasks, CancellationToken.None);
        }
        catch (AggregateException ex)
        {
            var inner = ex.Flatten().InnerExceptions;
            if (failure is null && inner.All(e => e is OperationCanceledException) && cancellation.IsCancellationRequested)
            {
                if (job.CancelledByUser)
                {
                    _store.MarkFailed(record.Id, "cancelled by the user", RunStatus.Cancelled);
                }
                else
                {
                    _store.MarkFailed(record.Id, "interrupted: the server stopped while the run was in progress");
                }
                throw new OperationCanceledException(cancellation);
            }

            failure ??= inner.FirstOrDefault(e => e is not OperationCanceledException)?.Message ?? "a partition was cancelled";
        }

        job.Silo = PartitionsPerSilo(silos);
        if (failure is not null)
        {
            _store.MarkFailed(record.Id, failure);
            End(job, JobState.Failed, failure);
            return;
        }

        _store.CompleteRun(record.Id, PartitionOutcome.Merge([.. outcomes.Select(o => o!)]), watch.Elapsed.TotalSeconds);
        job.Progress = 1;
        job.Log.Write("info", $"simulation finished on silos {job.Silo}: {plan.Count} partitions merged in {watch.Elapsed.TotalSeconds:0.###} s");
        End(job, JobState.Succeeded, null);
    }

    /// <summary>Each silo with the partitions it ran so far (a partition sent again after a lost silo counts where it finished).</summary>
    private static string PartitionsPerSilo(string?[] silos) =>
        string.Join(", ", silos.OfType<string>().GroupBy(s => s, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    /// <summary>A job's input: a DOTS request ("dots") or an ESDL, named in errors as the request body or the ESDL upload.</summary>
    private static RunInput Input(byte[] body, string kind) =>
        kind == "dots" ? RunInput.FromBytes(body, "request", true, "request body") : RunInput.FromBytes(body, "upload.esdl", false, "ESDL upload");

    private void End(Job job, JobState state, string? error)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        if (error is not null)
        {
            job.Log.Write(state == JobState.Cancelled ? "warning" : "error", error);
        }

        var keep = job.Record.LogsExpireUtc - job.Record.CreatedUtc;
        _jobs.Update(job.Change(r => r with { State = state, Error = error, EndedUtc = now, LogsExpireUtc = now + keep, Log = job.Log.ToString() }));
        if (state != JobState.Succeeded)
        {
            LogEnded(job.Id, state, error ?? string.Empty);
        }
    }

    private async Task ExpireLogsAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var now = _clock.GetUtcNow().UtcDateTime;
                foreach (var job in All())
                {
                    var r = job.Record;
                    if (r.EndedUtc is not null && r.LogsExpireUtc <= now && r.Log.Length > 0)
                    {
                        job.Log.Restore(string.Empty);
                        _jobs.Update(job.Change(x => x with { Log = string.Empty }));
                    }
                }

                await Task.Delay(TimeSpan.FromMinutes(1), _clock, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "run {Id} ('{Name}') queued")]
    private partial void LogAccepted(string id, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {Id} ended {State}: {Error}")]
    private partial void LogEnded(string id, JobState state, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "run {Id} crashed")]
    private partial void LogCrash(Exception ex, string id);

    /// <summary>Progress of a run into its job (called on the run's thread; a plain store, no synchronisation context).</summary>
    private sealed class JobProgress(Job job) : IProgress<double>
    {
        private int _reported;

        public void Report(double value)
        {
            job.Progress = value;
            var tenth = (int)(value * 10);
            if (tenth > _reported)
            {
                _reported = tenth;
                job.Log.Write("debug", $"progress {tenth * 10} %");
            }
        }
    }
}
