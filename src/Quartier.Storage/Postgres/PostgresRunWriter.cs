using System.Data;
using Npgsql;
using NpgsqlTypes;
using Quartier.Core.Results;

namespace Quartier.Storage.Postgres;

/// <summary>
/// Records one run into the PostgreSQL store inside a single transaction on its own connection: series, blocks, KPIs
/// and attachments become visible together at <see cref="Commit"/>, or not at all. Blocks stream to the server through
/// one binary COPY kept open between <see cref="WriteBlock"/> calls (ended before any other statement of the run).
/// Not thread-safe; writers of different runs run in parallel.
/// </summary>
public sealed class PostgresRunWriter : IRunWriter, IEncodedBlockWriter
{
    private const string CopyBlocks = "COPY blocks (run_id, series_id, first_step, step_count, data) FROM STDIN (FORMAT BINARY)";
    private const string CopySeries = "COPY series (run_id, series_id, esdl_type, esdl_id, esdl_name, output, unit) FROM STDIN (FORMAT BINARY)";
    private const string CopyKpis = "COPY kpis (run_id, ordinal, name, scope, value, unit) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly TimeProvider _clock;
    private readonly int _stepCount;
    private readonly HashSet<int> _declared = [];

    /// <summary>(series, first step) of every block written, so that a repeated block is refused at once, as in SQLite.</summary>
    private readonly HashSet<long> _blockKeys = [];

    private NpgsqlBinaryImporter? _blocks;
    private readonly RepeatedBlocks _repeats = new();
    private readonly SeriesSums _sums = new();
    private byte[] _buffer = [];
    private readonly SeriesRange? _partition;
    private State _state;
    private bool _released;

    internal PostgresRunWriter(NpgsqlDataSource dataSource, NpgsqlConnection connection, RunRecord run, TimeProvider clock, SeriesRange? partition = null)
    {
        _dataSource = dataSource;
        _connection = connection;
        _clock = clock;
        RunId = run.Id;
        _stepCount = run.StepCount;
        _partition = partition;
        _transaction = connection.BeginTransaction();
        if (partition is { } range)
        {
            // the run's row unless a partition inserted it; then this partition's earlier series (blocks cascade)
            using (var insert = Pg.Command(connection, _transaction, $"INSERT INTO runs ({PostgresResultStore.RunColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (id) DO NOTHING"))
            {
                PostgresResultStore.AddRun(insert, run).ExecuteNonQuery();
            }

            using var delete = Pg.Command(connection, _transaction, "DELETE FROM series WHERE run_id = $1 AND series_id >= $2 AND series_id < $3");
            delete.Add(run.Id).Add(range.First).Add((long)range.First + range.Count).ExecuteNonQuery();
        }
    }

    /// <summary>Stores a partitioned run's merged KPIs (replacing any stored before) and marks it Succeeded, in one transaction.</summary>
    internal static void Complete(NpgsqlConnection connection, TimeProvider clock, string runId, IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(kpis);
        using var transaction = connection.BeginTransaction();
        using (var delete = Pg.Command(connection, transaction, "DELETE FROM kpis WHERE run_id = $1"))
        {
            delete.Add(runId).ExecuteNonQuery();
        }

        Finish(connection, transaction, clock, runId, kpis, wallSeconds);
        transaction.Commit();
    }

    private enum State
    {
        Open,
        Committed,
        Failed,
    }

    public string RunId { get; }

    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        EnsureOpen();
        _partition?.Check(series);
        StoredBlocks.CheckDeclare(_declared, series);
        _sums.Declare(series);

        if (series.Count == 0)
        {
            return;
        }

        EndBlocks();
        using (var copy = _connection.BeginBinaryImport(CopySeries))
        {
            foreach (var s in series)
            {
                copy.StartRow();
                copy.Write(RunId, NpgsqlDbType.Text);
                copy.Write(s.Id, NpgsqlDbType.Integer);
                copy.Write(s.EsdlType, NpgsqlDbType.Text);
                copy.Write(s.EsdlId, NpgsqlDbType.Text);
                copy.Write(s.EsdlName, NpgsqlDbType.Text);
                copy.Write(s.Output, NpgsqlDbType.Text);
                copy.Write(s.Unit, NpgsqlDbType.Text);
            }

            copy.Complete();
        }

