using Microsoft.Data.Sqlite;
using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// Records one run into the result store inside a single write transaction: its series, blocks and KPIs become
/// visible together at <see cref="Commit"/>, or not at all. Not thread-safe.
/// </summary>
public sealed class SqliteRunWriter : IRunWriter, IEncodedBlockWriter
{
    private const int SqliteConstraint = 19;

    private readonly SqliteConnection _connection;
    private readonly TimeProvider _clock;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertBlock;
    private readonly SqliteParameter _blockSeries;
    private readonly SqliteParameter _blockFirstStep;
    private readonly SqliteParameter _blockStepCount;
    private readonly SqliteParameter _blockData;
    private readonly SqliteParameter _blockLength;
    private readonly int _stepCount;
    private readonly HashSet<int> _declared = [];
    private readonly Dictionary<int, object> _boxedInts = [];
    private readonly RepeatedBlocks _repeats = new();
    private readonly SeriesSums _sums = new();
    private byte[] _buffer = [];
    private readonly SeriesRange? _partition;
    private State _state;
    private bool _released;

    internal SqliteRunWriter(SqliteConnection connection, RunRecord run, TimeProvider clock, SeriesRange? partition = null)
    {
        _clock = clock;
        _connection = connection;
        RunId = run.Id;
        _stepCount = run.StepCount;
        _partition = partition;
        _transaction = connection.BeginTransaction();
        if (partition is { } range)
        {
            StartPartition(run, range);
        }

        _insertBlock = Db.Command(
            connection,
            _transaction,
            "INSERT INTO blocks (run_id, series_id, first_step, step_count, data) VALUES ($run, $series, $first, $count, substr($data, 1, $length))");
        _insertBlock.Parameters.Add("$run", SqliteType.Text).Value = RunId;
        _blockSeries = _insertBlock.Parameters.Add("$series", SqliteType.Integer);
        _blockFirstStep = _insertBlock.Parameters.Add("$first", SqliteType.Integer);
        _blockStepCount = _insertBlock.Parameters.Add("$count", SqliteType.Integer);
        _blockData = _insertBlock.Parameters.Add("$data", SqliteType.Blob);
        _blockLength = _insertBlock.Parameters.Add("$length", SqliteType.Integer);
        _blockSeries.Value = _blockFirstStep.Value = _blockStepCount.Value = _blockLength.Value = 0;
        _blockData.Value = Array.Empty<byte>();
        _insertBlock.Prepare();
    }

    private enum State
    {
        Open,
        Committed,
        Failed,
    }

    public string RunId { get; }

    /// <summary>Stores a partitioned run's merged KPIs (replacing any stored before) and marks it Succeeded, in one transaction.</summary>
    internal static void Complete(SqliteConnection connection, TimeProvider clock, string runId, IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(kpis);
        using var transaction = connection.BeginTransaction();
        using (var delete = Db.Command(connection, transaction, "DELETE FROM kpis WHERE run_id = $run"))
        {
            delete.Parameters.AddWithValue("$run", runId);
            delete.ExecuteNonQuery();
        }

        Finish(connection, transaction, clock, runId, kpis, wallSeconds);
        transaction.Commit();
    }

    /// <summary>
    /// Partition mode: the run's row is inserted if no partition did so yet, and the series of the partition's id range
    /// (with their blocks) are deleted, in this writer's transaction, so that a partition written again replaces itself.
    /// </summary>
    private void StartPartition(RunRecord run, SeriesRange range)
    {
        using (var exists = Db.Command(_connection, _transaction, "SELECT 1 FROM runs WHERE id = $id"))
        {
            exists.Parameters.AddWithValue("$id", run.Id);
            if (exists.ExecuteScalar() is null)
            {
                RunRows.Insert(_connection, _transaction, run);
            }
        }

        foreach (var table in new[] { "blocks", "series" })
        {
            using var delete = Db.Command(_connection, _transaction, $"DELETE FROM {table} WHERE run_id = $run AND series_id >= $first AND series_id < $end");
            delete.Parameters.AddWithValue("$run", run.Id);
            delete.Parameters.AddWithValue("$first", range.First);
            delete.Parameters.AddWithValue("$end", (long)range.First + range.Count);
            delete.ExecuteNonQuery();
        }
    }

    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        EnsureOpen();
        _partition?.Check(series);
        StoredBlocks.CheckDeclare(_declared, series);
        _sums.Declare(series);

