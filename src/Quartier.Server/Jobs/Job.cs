using Quartier.Application;
using Quartier.Storage;

namespace Quartier.Server.Jobs;

/// <summary>A job as the server holds it while it lives: its persisted record plus progress, log and cancellation.</summary>
public sealed class Job
{
    private readonly Lock _lock = new();
    private JobRecord _record;
    private double _progress;

    public Job(JobRecord record, RunLog log)
    {
        _record = record;
        Log = log;
        _progress = record.State == JobState.Succeeded ? 1 : 0;
    }

    public string Id => Record.Id;

    public JobRecord Record
    {
        get
        {
            lock (_lock)
            {
                return _record;
            }
        }
    }

    /// <summary>The silo that executed the run, where the server is part of a cluster (<c>--cluster</c>).</summary>
    public string? Silo { get; set; }

    /// <summary>Fraction done, 0 … 1.</summary>
    public double Progress
    {
        get => Volatile.Read(ref _progress);
        set => Volatile.Write(ref _progress, value);
    }

    public RunLog Log { get; }

    /// <summary>Set while the job runs; cancelling it stops the run within a step.</summary>
    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>Whether a user asked to stop it (terminate/cancel), as opposed to a server shutdown.</summary>
    public bool CancelledByUser { get; set; }

    /// <summary>The run checked at submission, kept until it starts so it is not parsed twice.</summary>
    public PreparedRun? Prepared { get; set; }

    /// <summary>Changes the record under the job's lock and returns the new one.</summary>
    public JobRecord Change(Func<JobRecord, JobRecord> change)
    {
        lock (_lock)
        {
            _record = change(_record);
            return _record;
        }
    }
}
