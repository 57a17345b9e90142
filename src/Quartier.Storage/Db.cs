using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Quartier.Storage;

/// <summary>Connection setup and small command helpers shared by the store and the run writer.</summary>
internal static class Db
{
    public static SqliteConnection Open(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, "PRAGMA journal_mode = TRUNCATE; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    public static T Scalar<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static object Real(double value) => double.IsNaN(value) ? DBNull.Value : value;

    public static double Real(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    public static string Utc(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return utc.ToString("O", CultureInfo.InvariantCulture);
    }

    public static DateTime Utc(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary><paramref name="make"/> of a fresh <paramref name="resource"/> (a connection), which is disposed if that fails.</summary>
    public static T Owning<TResource, T>(TResource resource, Func<TResource, T> make)
        where TResource : IDisposable
    {
        try
        {
            return make(resource);
        }
        catch
        {
            resource.Dispose();
            throw;
        }
    }
}
