using Microsoft.Data.Sqlite;

namespace Quartier.Storage;

/// <summary>The neighbourhoods of a server on the SQLite store (table <c>neighbourhoods</c>, one row a version, created when missing). Thread-safe.</summary>
public sealed class SqliteNeighbourhoodStore : INeighbourhoodStore
{
    private readonly string _path;
    private readonly Lock _lock = new();

    public SqliteNeighbourhoodStore(string path)
    {
        _path = Path.GetFullPath(path);
        using var c = Db.Open(_path);
        Db.Execute(c, null, """
            CREATE TABLE IF NOT EXISTS neighbourhoods (
                id        TEXT NOT NULL,
                version   INTEGER NOT NULL,
                name      TEXT NOT NULL,
                document  TEXT NOT NULL,
                saved_utc TEXT NOT NULL,
                PRIMARY KEY (id, version)
            )
            """);
    }

    public NeighbourhoodVersion Save(string id, string name, string document, DateTime savedUtc)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(document);
        lock (_lock)
        {
            using var c = Db.Open(_path);
            using var transaction = c.BeginTransaction();
            using var next = Db.Command(c, transaction, "SELECT coalesce(max(version), 0) + 1 FROM neighbourhoods WHERE id = $id");
            next.Parameters.AddWithValue("$id", id);
            var version = Convert.ToInt32(next.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            using var insert = Db.Command(c, transaction, "INSERT INTO neighbourhoods (id, version, name, document, saved_utc) VALUES ($id, $version, $name, $document, $saved)");
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$version", version);
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$document", document);
            insert.Parameters.AddWithValue("$saved", Db.Utc(savedUtc));
            insert.ExecuteNonQuery();
            transaction.Commit();
            return new NeighbourhoodVersion(id, version, name, document, savedUtc);
        }
    }

    public IReadOnlyList<NeighbourhoodVersion> List() => Query(
        "SELECT id, version, name, '', saved_utc FROM neighbourhoods n WHERE version = (SELECT max(version) FROM neighbourhoods m WHERE m.id = n.id) ORDER BY saved_utc DESC, rowid DESC",
        null,
        null);

    public NeighbourhoodVersion? Find(string id, int? version = null) => Query(
        version is null
            ? "SELECT id, version, name, document, saved_utc FROM neighbourhoods WHERE id = $id ORDER BY version DESC LIMIT 1"
            : "SELECT id, version, name, document, saved_utc FROM neighbourhoods WHERE id = $id AND version = $version",
        id,
        version).FirstOrDefault();

    public IReadOnlyList<NeighbourhoodVersion> Versions(string id) =>
        Query("SELECT id, version, name, '', saved_utc FROM neighbourhoods WHERE id = $id ORDER BY version", id, null);

    private List<NeighbourhoodVersion> Query(string sql, string? id, int? version)
    {
        lock (_lock)
        {
            using var c = Db.Open(_path);
            using var command = Db.Command(c, null, sql);
            if (id is not null)
            {
                command.Parameters.AddWithValue("$id", id);
            }

            if (version is not null)
            {
                command.Parameters.AddWithValue("$version", version.Value);
            }

            using var r = command.ExecuteReader();
            var list = new List<NeighbourhoodVersion>();
            while (r.Read())
            {
                list.Add(new NeighbourhoodVersion(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), Db.Utc(r.GetString(4))));
            }

            return list;
        }
    }
}