        _declared.UnionWith(series.Select(s => s.Id));
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        if (CheckBlock(seriesId, firstStep, values.Length))
        {
            _sums.Add(seriesId, firstStep, values);

            // the importer copies the bytes into its write buffer (or the socket) before Write returns: one buffer serves all blocks
            if (_repeats.OfValues(seriesId, firstStep, values) is { } reference)
            {
                CopyBlock(seriesId, firstStep, values.Length, reference);
                return;
            }

            var length = BlockCodec.Encode(values, ref _buffer);
            CopyBlock(seriesId, firstStep, values.Length, new ReadOnlyMemory<byte>(_buffer, 0, length));
        }
    }

    void IEncodedBlockWriter.WriteEncodedBlock(int seriesId, int firstStep, int stepCount, byte[] buffer, int length)
    {
        if (CheckBlock(seriesId, firstStep, stepCount))
        {
            _sums.AddEncoded(seriesId, firstStep, stepCount, buffer.AsSpan(0, length));
            var reference = _repeats.OfPayload(seriesId, firstStep, stepCount, buffer.AsSpan(0, length));
            CopyBlock(seriesId, firstStep, stepCount, reference ?? new ReadOnlyMemory<byte>(buffer, 0, length));
        }
    }

    /// <summary>Keeps a file with the run (e.g. a result bundle); visible with the run at <see cref="Commit"/>.</summary>
    public void Attach(string name, byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(content);
        EnsureOpen();
        EndBlocks();
        using var insert = Pg.Command(
            _connection,
            _transaction,
            "INSERT INTO attachments (run_id, name, content) VALUES ($1, $2, $3) ON CONFLICT (run_id, name) DO UPDATE SET content = EXCLUDED.content");
        insert.Add(RunId).Add(name).Add(content).ExecuteNonQuery();
    }

    /// <summary>Commits the run with its KPIs; in partition mode, commits the partition's series only (its KPIs are merged by the caller).</summary>
    public void Commit(IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        EnsureOpen();
        if (_partition is null)
        {
            foreach (var (name, content) in _sums.Attachments())
            {
                Attach(name, content);
            }
        }

        EndBlocks();
        if (_partition is null)
        {
            Finish(_connection, _transaction, _clock, RunId, kpis, wallSeconds);
        }

        _transaction.Commit();
        _state = State.Committed;
        Release();
    }

    /// <summary>Inserts the run's KPIs and marks it Succeeded.</summary>
    private static void Finish(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider clock, string runId, IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        var keys = new HashSet<(string Scope, string Name)>();
        foreach (var kpi in kpis)
        {
            if (!keys.Add((kpi.Scope, kpi.Name)))
            {
                throw new ArgumentException($"KPI '{kpi.Name}' of scope '{kpi.Scope}' is given twice", nameof(kpis));
            }
        }

        if (kpis.Count > 0)
        {
            using var copy = connection.BeginBinaryImport(CopyKpis);
            for (var i = 0; i < kpis.Count; i++)
            {
                var kpi = kpis[i];
                copy.StartRow();
                copy.Write(runId, NpgsqlDbType.Text);
                copy.Write(i, NpgsqlDbType.Integer);
                copy.Write(kpi.Name, NpgsqlDbType.Text);
                copy.Write(kpi.Scope, NpgsqlDbType.Text);
                if (double.IsNaN(kpi.Value))
                {
                    copy.WriteNull();
                }
                else
                {
                    copy.Write(kpi.Value, NpgsqlDbType.Double);
                }

                copy.Write(kpi.Unit, NpgsqlDbType.Text);
            }

            copy.Complete();
        }

        using (var update = Pg.Command(
            connection,
            transaction,
            "UPDATE runs SET status = $1, error = NULL, finished_utc = $2, wall_seconds = $3 WHERE id = $4"))
        {
            update.Add(RunRows.StatusText(RunStatus.Succeeded)).AddUtc(clock.GetUtcNow().UtcDateTime).AddReal(wallSeconds).Add(runId);
            if (update.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"run '{runId}' disappeared from the result store while it was being written");
            }
        }
    }

    public void Fail(string error, RunStatus status = RunStatus.Failed)
    {
        ArgumentNullException.ThrowIfNull(error);
        RunRows.RequireFailureStatus(status);
        if (_state != State.Open)
        {
            throw new InvalidOperationException($"run '{RunId}' was already {(_state == State.Committed ? "committed" : "ended")}");
        }

        _state = State.Failed;
        try
        {
            CancelBlocks();
            _transaction.Rollback();
            if (_partition is null)
            {
                Pg.MarkFailed(_connection, RunId, error, status, _clock);
            }
        }
        catch (Exception ex) when ((ex is NpgsqlException or InvalidOperationException) && Broken && _partition is null)
        {
            // the run's connection broke (server restart, network): the server rolled its transaction back; record
            // the failure over a fresh connection so that the run does not stay 'running'
            using var fresh = _dataSource.OpenConnection();
            Pg.MarkFailed(fresh, RunId, error, status, _clock);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Ends the run; if it was neither committed nor failed, it is failed with "run aborted" (best effort).</summary>
    public void Dispose()
    {
        if (_state == State.Open)
        {
            try
            {
                Fail("run aborted");
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The server cannot be reached: the row stays 'running', as after a killed process; nothing of the run
                // was committed.
            }
        }

        Release();
    }

    private bool Broken => _connection.FullState.HasFlag(ConnectionState.Broken) || _connection.State == ConnectionState.Closed;

    private void EnsureOpen()
    {
        if (_state != State.Open)
        {
            throw new InvalidOperationException(
                $"run '{RunId}' is no longer being written (it was {(_state == State.Committed ? "committed" : "failed")})");
        }
    }

    /// <summary>
    /// Refuses a block of an undeclared series, outside the run or starting where another did; false if it is empty
    /// (nothing to store).
    /// </summary>
    private bool CheckBlock(int seriesId, int firstStep, int stepCount)
    {
        EnsureOpen();
        StoredBlocks.CheckWrite(_declared, _stepCount, seriesId, firstStep, stepCount);

        if (stepCount == 0)
        {
            return false;
        }

        if (!_blockKeys.Add(((long)seriesId << 32) | (uint)firstStep))
        {
            throw new InvalidOperationException($"series {seriesId} already has a block starting at step {firstStep}");
        }

        return true;
    }

    private void CopyBlock(int seriesId, int firstStep, int stepCount, ReadOnlyMemory<byte> payload)
    {
        var copy = _blocks ??= _connection.BeginBinaryImport(CopyBlocks);
        copy.StartRow();
        copy.Write(RunId, NpgsqlDbType.Text);
        copy.Write(seriesId, NpgsqlDbType.Integer);
        copy.Write(firstStep, NpgsqlDbType.Integer);
        copy.Write(stepCount, NpgsqlDbType.Integer);
        copy.Write(payload, NpgsqlDbType.Bytea);
    }

    /// <summary>Ends the open COPY of blocks (the server then checks its rows) so that another statement can run.</summary>
    private void EndBlocks()
    {
        if (_blocks is null)
        {
            return;
        }

        var copy = _blocks;
        _blocks = null;
        using (copy)
        {
            copy.Complete();
        }
    }

    /// <summary>Abandons the open COPY of blocks (the transaction is rolled back next).</summary>
    private void CancelBlocks()
    {
        var copy = _blocks;
        _blocks = null;
        if (copy is null)
        {
            return;
        }

        try
        {
            copy.Dispose();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // the COPY failed already (e.g. the connection broke); the rollback that follows reports a broken connection
        }
    }

    private void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        _blocks = null;
        _transaction.Dispose();
        _connection.Dispose();
        _buffer = [];
        _blockKeys.Clear();
    }
}
