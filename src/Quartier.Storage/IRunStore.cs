using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// A result store: runs, their KPIs, recorded series and attachments. SQLite (<see cref="SqliteResultStore"/>) is the
/// embedded default; PostgreSQL is the shared back end of a server. A run's results become visible together when its
/// writer commits, or not at all.
/// </summary>
public interface IRunStore : IDisposable
{
    /// <summary>Where the store is, for messages (a file path or a database name, never a password).</summary>
    string Path { get; }

    /// <summary>The clock that stamps finished runs.</summary>
    TimeProvider Clock { get; }

    /// <summary>Records <paramref name="run"/> (status Running) and returns the writer of its results.</summary>
    IRunWriter BeginRun(RunRecord run);

    /// <summary>All runs, newest first.</summary>
    IReadOnlyList<RunRecord> ListRuns();

    /// <summary>The run with this exact id, else the one whose id starts with it; "latest" is the newest; null if none.</summary>
    RunRecord? FindRun(string idOrPrefix);

    IReadOnlyList<Kpi> GetKpis(string runId);

    IReadOnlyList<SeriesInfo> GetSeries(string runId);

    /// <summary>All values of one series (step 1 first).</summary>
    double[] ReadSeries(string runId, int seriesId);

    /// <summary>Deletes a run's results and records why it ended (Failed or Cancelled).</summary>
    void MarkFailed(string runId, string error, RunStatus status = RunStatus.Failed);

    void DeleteRun(string runId);

    IReadOnlyList<string> GetAttachments(string runId);

    byte[]? ReadAttachment(string runId, string name);

    /// <summary>
    /// The writer of one partition of a run written in partitions (by any process): in one transaction, the run's row
    /// is inserted unless a partition did so already, the run's series with ids in <paramref name="series"/> are deleted
    /// with their blocks, and what the writer is given is inserted (ids outside the range are refused). Its
    /// <see cref="IRunWriter.Commit"/> makes the partition's series visible and stores no KPIs; its
    /// <see cref="IRunWriter.Fail"/> rolls back and leaves the run as it was. Writing a partition again therefore
    /// replaces it: one copy of its series whatever was retried. <see cref="CompleteRun"/> ends the run.
    /// </summary>
    IRunWriter BeginPartition(RunRecord run, SeriesRange series);

    /// <summary>Stores the KPIs of a run written in partitions (replacing any stored before) and marks it Succeeded.</summary>
    void CompleteRun(string runId, IReadOnlyList<Kpi> kpis, double wallSeconds);
}

/// <summary>The series ids one partition of a run writes: <see cref="First"/> up to, not including, First + <see cref="Count"/>.</summary>
public readonly record struct SeriesRange(int First, int Count)
{
    /// <summary>Refuses series outside the range.</summary>
    public void Check(IReadOnlyList<SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            if (s.Id < First || (long)s.Id >= (long)First + Count)
            {
                throw new ArgumentException($"series {s.Id} is outside the partition's ids {First}..{(long)First + Count - 1}", nameof(series));
            }
        }
    }
}

/// <summary>Writes one run's results; <see cref="Commit"/> makes them visible, <see cref="Fail"/> discards them.</summary>
public interface IRunWriter : IResultSink, IDisposable
{
    string RunId { get; }

    void Attach(string name, byte[] content);

    void Commit(IReadOnlyList<Kpi> kpis, double wallSeconds);

    void Fail(string error, RunStatus status = RunStatus.Failed);
}
