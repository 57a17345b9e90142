using System.Diagnostics;
using Npgsql;

namespace Quartier.Bench.Storage;

/// <summary>
/// A fresh database for one benchmark run on the server of a URL, dropped afterwards; if the role may not create
/// databases, the URL's own database is used (and the sizes then include what it held before).
/// </summary>
internal sealed class ScratchDatabase : IDisposable
{
    private readonly string _adminConnection;
    private readonly string _connection;
    private readonly string _name;
    private bool _keep;

    private ScratchDatabase(string url, string adminConnection, string connection, string name, bool scratch)
    {
        Url = url;
        _adminConnection = adminConnection;
        _connection = connection;
        _name = name;
        Scratch = scratch;
    }

    public string Url { get; }

    public bool Scratch { get; }

    /// <summary>Starts (installing if needed) the PostgreSQL of <c>scripts/services</c> and returns its URL.</summary>
    public static string StartServer()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Quartier.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"no Quartier.slnx above {AppContext.BaseDirectory}: give --postgres URL");
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(root.FullName, "scripts", "services"), "start", "postgres"])
        {
            WorkingDirectory = root.FullName,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/services start postgres failed (exit {process.ExitCode}); see its messages above");
        }

        return output.Trim().Split('\n')[^1].Trim();
    }

    public static ScratchDatabase Create(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.Port > 0 ? uri.Port : 5432,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')),
            Pooling = false,
        };
        var admin = builder.ConnectionString;
        var name = "quartier_bench_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            Execute(admin, $"CREATE DATABASE {name}");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine($"  (role may not create databases: writing into {builder.Database} itself)");
            return new ScratchDatabase(url, admin, admin, builder.Database!, scratch: false);
        }

        var scratchUrl = url[..(url.IndexOf('/', url.IndexOf("://", StringComparison.Ordinal) + 3) + 1)] + name;
        builder.Database = name;
        return new ScratchDatabase(scratchUrl, admin, builder.ConnectionString, name, scratch: true);
    }

    public long WalPosition() => Scalar<long>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");

    public long WalBytesSince(long position) => WalPosition() - position;

    public long BlocksSize() => Scalar<long>("SELECT pg_total_relation_size('blocks')");

    public long DatabaseSize() => Scalar<long>("SELECT pg_database_size(current_database())");

    public void Keep() => _keep = true;

    public void Dispose()
    {
        if (Scratch && !_keep)
        {
            NpgsqlConnection.ClearAllPools();
            Execute(_adminConnection, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(_connection);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
