using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Server.Jobs;

/// <summary>
/// A store shared by request threads: calls that use the store's one connection take turns; a run's writer opens its
/// own connection and is not held up by readers.
/// </summary>
public sealed class SerializedStore(IRunStore inner) : IRunStore
{
    private readonly Lock _lock = new();

    public string Path => inner.Path;

    public TimeProvider Clock => inner.Clock;

    public IRunWriter BeginRun(RunRecord run) => inner.BeginRun(run);

    public IRunWriter BeginPartition(RunRecord run, SeriesRange series) => inner.BeginPartition(run, series);

    public void CompleteRun(string runId, IReadOnlyList<Kpi> kpis, double wallSeconds) => inner.CompleteRun(runId, kpis, wallSeconds);

    public IReadOnlyList<RunRecord> ListRuns() => Locked(inner.ListRuns);

    public RunRecord? FindRun(string idOrPrefix) => Locked(() => inner.FindRun(idOrPrefix));

    public IReadOnlyList<Kpi> GetKpis(string runId) => Locked(() => inner.GetKpis(runId));

    public IReadOnlyList<SeriesInfo> GetSeries(string runId) => Locked(() => inner.GetSeries(runId));

    public double[] ReadSeries(string runId, int seriesId) => Locked(() => inner.ReadSeries(runId, seriesId));

    public void MarkFailed(string runId, string error, RunStatus status = RunStatus.Failed) => Locked(() =>
    {
        inner.MarkFailed(runId, error, status);
        return 0;
    });

    public void DeleteRun(string runId) => Locked(() =>
    {
        inner.DeleteRun(runId);
        return 0;
    });

    public IReadOnlyList<string> GetAttachments(string runId) => Locked(() => inner.GetAttachments(runId));

    public byte[]? ReadAttachment(string runId, string name) => Locked(() => inner.ReadAttachment(runId, name));

    public void Dispose() => inner.Dispose();

    private T Locked<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }
}
