using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// Holds a run's results in memory while it runs and writes them to the store in one short transaction when it ends,
/// so that several runs of a server can proceed at once on a single-writer store (SQLite) without one run's write
/// transaction blocking the others for its whole length. Memory grows with what the run records.
/// </summary>
public sealed class BufferedRunWriter : IRunWriter
{
    private readonly IRunStore _store;
    private readonly RunRecord _run;
    private readonly Lock _writeLock;
    private readonly List<(int Series, int FirstStep, double[] Values)> _blocks = [];
    private readonly List<(string Name, byte[] Content)> _attachments = [];
    private IReadOnlyList<SeriesInfo> _series = [];
    private bool _ended;

    /// <param name="writeLock">Shared by every buffered writer of one store, so that their final writes take turns.</param>
    public BufferedRunWriter(IRunStore store, RunRecord run, Lock writeLock)
    {
        _store = store;
        _run = run;
        _writeLock = writeLock;
    }

    public string RunId => _run.Id;

    public void DeclareSeries(IReadOnlyList<SeriesInfo> series) => _series = [.. series];

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values) => _blocks.Add((seriesId, firstStep, values.ToArray()));

    public void Attach(string name, byte[] content) => _attachments.Add((name, content));

    public void Commit(IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        End();
        lock (_writeLock)
        {
            using var writer = _store.BeginRun(_run);
            writer.DeclareSeries(_series);
            foreach (var (series, first, values) in _blocks)
            {
                writer.WriteBlock(series, first, values);
            }

            foreach (var (name, content) in _attachments)
            {
                writer.Attach(name, content);
            }

            writer.Commit(kpis, wallSeconds);
        }

        _blocks.Clear();
    }

    public void Fail(string error, RunStatus status = RunStatus.Failed)
    {
        End();
        _blocks.Clear();
        lock (_writeLock)
        {
            using var writer = _store.BeginRun(_run);
            writer.Fail(error, status);
        }
    }

    public void Dispose()
    {
        if (!_ended)
        {
            Fail("run aborted");
        }
    }

    private void End()
    {
        if (_ended)
        {
            throw new InvalidOperationException($"run '{RunId}' has already ended");
        }

        _ended = true;
    }
}
