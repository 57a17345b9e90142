namespace Quartier.Storage;

/// <summary>Where a server's job is in its life.</summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// A run a server accepted: its request as received (so a queued job survives a restart), its state and the run log.
/// The job's id is also the id of its run in the result store.
/// </summary>
public sealed record JobRecord(
    string Id,
    string Kind,
    string Name,
    byte[] Request,
    string Settings,
    JobState State,
    string? Error,
    string Notes,
    DateTime CreatedUtc,
    DateTime? StartedUtc,
    DateTime? EndedUtc,
    bool Deleted,
    DateTime LogsExpireUtc,
    string Log);

/// <summary>A server's persisted queue and job history, kept in the same database as the results.</summary>
public interface IJobStore
{
    void Add(JobRecord job);

    /// <summary>Replaces the job's mutable fields (state, error, notes, times, deleted, log).</summary>
    void Update(JobRecord job);

    /// <summary>All jobs, oldest first (DOTS lists simulations in insertion order).</summary>
    IReadOnlyList<JobRecord> List();

    JobRecord? Find(string id);
}
