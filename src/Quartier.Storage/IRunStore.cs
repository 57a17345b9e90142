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
}

/// <summary>Writes one run's results; <see cref="Commit"/> makes them visible, <see cref="Fail"/> discards them.</summary>
public interface IRunWriter : IResultSink, IDisposable
{
    string RunId { get; }

    void Attach(string name, byte[] content);

    void Commit(IReadOnlyList<Kpi> kpis, double wallSeconds);

    void Fail(string error, RunStatus status = RunStatus.Failed);
}