        using var insert = Db.Command(
            _connection,
            _transaction,
            """
            INSERT INTO series (run_id, series_id, esdl_type, esdl_id, esdl_name, output, unit)
            VALUES ($run, $series, $type, $esdl_id, $esdl_name, $output, $unit)
            """);
        var p = insert.Parameters;
        p.AddWithValue("$run", RunId);
        var id = p.Add("$series", SqliteType.Integer);
        var type = p.Add("$type", SqliteType.Text);
        var esdlId = p.Add("$esdl_id", SqliteType.Text);
        var esdlName = p.Add("$esdl_name", SqliteType.Text);
        var output = p.Add("$output", SqliteType.Text);
        var unit = p.Add("$unit", SqliteType.Text);
        foreach (var s in series)
        {
            id.Value = s.Id;
            type.Value = s.EsdlType;
            esdlId.Value = s.EsdlId;
            esdlName.Value = s.EsdlName;
            output.Value = s.Output;
            unit.Value = s.Unit;
            insert.ExecuteNonQuery();
            _declared.Add(s.Id);
        }
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        if (CheckBlock(seriesId, firstStep, values.Length))
        {
            _sums.Add(seriesId, firstStep, values);
            if (_repeats.OfValues(seriesId, firstStep, values) is { } reference)
            {
                InsertBlock(seriesId, firstStep, values.Length, reference, reference.Length);
                return;
            }

            var length = BlockCodec.Encode(values, ref _buffer);
            InsertBlock(seriesId, firstStep, values.Length, _buffer, length);
        }
    }

    void IEncodedBlockWriter.WriteEncodedBlock(int seriesId, int firstStep, int stepCount, byte[] buffer, int length)
    {
        if (CheckBlock(seriesId, firstStep, stepCount))
        {
            _sums.AddEncoded(seriesId, firstStep, stepCount, buffer.AsSpan(0, length));
            var reference = _repeats.OfPayload(seriesId, firstStep, stepCount, buffer.AsSpan(0, length));
            InsertBlock(seriesId, firstStep, stepCount, reference ?? buffer, reference?.Length ?? length);
        }
    }

    /// <summary>Keeps a file with the run (e.g. a result bundle); visible with the run at <see cref="Commit"/>.</summary>
    public void Attach(string name, byte[] content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(content);
        EnsureOpen();
        using var insert = Db.Command(_connection, _transaction, "INSERT OR REPLACE INTO attachments (run_id, name, content) VALUES ($run, $name, $content)");
        insert.Parameters.AddWithValue("$run", RunId);
        insert.Parameters.AddWithValue("$name", name);
        insert.Parameters.Add("$content", SqliteType.Blob).Value = content;
        insert.ExecuteNonQuery();
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

            Finish(_connection, _transaction, _clock, RunId, kpis, wallSeconds);
        }

        _transaction.Commit();
        _state = State.Committed;
        Release();
    }

    /// <summary>Inserts the run's KPIs and marks it Succeeded.</summary>
    private static void Finish(SqliteConnection connection, SqliteTransaction transaction, TimeProvider clock, string runId, IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        var keys = new HashSet<(string Scope, string Name)>();
        foreach (var kpi in kpis)
        {
            if (!keys.Add((kpi.Scope, kpi.Name)))
            {
                throw new ArgumentException($"KPI '{kpi.Name}' of scope '{kpi.Scope}' is given twice", nameof(kpis));
            }
        }

        using (var insert = Db.Command(
            connection,
            transaction,
            "INSERT INTO kpis (run_id, name, scope, value, unit) VALUES ($run, $name, $scope, $value, $unit)"))
        {
            var p = insert.Parameters;
            p.AddWithValue("$run", runId);
            var name = p.Add("$name", SqliteType.Text);
            var scope = p.Add("$scope", SqliteType.Text);
            var value = p.Add("$value", SqliteType.Real);
            var unit = p.Add("$unit", SqliteType.Text);
            foreach (var kpi in kpis)
            {
                name.Value = kpi.Name;
                scope.Value = kpi.Scope;
                value.Value = Db.Real(kpi.Value);
                unit.Value = kpi.Unit;
                insert.ExecuteNonQuery();
            }
        }

        using (var update = Db.Command(
            connection,
            transaction,
            "UPDATE runs SET status = $status, error = NULL, finished_utc = $finished, wall_seconds = $wall WHERE id = $run"))
        {
            update.Parameters.AddWithValue("$status", RunRows.StatusText(RunStatus.Succeeded));
            update.Parameters.AddWithValue("$finished", Db.Utc(clock.GetUtcNow().UtcDateTime));
            update.Parameters.AddWithValue("$wall", Db.Real(wallSeconds));
            update.Parameters.AddWithValue("$run", runId);
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

        try
        {
            _transaction.Rollback();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled the transaction back itself (e.g. after an I/O error).
        }

        _state = State.Failed;
        try
        {
            if (_partition is null)
            {
                RunRows.MarkFailed(_connection, RunId, error, status, _clock);
            }
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
            catch (SqliteException)
            {
                // The row stays 'running', as after a killed process; nothing of the run was committed.
            }
        }

        Release();
    }

    private void EnsureOpen()
    {
        if (_state != State.Open)
        {
            throw new InvalidOperationException(
                $"run '{RunId}' is no longer being written (it was {(_state == State.Committed ? "committed" : "failed")})");
        }
    }

    /// <summary>Refuses a block of an undeclared series or outside the run; false if it is empty (nothing to store).</summary>
    private bool CheckBlock(int seriesId, int firstStep, int stepCount)
    {
        EnsureOpen();
        StoredBlocks.CheckWrite(_declared, _stepCount, seriesId, firstStep, stepCount);

        return stepCount > 0;
    }

    /// <summary>Inserts the first <paramref name="length"/> bytes of <paramref name="data"/> (SQLite copies them).</summary>
    private void InsertBlock(int seriesId, int firstStep, int stepCount, byte[] data, int length)
    {
        _blockSeries.Value = Box(seriesId);
        _blockFirstStep.Value = Box(firstStep);
        _blockStepCount.Value = Box(stepCount);
        _blockData.Value = data;
        _blockLength.Value = Box(length);
        try
        {
            _insertBlock.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            _repeats.Forget(); // it took this refused block for one later blocks may refer to
            throw new InvalidOperationException($"series {seriesId} already has a block starting at step {firstStep}", ex);
        }
    }

    private object Box(int value)
    {
        if (!_boxedInts.TryGetValue(value, out var boxed))
        {
            boxed = value;
            _boxedInts.Add(value, boxed);
        }

        return boxed;
    }

    private void Release()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        _insertBlock.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
        _buffer = [];
        _boxedInts.Clear();
    }
}
