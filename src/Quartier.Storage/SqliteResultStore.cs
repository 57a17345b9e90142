using Microsoft.Data.Sqlite;
using Quartier.Core.Errors;
using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// The embedded result store of a workspace: one SQLite file holding runs, their KPIs and their series as blocks of
/// losslessly compressed float64 values. A run's results are written by a <see cref="SqliteRunWriter"/> in one
/// transaction. The file uses a rollback journal rather than WAL: a run appends hundreds of MB of new pages, which a
/// rollback journal writes once (WAL writes them twice, the checkpoint at commit being a third of a 1,000-home year's
/// wall time); the price is that readers wait while a run holds the file.
/// </summary>
public sealed class SqliteResultStore : IRunStore
{
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;
    private const int MaxListedCandidates = 10;

    private readonly SqliteConnection _connection;

    private SqliteResultStore(string path, SqliteConnection connection, TimeProvider clock)
    {
        Clock = clock;
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>The clock that stamps finished runs (the system clock unless a host injects another).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Refuses a file that exists but is no SQLite database, without opening it (so a run can fail before it is prepared).</summary>
    /// <exception cref="InputException">It is not a result store.</exception>
    public static void CheckFile(string path) => StoreSchema.CheckHeader(System.IO.Path.GetFullPath(path));

    /// <summary>Opens the store at <paramref name="path"/>, creating the file and its schema if missing.</summary>
    /// <exception cref="InputException">The file is not a result store or was written by a newer schema.</exception>
    public static SqliteResultStore Open(string path, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        StoreSchema.CheckHeader(fullPath);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        SqliteConnection? connection = null;
        try
        {
            connection = Db.Open(fullPath);
            StoreSchema.Ensure(connection, fullPath);
            var store = new SqliteResultStore(fullPath, connection, clock ?? TimeProvider.System);
            connection = null;
            return store;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteNotADatabase or SqliteCorrupt)
        {
            throw StoreSchema.NotAStore(fullPath, ex);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteCantOpen)
        {
            throw new InputException($"cannot open the result store: {ex.Message}", file: fullPath, inner: ex);
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>
    /// Records <paramref name="run"/> (status Running) in its own committed transaction and returns a writer holding
    /// one write transaction for the run's results until it commits or fails.
    /// </summary>
    public SqliteRunWriter BeginRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.Id, nameof(run));
        if (run.Status != RunStatus.Running)
        {
            throw new ArgumentException($"a new run must have status Running, not {run.Status}", nameof(run));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(run.StepCount, nameof(run));
        var connection = Db.Open(Path);
        try
        {
            using (var transaction = connection.BeginTransaction())
            {
                using var exists = Db.Command(connection, transaction, "SELECT 1 FROM runs WHERE id = $id");
                exists.Parameters.AddWithValue("$id", run.Id);
                if (exists.ExecuteScalar() is not null)
                {
                    throw new InvalidOperationException($"run '{run.Id}' already exists in {Path}");
                }

                RunRows.Insert(connection, transaction, run);
                transaction.Commit();
            }

            return new SqliteRunWriter(connection, run, Clock);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    IRunWriter IRunStore.BeginRun(RunRecord run) => BeginRun(run);

    /// <inheritdoc/>
    public IRunWriter BeginPartition(RunRecord run, SeriesRange series)
    {
        ArgumentException.ThrowIfNullOrEmpty(run?.Id, nameof(run));
        return Db.Owning(Db.Open(Path), c => new SqliteRunWriter(c, run, Clock, series));
    }

    /// <inheritdoc/>
    public void CompleteRun(string runId, IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        using var connection = Db.Open(Path);
        SqliteRunWriter.Complete(connection, Clock, runId, kpis, wallSeconds);
    }

    /// <summary>All runs, newest first; a run whose process died mid-run shows as Running.</summary>
    public IReadOnlyList<RunRecord> ListRuns() =>
        RunRows.Query(_connection, $"SELECT {RunRows.Columns} FROM runs ORDER BY created_utc DESC, rowid DESC");

    /// <summary>The run with this exact id, else the one whose id starts with it; "latest" is the newest run; null if none.</summary>
    /// <exception cref="InputException">The prefix matches more than one run.</exception>
    public RunRecord? FindRun(string idOrPrefix)
    {
        ArgumentNullException.ThrowIfNull(idOrPrefix);
        var key = idOrPrefix.Trim();
        if (key.Length == 0)
        {
            throw new InputException("no run id given", file: Path);
        }

        if (string.Equals(key, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return RunRows.Query(_connection, $"SELECT {RunRows.Columns} FROM runs ORDER BY created_utc DESC, rowid DESC LIMIT 1")
                .FirstOrDefault();
        }

        var exact = RunRows.Query(_connection, $"SELECT {RunRows.Columns} FROM runs WHERE id = $key", ("$key", key));
        if (exact.Count == 1)
        {
            return exact[0];
        }

        var matches = RunRows.Query(
            _connection,
            $"SELECT {RunRows.Columns} FROM runs WHERE substr(id, 1, length($key)) = $key ORDER BY created_utc DESC, rowid DESC LIMIT {MaxListedCandidates + 1}",
            ("$key", key));
        if (matches.Count <= 1)
        {
            return matches.FirstOrDefault();
        }

        var listed = string.Join(", ", matches.Take(MaxListedCandidates).Select(r => $"{r.Id} ({r.Name})"));
        var more = matches.Count > MaxListedCandidates ? ", ..." : string.Empty;
        throw new InputException($"run id '{key}' is ambiguous; it matches {listed}{more}", file: Path);
    }

    /// <summary>The run's KPIs in the order they were written; empty if the run has none.</summary>
    public IReadOnlyList<Kpi> GetKpis(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = Db.Command(_connection, null, "SELECT name, value, unit, scope FROM kpis WHERE run_id = $id ORDER BY rowid");
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        var kpis = new List<Kpi>();
        while (reader.Read())
        {
            kpis.Add(new Kpi(reader.GetString(0), Db.Real(reader, 1), reader.GetString(2), reader.GetString(3)));
        }

        return kpis;
    }

    /// <summary>The run's recorded series by id; empty if the run has none.</summary>
    public IReadOnlyList<SeriesInfo> GetSeries(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = Db.Command(
            _connection,
            null,
            "SELECT series_id, esdl_type, esdl_id, esdl_name, output, unit FROM series WHERE run_id = $id ORDER BY series_id");
        command.Parameters.AddWithValue("$id", runId);
        using var reader = command.ExecuteReader();
        return StoredBlocks.ReadSeriesRows(reader);
    }

    /// <summary>One value per step of the run (index 0 is step 1); steps no block covers are NaN.</summary>
    /// <exception cref="InputException">There is no such run or the run has no such series.</exception>
    public double[] ReadSeries(string runId, int seriesId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var transaction = _connection.BeginTransaction(deferred: true);
        using var command = Db.Command(
            _connection,
            transaction,
            "SELECT r.step_count, s.series_id FROM runs r LEFT JOIN series s ON s.run_id = r.id AND s.series_id = $series WHERE r.id = $id");
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$series", seriesId);
        int stepCount;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                throw RunRows.NoSuchRun(runId, Path);
            }

            if (reader.IsDBNull(1))
            {
                throw new InputException($"run '{runId}' has no series {seriesId}", file: Path);
            }

            stepCount = reader.GetInt32(0);
        }

        var values = new double[stepCount];
        Array.Fill(values, double.NaN);
        var references = new List<StoredBlocks.Reference>();
        command.CommandText = "SELECT first_step, step_count, data FROM blocks WHERE run_id = $id AND series_id = $series ORDER BY first_step";
        using (var reader = command.ExecuteReader())
        {
            var buffer = Array.Empty<byte>();
            while (reader.Read())
            {
                var firstStep = reader.GetInt64(0);
                var count = reader.GetInt64(1);
                var length = reader.GetBytes(2, 0, null, 0, 0);
                StoredBlocks.Check(Path, runId, seriesId, firstStep, count, length, stepCount);

                if (buffer.Length < length)
                {
                    buffer = new byte[length];
                }

                reader.GetBytes(2, 0, buffer, 0, (int)length);
                StoredBlocks.DecodeOrDefer(Path, runId, seriesId, firstStep, count, buffer.AsSpan(0, (int)length), values, references);
            }
        }

        if (references.Count > 0)
        {
            command.CommandText = "SELECT step_count, data FROM blocks WHERE run_id = $id AND series_id = $series AND first_step = $first";
            var series = command.Parameters["$series"];
            var first = command.Parameters.Add("$first", SqliteType.Integer);
            StoredBlocks.Resolve(Path, runId, seriesId, references, (other, step) =>
            {
                series.Value = other;
                first.Value = step;
                using var reader = command.ExecuteReader();
                return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : null;
            }, values);
        }

        transaction.Commit();
        return values;
    }

    /// <summary>Marks a run Failed or Cancelled with <paramref name="error"/>, deleting any results it has, in one transaction.</summary>
    /// <exception cref="InputException">There is no such run.</exception>
    public void MarkFailed(string runId, string error, RunStatus status = RunStatus.Failed)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(error);
        RunRows.RequireFailureStatus(status);
        if (!RunRows.MarkFailed(_connection, runId, error, status, Clock))
        {
            throw RunRows.NoSuchRun(runId, Path);
        }
    }

    /// <summary>Deletes a run with its series, blocks and KPIs.</summary>
    /// <exception cref="InputException">There is no such run.</exception>
    public void DeleteRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = Db.Command(_connection, null, "DELETE FROM runs WHERE id = $id");
        command.Parameters.AddWithValue("$id", runId);
        if (command.ExecuteNonQuery() == 0)
        {
            throw RunRows.NoSuchRun(runId, Path);
        }
    }

    /// <summary>The names of the files kept with a run.</summary>
    public IReadOnlyList<string> GetAttachments(string runId)
    {
        using var query = Db.Command(_connection, null, "SELECT name FROM attachments WHERE run_id = $run AND substr(name, 1, 6) <> '_sums/' ORDER BY name");
        query.Parameters.AddWithValue("$run", runId);
        using var reader = query.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>A file kept with a run, or null if it has none of that name.</summary>
    public byte[]? ReadAttachment(string runId, string name)
    {
        using var query = Db.Command(_connection, null, "SELECT content FROM attachments WHERE run_id = $run AND name = $name");
        query.Parameters.AddWithValue("$run", runId);
        query.Parameters.AddWithValue("$name", name);
        return query.ExecuteScalar() as byte[];
    }

    public void Dispose() => _connection.Dispose();
}
