using System.Data;
using Npgsql;
using Quartier.Core.Errors;
using Quartier.Core.Results;

namespace Quartier.Storage.Postgres;

/// <summary>
/// The shared result store of a server: runs, KPIs, series (blocks of compressed float64 values) and attachments in a
/// PostgreSQL database, with the semantics of <see cref="SqliteResultStore"/>. Every method is thread-safe and takes a
/// pooled connection of its own; run writers hold one connection and one transaction each and proceed in parallel
/// with each other and with readers (no store-wide lock, unlike SQLite).
/// </summary>
public sealed class PostgresResultStore : IRunStore
{
    private const int MaxListedCandidates = 10;
    internal const string RunColumns = RunRows.Columns;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresResultStore(PostgresUrl url, NpgsqlDataSource dataSource, TimeProvider clock)
    {
        Path = url.Display;
        Clock = clock;
        _dataSource = dataSource;
    }

    /// <summary>The store's URL without its password, e.g. <c>postgres://quartier@127.0.0.1:15432/quartier</c>.</summary>
    public string Path { get; }

    /// <summary>The clock that stamps finished runs (the system clock unless a host injects another).</summary>
    public TimeProvider Clock { get; }

    /// <summary>Connects to <c>postgres://user[:password]@host[:port]/database</c> and creates or upgrades the store's tables.</summary>
    /// <exception cref="InputException">
    /// The URL is malformed, the server cannot be reached or refuses the login, or the database holds something else or a
    /// newer schema (field "store").
    /// </exception>
    public static PostgresResultStore Open(string url, TimeProvider? clock = null)
    {
        var parsed = PostgresUrl.Parse(url);
        return new PostgresResultStore(parsed, PostgresSchema.Open(parsed), clock ?? TimeProvider.System);
    }

