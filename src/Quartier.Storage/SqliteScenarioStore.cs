using Microsoft.Data.Sqlite;

namespace Quartier.Storage;

/// <summary>The scenarios table of a server on the SQLite store (<c>scenarios</c>, created when missing). Thread-safe.</summary>
public sealed class SqliteScenarioStore : IScenarioStore
{
    private readonly string _path;
    private readonly Lock _lock = new();

    public SqliteScenarioStore(string path)
    {
        _path = Path.GetFullPath(path);
        using var c = Db.Open(_path);
        Db.Execute(c, null, """
            CREATE TABLE IF NOT EXISTS scenarios (
                id          TEXT PRIMARY KEY NOT NULL,
                name        TEXT NOT NULL,
                kind        TEXT NOT NULL,
                content     BLOB NOT NULL,
                summary     TEXT NOT NULL,
                created_utc TEXT NOT NULL
            )
            """);
    }

    public void Add(ScenarioRecord scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        lock (_lock)
        {
            using var c = Db.Open(_path);
            using var command = Db.Command(c, null, "INSERT INTO scenarios (id, name, kind, content, summary, created_utc) VALUES ($id, $name, $kind, $content, $summary, $created)");
            command.Parameters.AddWithValue("$id", scenario.Id);
            command.Parameters.AddWithValue("$name", scenario.Name);
            command.Parameters.AddWithValue("$kind", scenario.Kind);
            command.Parameters.Add("$content", SqliteType.Blob).Value = scenario.Content;
            command.Parameters.AddWithValue("$summary", scenario.Summary);
            command.Parameters.AddWithValue("$created", Db.Utc(scenario.CreatedUtc));
            command.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<ScenarioRecord> List() => Query("SELECT id, name, kind, zeroblob(0), summary, created_utc FROM scenarios ORDER BY created_utc DESC, rowid DESC", null);

    public ScenarioRecord? Find(string id) => Query("SELECT id, name, kind, content, summary, created_utc FROM scenarios WHERE id = $id", id).FirstOrDefault();

    public bool Delete(string id)
    {
        lock (_lock)
        {
            using var c = Db.Open(_path);
            using var command = Db.Command(c, null, "DELETE FROM scenarios WHERE id = $id");
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() == 1;
        }
    }

    private List<ScenarioRecord> Query(string sql, string? id)
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
            var list = new List<ScenarioRecord>();
            while (r.Read())
            {
                list.Add(new ScenarioRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? [] : (byte[])r.GetValue(3), r.GetString(4), Db.Utc(r.GetString(5))));
            }

            return list;
        }
    }
}
