using System.Buffers.Binary;
using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// Spools a run's blocks to a temporary file while it runs and writes them to the store in one short transaction when
/// it ends, so that several runs of a server can proceed at once on a single-writer store (SQLite) without one run's
/// write transaction blocking the others for its whole length. Memory stays at one block whatever the run records; the
/// blocks are spooled in the store's encoding (<see cref="BlockCodec"/>) and handed to it as they are; the spool file
/// is deleted when the writer is done.
/// </summary>
public sealed class BufferedRunWriter : IRunWriter
{
    private readonly IRunStore _store;
    private readonly RunRecord _run;
    private readonly Lock _writeLock;
    private readonly string _spoolPath;
    private FileStream? _spool;
    private byte[] _payload = [];
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
        var length = BlockCodec.Encode(values, ref _payload);
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(header, seriesId);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], firstStep);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], values.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], length);
        _spool.Write(header);
        _spool.Write(_payload.AsSpan(0, length));
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
                WriteSpooled(writer);
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

    /// <summary>Writes the spooled blocks as they are, or decoded for a writer that takes values only.</summary>
    private void WriteSpooled(IRunWriter writer)
    {
        _spool!.Flush();
        _spool.Position = 0;
        Span<byte> header = stackalloc byte[16];
        var values = Array.Empty<double>();
        while (_spool.Position < _spool.Length)
        {
            _spool.ReadExactly(header);
            var seriesId = BinaryPrimitives.ReadInt32LittleEndian(header);
            var firstStep = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            var count = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            if (_payload.Length < length)
            {
                _payload = new byte[length];
            }

            _spool.ReadExactly(_payload.AsSpan(0, length));
            if (writer is IEncodedBlockWriter encoded)
            {
                encoded.WriteEncodedBlock(seriesId, firstStep, count, _payload, length);
                continue;
            }

            if (values.Length < count)
            {
                values = new double[count];
            }

            BlockCodec.Decode(_payload.AsSpan(0, length), values.AsSpan(0, count));
            writer.WriteBlock(seriesId, firstStep, values.AsSpan(0, count));
        }
    }

    private void CloseSpool()
    {
        _spool?.Dispose();
        _spool = null;
        _payload = [];
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
