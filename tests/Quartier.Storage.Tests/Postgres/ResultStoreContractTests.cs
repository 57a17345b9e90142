using System.Globalization;
using Microsoft.Data.Sqlite;
using Quartier.Storage.Postgres;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>The contract on a SQLite file in a scratch directory.</summary>
public sealed class SqliteResultStoreContractTests : ResultStoreContract
{
    private readonly TempStore _temp = new();

    public override void Dispose() => _temp.Dispose();

    protected override IRunStore Open() => _temp.Open();

    protected override long CountRows(string table) => (long)Scalar($"SELECT count(*) FROM {table}")!;

    protected override long StoredBytes(string runId, int seriesId) =>
        (long)Scalar("SELECT coalesce(sum(length(data)), 0) FROM blocks WHERE run_id = $run AND series_id = $series", ("$run", runId), ("$series", seriesId))!;

    protected override void ReplaceBlock(string runId, int seriesId, int firstStep, byte[] data) => Scalar(
        "UPDATE blocks SET data = $data WHERE run_id = $run AND series_id = $series AND first_step = $first",
        ("$data", data),
        ("$run", runId),
        ("$series", seriesId),
        ("$first", firstStep));

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }
}

/// <summary>The contract on a fresh database of the real PostgreSQL server (one per test, dropped afterwards).</summary>
public sealed class PostgresResultStoreContractTests : ResultStoreContract
{
    private readonly PostgresDatabase _database = new();

    public override void Dispose() => _database.Dispose();

    protected override IRunStore Open() => PostgresResultStore.Open(_database.Url);

    protected override long CountRows(string table) => (long)_database.Scalar($"SELECT count(*) FROM {table}")!;

    protected override long StoredBytes(string runId, int seriesId) => Convert.ToInt64(
        _database.Scalar($"SELECT coalesce(sum(length(data)), 0) FROM blocks WHERE run_id = '{runId}' AND series_id = {seriesId}"),
        CultureInfo.InvariantCulture);

    protected override void ReplaceBlock(string runId, int seriesId, int firstStep, byte[] data) => _database.Execute(
        $"UPDATE blocks SET data = decode('{Convert.ToHexString(data)}', 'hex') WHERE run_id = '{runId}' AND series_id = {seriesId} AND first_step = {firstStep}");
}
