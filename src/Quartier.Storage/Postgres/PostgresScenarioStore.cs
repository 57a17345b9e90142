using Npgsql;

namespace Quartier.Storage.Postgres;

/// <summary>The scenarios of a server on the PostgreSQL store (table <c>scenarios</c>, created by the migrations). Thread-safe.</summary>
public sealed class PostgresScenarioStore : IScenarioStore, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresScenarioStore(string url) => _dataSource = PostgresSchema.Open(PostgresUrl.Parse(url));

    public void Add(ScenarioRecord scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        using var command = _dataSource.CreateCommand("INSERT INTO scenarios (id, name, kind, content, summary, created_utc) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Add(scenario.Id).Add(scenario.Name).Add(scenario.Kind).Add(scenario.Content).Add(scenario.Summary).AddUtc(scenario.CreatedUtc);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ScenarioRecord> List() => Query("SELECT id, name, kind, '\\x'::bytea, summary, created_utc FROM scenarios ORDER BY created_utc DESC, seq DESC", null);

    public ScenarioRecord? Find(string id) => Query("SELECT id, name, kind, content, summary, created_utc FROM scenarios WHERE id = $1", id).FirstOrDefault();

    public bool Delete(string id)
    {
        using var command = _dataSource.CreateCommand("DELETE FROM scenarios WHERE id = $1");
        command.Add(id);
        return command.ExecuteNonQuery() == 1;
    }

    public void Dispose() => _dataSource.Dispose();

    private List<ScenarioRecord> Query(string sql, string? id)
    {
        using var command = _dataSource.CreateCommand(sql);
        if (id is not null)
        {
            command.Add(id);
        }

        using var r = command.ExecuteReader();
        var list = new List<ScenarioRecord>();
        while (r.Read())
        {
            list.Add(new ScenarioRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<byte[]>(3), r.GetString(4), r.GetFieldValue<DateTime>(5)));
        }

        return list;
    }
}
