using Npgsql;

namespace Quartier.Storage.Postgres;

/// <summary>
/// The neighbourhoods of a server on the PostgreSQL store (table <c>neighbourhoods</c>, one row a version, created by
/// migration 7). Two servers saving the same neighbourhood at once both get a version: the loser of the primary-key
/// race takes the next number. Thread-safe.
/// </summary>
public sealed class PostgresNeighbourhoodStore : INeighbourhoodStore, IDisposable
{
    private const string UniqueViolation = "23505";
    private readonly NpgsqlDataSource _dataSource;

    public PostgresNeighbourhoodStore(string url) => _dataSource = PostgresSchema.Open(PostgresUrl.Parse(url));

    public NeighbourhoodVersion Save(string id, string name, string document, DateTime savedUtc)
    {
        ArgumentNullException.ThrowIfNull(id);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var command = _dataSource.CreateCommand(
                    "INSERT INTO neighbourhoods (id, version, name, document, saved_utc) SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4 FROM neighbourhoods WHERE id = $1 RETURNING version");
                command.Add(id).Add(name).Add(document).AddUtc(savedUtc);
                var version = (int)command.ExecuteScalar()!;
                return new NeighbourhoodVersion(id, version, name, document, Pg.Utc(savedUtc));
            }
            catch (PostgresException ex) when (ex.SqlState == UniqueViolation && attempt < 5)
            {
                // another server saved a version of the same neighbourhood between our read and write: take the next
            }
        }
    }

    public IReadOnlyList<NeighbourhoodVersion> List() => Query(
        "SELECT DISTINCT ON (id) id, version, name, '', saved_utc, seq FROM neighbourhoods ORDER BY id, version DESC",
        null,
        null).OrderByDescending(v => v.SavedUtc).ToList();

    public NeighbourhoodVersion? Find(string id, int? version = null) => Query(
        version is null
            ? "SELECT id, version, name, document, saved_utc FROM neighbourhoods WHERE id = $1 ORDER BY version DESC LIMIT 1"
            : "SELECT id, version, name, document, saved_utc FROM neighbourhoods WHERE id = $1 AND version = $2",
        id,
        version).FirstOrDefault();

    public IReadOnlyList<NeighbourhoodVersion> Versions(string id) =>
        Query("SELECT id, version, name, '', saved_utc FROM neighbourhoods WHERE id = $1 ORDER BY version", id, null);

    public void Dispose() => _dataSource.Dispose();

    private List<NeighbourhoodVersion> Query(string sql, string? id, int? version)
    {
        using var command = _dataSource.CreateCommand(sql);
        if (id is not null)
        {
            command.Add(id);
        }

        if (version is not null)
        {
            command.Add(version.Value);
        }

        using var r = command.ExecuteReader();
        var list = new List<NeighbourhoodVersion>();
        while (r.Read())
        {
            list.Add(new NeighbourhoodVersion(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTime>(4)));
        }

        return list;
    }
}
