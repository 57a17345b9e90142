using Microsoft.Data.Sqlite;

namespace Quartier.Storage;

/// <summary>The job table of a server on the SQLite result store (table <c>jobs</c>, created when missing). Thread-safe.</summary>
public sealed class SqliteJobStore : IJobStore
{
    private const string Columns = "id, kind, name, request, settings, state, error, notes, created_utc, started_utc, ended_utc, deleted, logs_expire_utc, log";
    private readonly string _path;
    private readonly Lock _lock = new();

    public SqliteJobStore(string path)
    {
        _path = Path.GetFullPath(path);
        using var c = Db.Open(_path);
        Db.Execute(c, null, """
            CREATE TABLE IF NOT EXISTS jobs (
                id              TEXT PRIMARY KEY NOT NULL,
                kind            TEXT NOT NULL,
                name            TEXT NOT NULL,
                request         BLOB NOT NULL,
                settings        TEXT NOT NULL,
                state           TEXT NOT NULL,
                error           TEXT,
                notes           TEXT NOT NULL,
                created_utc     TEXT NOT NULL,
                started_utc     TEXT,
                ended_utc       TEXT,
                deleted         INTEGER NOT NULL,
                logs_expire_utc TEXT NOT NULL,
                log             TEXT NOT NULL
            )
            """);
    }

    public void Add(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Write($"INSERT INTO jobs ({Columns}) VALUES ($id, $kind, $name, $request, $settings, $state, $error, $notes, $created, $started, $ended, $deleted, $expire, $log)", job);
    }

    public void Update(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Write("UPDATE jobs SET state = $state, error = $error, notes = $notes, started_utc = $started, ended_utc = $ended, deleted = $deleted, logs_expire_utc = $expire, log = $log WHERE id = $id", job);
    }

    public IReadOnlyList<JobRecord> List() => Query($"SELECT {Columns} FROM jobs ORDER BY created_utc, rowid");

    public JobRecord? Find(string id) => Query($"SELECT {Columns} FROM jobs WHERE id = $id", id).FirstOrDefault();

    internal static string StateText(JobState state) => state.ToString().ToLowerInvariant();

    internal static JobState ParseState(string text) => Enum.Parse<JobState>(text, ignoreCase: true);

    private void Write(string sql, JobRecord job)
    {
        lock (_lock)
        {
            using var c = Db.Open(_path);
            using var command = Db.Command(c, null, sql);
            var p = command.Parameters;
            p.AddWithValue("$id", job.Id);
            p.AddWithValue("$kind", job.Kind);
            p.AddWithValue("$name", job.Name);
            p.Add("$request", SqliteType.Blob).Value = job.Request;
            p.AddWithValue("$settings", job.Settings);
            p.AddWithValue("$state", StateText(job.State));
            p.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
            p.AddWithValue("$notes", job.Notes);
            p.AddWithValue("$created", Db.Utc(job.CreatedUtc));
            p.AddWithValue("$started", job.StartedUtc is { } s ? Db.Utc(s) : DBNull.Value);
            p.AddWithValue("$ended", job.EndedUtc is { } e ? Db.Utc(e) : DBNull.Value);
            p.AddWithValue("$deleted", job.Deleted ? 1 : 0);
            p.AddWithValue("$expire", Db.Utc(job.LogsExpireUtc));
            p.AddWithValue("$log", job.Log);
            if (command.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"job '{job.Id}' is not in {_path}");
            }
        }
    }

    private List<JobRecord> Query(string sql, string? id = null)
    {
        lock (_lock)
        {
            using var c = Db.Open(_path);
            using var command = Db.Command(c, null, sql);
            if (id is not null)
            {
                command.Parameters.AddWithValue("$id", id);
            }

            using var r = command.ExecuteReader();
            var jobs = new List<JobRecord>();
            while (r.Read())
            {
                jobs.Add(new JobRecord(
                    r.GetString(0), r.GetString(1), r.GetString(2), (byte[])r.GetValue(3), r.GetString(4), ParseState(r.GetString(5)),
                    r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7), Db.Utc(r.GetString(8)),
                    r.IsDBNull(9) ? null : Db.Utc(r.GetString(9)), r.IsDBNull(10) ? null : Db.Utc(r.GetString(10)),
                    r.GetInt64(11) != 0, Db.Utc(r.GetString(12)), r.GetString(13)));
            }

            return jobs;
        }
    }
}
