using Microsoft.Data.Sqlite;
using Quartier.Storage.Postgres;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>The contract on a SQLite file in a scratch directory.</summary>
public sealed class SqliteResultStoreContractTests : ResultStoreContract
{
    private readonly TempStore _temp = new();

    public override void Dispose() => _temp.Dispose();

    protected override IRunStore Open() => _temp.Open();

    protected override long CountRows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}

/// <summary>The contract on a fresh database of the real PostgreSQL server (one per test, dropped afterwards).</summary>
public sealed class PostgresResultStoreContractTests : ResultStoreContract
{
    private readonly PostgresDatabase _database = new();

    public override void Dispose() => _database.Dispose();

    protected override IRunStore Open() => PostgresResultStore.Open(_database.Url);

    protected override long CountRows(string table) => (long)_database.Scalar($"SELECT count(*) FROM {table}")!;
}
