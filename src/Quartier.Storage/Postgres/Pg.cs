using Npgsql;
using NpgsqlTypes;
using Quartier.Core.Results;

namespace Quartier.Storage.Postgres;

/// <summary>Small command helpers of the PostgreSQL store: positional parameters ($1, $2, …), typed and unboxed.</summary>
internal static class Pg
{
    public const string UniqueViolation = "23505";

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) =>
        new(sql, connection, transaction);

    public static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    public static NpgsqlCommand Add<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    /// <summary>Text or NULL.</summary>
    public static NpgsqlCommand AddText(this NpgsqlCommand command, string? value)
    {
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value });
        return command;
    }

    /// <summary>A double, NaN as NULL (as in the SQLite store).</summary>
    public static NpgsqlCommand AddReal(this NpgsqlCommand command, double value)
    {
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Double, Value = Db.Real(value) });
        return command;
    }

    /// <summary>An instant as timestamptz (microseconds; a Local time is converted, an Unspecified one taken as UTC).</summary>
    public static NpgsqlCommand AddUtc(this NpgsqlCommand command, DateTime? value)
    {
        command.Parameters.Add(new NpgsqlParameter
        {
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
            Value = value is { } v ? Utc(v) : DBNull.Value,
        });
        return command;
    }

    public static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };

    public static double Real(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static DateTime? NullableUtc(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTime>(ordinal);

    public static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static RunRecord ReadRun(NpgsqlDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        InputFile: reader.GetString(2),
        InputHash: reader.GetString(3),
        Parameters: reader.GetString(4),
        Status: RunRows.ParseStatus(reader.GetString(5)),
        Error: NullableText(reader, 6),
        CreatedUtc: reader.GetFieldValue<DateTime>(7),
        FinishedUtc: NullableUtc(reader, 8),
        WallSeconds: Real(reader, 9),
        GridStart: reader.GetFieldValue<DateTime>(10),
        StepSeconds: reader.GetInt32(11),
        StepCount: reader.GetInt32(12));

    /// <summary>Deletes the run's results and records the failure, in one transaction; false if there is no such run.</summary>
    public static bool MarkFailed(NpgsqlConnection connection, string runId, string error, RunStatus status, TimeProvider clock)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var table in (ReadOnlySpan<string>)["blocks", "series", "kpis"])
        {
            using var delete = Command(connection, transaction, $"DELETE FROM {table} WHERE run_id = $1");
            delete.Add(runId).ExecuteNonQuery();
        }

        using var update = Command(connection, transaction, "UPDATE runs SET status = $1, error = $2, finished_utc = $3 WHERE id = $4");
        var found = update.Add(RunRows.StatusText(status)).Add(error).AddUtc(clock.GetUtcNow().UtcDateTime).Add(runId).ExecuteNonQuery() == 1;
        transaction.Commit();
        return found;
    }
}
