using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// Spools a run's blocks to a temporary file while it runs and writes them to the store in one short transaction when
/// it ends, so that several runs of a server can proceed at once on a single-writer store (SQLite) without one run's
/// write transaction blocking the others for its whole length. Memory stays at one block whatever the run records; the
/// spool file is deleted when the writer is done.
/// </summary>
public sealed class BufferedRunWriter : IRunWriter
{
    private readonly IRunStore _store;
    private readonly RunRecord _run;
    private readonly Lock _writeLock;
    private readonly string _spoolPath;
    private FileStream? _spool;
    private readonly List<(string Name, byte[] Content)> _attachments = [];
    private IReadOnlyList<SeriesInfo> _series = [];
    private bool _ended;

    /// <param name="writeLock">Shared by every buffered writer of one store, so that their final writes take turns.</param>
    public BufferedRunWriter(IRunStore store, RunRecord run, Lock writeLock)
    {
        _store = store;
        _run = run;
        _writeLock = writeLock;
        _spoolPath = Path.Combine(Path.GetTempPath(), $"quartier-run-{Guid.NewGuid():N}.spool");
    }

    public string RunId => _run.Id;

    public void DeclareSeries(IReadOnlyList<SeriesInfo> series) => _series = [.. series];

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        _spool ??= new FileStream(_spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(header, seriesId);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], firstStep);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], values.Length);
        _spool.Write(header);
        _spool.Write(MemoryMarshal.AsBytes(values));
    }

    public void Attach(string name, byte[] content) => _attachments.Add((name, content));

    public void Commit(IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        End();
        lock (_writeLock)
        {
            using var writer = _store.BeginRun(_run);
            writer.DeclareSeries(_series);
            if (_spool is not null)
            {
                _spool.Flush();
                _spool.Position = 0;
                Span<byte> header = stackalloc byte[12];
                var values = Array.Empty<double>();
                while (_spool.Position < _spool.Length)
                {
                    _spool.ReadExactly(header);
                    int count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
                    if (values.Length < count)
                    {
                        values = new double[count];
                    }

                    _spool.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan(0, count)));
                    writer.WriteBlock(BinaryPrimitives.ReadInt32LittleEndian(header), BinaryPrimitives.ReadInt32LittleEndian(header[4..]), values.AsSpan(0, count));
                }
            }

            foreach (var (name, content) in _attachments)
            {
                writer.Attach(name, content);
            }

            writer.Commit(kpis, wallSeconds);
        }

        CloseSpool();
    }

    public void Fail(string error, RunStatus status = RunStatus.Failed)
    {
        End();
        CloseSpool();
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

        CloseSpool();
    }

    private void CloseSpool()
    {
        _spool?.Dispose();
        _spool = null;
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