    /// <summary>
    /// Records <paramref name="run"/> (status Running) in its own committed transaction and returns a writer holding one
    /// connection and one transaction for the run's results until it commits or fails.
    /// </summary>
    /// <exception cref="InvalidOperationException">A run with this id exists.</exception>
    public PostgresRunWriter BeginRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.Id, nameof(run));
        if (run.Status != RunStatus.Running)
        {
            throw new ArgumentException($"a new run must have status Running, not {run.Status}", nameof(run));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(run.StepCount, nameof(run));
        var connection = _dataSource.OpenConnection();
        try
        {
            using (var insert = Pg.Command(
                connection,
                null,
                $"""
                INSERT INTO runs ({RunColumns})
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                """))
            {
                AddRun(insert, run);
                try
                {
                    insert.ExecuteNonQuery();
                }
                catch (PostgresException ex) when (ex.SqlState == Pg.UniqueViolation)
                {
                    throw new InvalidOperationException($"run '{run.Id}' already exists in {Path}", ex);
                }
            }

            return new PostgresRunWriter(_dataSource, connection, run, Clock);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    IRunWriter IRunStore.BeginRun(RunRecord run) => BeginRun(run);

    /// <summary>The run's row as the 13 parameters of an insert into <c>runs</c> (<see cref="RunColumns"/>).</summary>
    internal static NpgsqlCommand AddRun(NpgsqlCommand insert, RunRecord run) =>
        insert.Add(run.Id).Add(run.Name).Add(run.InputFile).Add(run.InputHash).Add(run.Parameters)
            .Add(RunRows.StatusText(run.Status)).AddText(run.Error).AddUtc(run.CreatedUtc).AddUtc(run.FinishedUtc)
            .AddReal(run.WallSeconds).AddUtc(run.GridStart).Add(run.StepSeconds).Add(run.StepCount);

    /// <inheritdoc/>
    public IRunWriter BeginPartition(RunRecord run, SeriesRange series)
    {
        ArgumentException.ThrowIfNullOrEmpty(run?.Id, nameof(run));
        return Db.Owning(_dataSource.OpenConnection(), c => new PostgresRunWriter(_dataSource, c, run, Clock, series));
    }

    /// <inheritdoc/>
    public void CompleteRun(string runId, IReadOnlyList<Kpi> kpis, double wallSeconds)
    {
        using var connection = _dataSource.OpenConnection();
        PostgresRunWriter.Complete(connection, Clock, runId, kpis, wallSeconds);
    }

    /// <summary>All runs, newest first; a run whose process died mid-run shows as Running.</summary>
    public IReadOnlyList<RunRecord> ListRuns() => QueryRuns($"SELECT {RunColumns} FROM runs ORDER BY created_utc DESC, seq DESC");

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
            return QueryRuns($"SELECT {RunColumns} FROM runs ORDER BY created_utc DESC, seq DESC LIMIT 1").FirstOrDefault();
        }

        // the exact id first, then the newest runs the key is a prefix of; one round trip
        var matches = QueryRuns(
            $"""
            SELECT {RunColumns} FROM (
                (SELECT {RunColumns}, 0 AS rank, created_utc AS c, seq AS s FROM runs WHERE id = $1)
                UNION ALL
                (SELECT {RunColumns}, 1, created_utc, seq FROM runs WHERE starts_with(id, $1) AND id <> $1
                 ORDER BY created_utc DESC, seq DESC LIMIT {MaxListedCandidates + 1})
            ) m ORDER BY rank, c DESC, s DESC
            """,
            key);
        if (matches.Count == 0 || matches[0].Id == key)
        {
            return matches.FirstOrDefault();
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        var listed = string.Join(", ", matches.Take(MaxListedCandidates).Select(r => $"{r.Id} ({r.Name})"));
        var more = matches.Count > MaxListedCandidates ? ", ..." : string.Empty;
        throw new InputException($"run id '{key}' is ambiguous; it matches {listed}{more}", file: Path);
    }

    /// <summary>The run's KPIs in the order they were written; empty if the run has none.</summary>
    public IReadOnlyList<Kpi> GetKpis(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = _dataSource.CreateCommand("SELECT name, value, unit, scope FROM kpis WHERE run_id = $1 ORDER BY ordinal");
        using var reader = command.Add(runId).ExecuteReader();
        var kpis = new List<Kpi>();
        while (reader.Read())
        {
            kpis.Add(new Kpi(reader.GetString(0), Pg.Real(reader, 1), reader.GetString(2), reader.GetString(3)));
        }

        return kpis;
    }

    /// <summary>The run's recorded series by id; empty if the run has none.</summary>
    public IReadOnlyList<SeriesInfo> GetSeries(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = _dataSource.CreateCommand(
            "SELECT series_id, esdl_type, esdl_id, esdl_name, output, unit FROM series WHERE run_id = $1 ORDER BY series_id");
        using var reader = command.Add(runId).ExecuteReader();
        return StoredBlocks.ReadSeriesRows(reader);
    }

    /// <summary>One value per step of the run (index 0 is step 1); steps no block covers are NaN.</summary>
    /// <exception cref="InputException">There is no such run or the run has no such series.</exception>
    public double[] ReadSeries(string runId, int seriesId)
    {
        ArgumentNullException.ThrowIfNull(runId);

        // one statement (one snapshot, one round trip): the run's length, whether the series exists, and its blocks
        using var command = _dataSource.CreateCommand(
            """
            SELECT r.step_count, s.series_id, b.first_step, b.step_count, b.data
            FROM runs r
            LEFT JOIN series s ON s.run_id = r.id AND s.series_id = $2
            LEFT JOIN blocks b ON b.run_id = s.run_id AND b.series_id = s.series_id
            WHERE r.id = $1
            ORDER BY b.first_step
            """);
        using var reader = command.Add(runId).Add(seriesId).ExecuteReader(CommandBehavior.SequentialAccess);
        if (!reader.Read())
        {
            throw RunRows.NoSuchRun(runId, Path);
        }

        var stepCount = reader.GetInt32(0);
        if (reader.IsDBNull(1))
        {
            throw new InputException($"run '{runId}' has no series {seriesId}", file: Path);
        }

        var values = new double[stepCount];
        Array.Fill(values, double.NaN);
        var buffer = Array.Empty<byte>();
        var references = new List<StoredBlocks.Reference>();
        do
        {
            if (reader.IsDBNull(2))
            {
                continue; // the series has no blocks: one row of NULLs
            }

            var firstStep = (long)reader.GetInt32(2);
            var count = (long)reader.GetInt32(3);
            using var data = reader.GetStream(4);
            var length = data.Length;
            StoredBlocks.Check(Path, runId, seriesId, firstStep, count, length, stepCount);

            if (buffer.Length < length)
            {
                buffer = new byte[length];
            }

            data.ReadExactly(buffer, 0, (int)length);
            StoredBlocks.DecodeOrDefer(Path, runId, seriesId, firstStep, count, buffer.AsSpan(0, (int)length), values, references);
        }
        while (reader.Read());

        if (references.Count > 0)
        {
            reader.Close();
            using var fetch = _dataSource.CreateCommand("SELECT step_count, data FROM blocks WHERE run_id = $1 AND series_id = $2 AND first_step = $3");
            var other = new NpgsqlParameter<int>();
            var first = new NpgsqlParameter<int>();
            fetch.Add(runId).Parameters.Add(other);
            fetch.Parameters.Add(first);
            StoredBlocks.Resolve(Path, runId, seriesId, references, (series, step) =>
            {
                other.TypedValue = series;
                first.TypedValue = (int)step;
                using var target = fetch.ExecuteReader();
                return target.Read() ? (target.GetInt32(0), (byte[])target.GetValue(1)) : null;
            }, values);
        }

        return values;
    }

    /// <summary>Marks a run Failed or Cancelled with <paramref name="error"/>, deleting any results it has, in one transaction.</summary>
    /// <exception cref="InputException">There is no such run.</exception>
    public void MarkFailed(string runId, string error, RunStatus status = RunStatus.Failed)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(error);
        RunRows.RequireFailureStatus(status);
        using var connection = _dataSource.OpenConnection();
        if (!Pg.MarkFailed(connection, runId, error, status, Clock))
        {
            throw RunRows.NoSuchRun(runId, Path);
        }
    }

    /// <summary>Deletes a run with its series, blocks, KPIs and attachments (ON DELETE CASCADE).</summary>
    /// <exception cref="InputException">There is no such run.</exception>
    public void DeleteRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = _dataSource.CreateCommand("DELETE FROM runs WHERE id = $1");
        if (command.Add(runId).ExecuteNonQuery() == 0)
        {
            throw RunRows.NoSuchRun(runId, Path);
        }
    }

    /// <summary>The names of the files kept with a run.</summary>
    public IReadOnlyList<string> GetAttachments(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        using var command = _dataSource.CreateCommand("SELECT name FROM attachments WHERE run_id = $1 AND left(name, 6) <> '_sums/' ORDER BY name COLLATE \"C\"");
        using var reader = command.Add(runId).ExecuteReader();
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
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(name);
        using var command = _dataSource.CreateCommand("SELECT content FROM attachments WHERE run_id = $1 AND name = $2");
        return command.Add(runId).Add(name).ExecuteScalar() as byte[];
    }

    /// <summary>Closes the pool; writers still open keep their connections until they end.</summary>
    public void Dispose() => _dataSource.Dispose();

    private List<RunRecord> QueryRuns(string sql, string? key = null)
    {
        using var command = _dataSource.CreateCommand(sql);
        if (key is not null)
        {
            command.Add(key);
        }

        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(Pg.ReadRun(reader));
        }

        return runs;
    }
}
