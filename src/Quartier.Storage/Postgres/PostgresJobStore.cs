using Npgsql;

namespace Quartier.Storage.Postgres;

/// <summary>
/// The job table of a server on the PostgreSQL result store (table <c>jobs</c>, created by the store's migrations).
/// Thread-safe: every call takes a pooled connection of its own.
/// </summary>
public sealed class PostgresJobStore : IJobStore, IDisposable
{
    private const string Columns = "id, kind, name, request, settings, state, error, notes, created_utc, started_utc, ended_utc, deleted, logs_expire_utc, log";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects to <c>postgres://user[:password]@host[:port]/database</c>, creating or upgrading the store's tables.</summary>
    /// <exception cref="Core.Errors.InputException">As <see cref="PostgresResultStore.Open"/>.</exception>
    public PostgresJobStore(string url)
    {
        var parsed = PostgresUrl.Parse(url);
        Path = parsed.Display;
        _dataSource = PostgresSchema.Open(parsed);
    }

    /// <summary>The store's URL without its password.</summary>
    public string Path { get; }

    public static PostgresJobStore Open(string url) => new(url);

    public void Add(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var command = _dataSource.CreateCommand(
            $"INSERT INTO jobs ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)");
        command.Add(job.Id).Add(job.Kind).Add(job.Name).Add(job.Request).Add(job.Settings).Add(SqliteJobStore.StateText(job.State))
            .AddText(job.Error).Add(job.Notes).AddUtc(job.CreatedUtc).AddUtc(job.StartedUtc).AddUtc(job.EndedUtc).Add(job.Deleted)
            .AddUtc(job.LogsExpireUtc).Add(job.Log);
        command.ExecuteNonQuery();
    }

    /// <exception cref="InvalidOperationException">There is no such job.</exception>
    public void Update(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var command = _dataSource.CreateCommand(
            "UPDATE jobs SET state = $1, error = $2, notes = $3, started_utc = $4, ended_utc = $5, deleted = $6, logs_expire_utc = $7, log = $8 WHERE id = $9");
        command.Add(SqliteJobStore.StateText(job.State)).AddText(job.Error).Add(job.Notes).AddUtc(job.StartedUtc).AddUtc(job.EndedUtc)
            .Add(job.Deleted).AddUtc(job.LogsExpireUtc).Add(job.Log).Add(job.Id);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"job '{job.Id}' is not in {Path}");
        }
    }

    public IReadOnlyList<JobRecord> List() => Query($"SELECT {Columns} FROM jobs ORDER BY created_utc, seq");

    public JobRecord? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Query($"SELECT {Columns} FROM jobs WHERE id = $1", id).FirstOrDefault();
    }

    public void Dispose() => _dataSource.Dispose();

    private List<JobRecord> Query(string sql, string? id = null)
    {
        using var command = _dataSource.CreateCommand(sql);
        if (id is not null)
        {
            command.Add(id);
        }

        using var r = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (r.Read())
        {
            jobs.Add(new JobRecord(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.GetString(4), SqliteJobStore.ParseState(r.GetString(5)),
                Pg.NullableText(r, 6), r.GetString(7), r.GetFieldValue<DateTime>(8), Pg.NullableUtc(r, 9), Pg.NullableUtc(r, 10),
                r.GetBoolean(11), r.GetFieldValue<DateTime>(12), r.GetString(13)));
        }

        return jobs;
    }
}
