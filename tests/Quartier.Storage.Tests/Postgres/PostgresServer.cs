using System.Diagnostics;
using Npgsql;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>
/// The real PostgreSQL 15 the tests use, started (installed if missing) once per test run by
/// <c>scripts/services start postgres</c> from the repository root. If the script fails, every test that needs the
/// server fails with the script's stderr: nothing is skipped.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<string> Started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The URL of the server's <c>quartier</c> database (role quartier is a superuser).</summary>
    public static string AdminUrl => Started.Value;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Quartier.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Quartier.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>The database the script's URL names (the one to connect to for CREATE/DROP DATABASE).</summary>
    public static string AdminDatabase => Uri.UnescapeDataString(new Uri(AdminUrl).AbsolutePath.Trim('/'));

    /// <summary>The same server's URL for another database.</summary>
    public static string UrlOf(string database)
    {
        var url = AdminUrl;
        return url[..(url.LastIndexOf('/') + 1)] + database;
    }

    /// <summary>A raw connection string for <paramref name="database"/> (from the URL the script printed).</summary>
    public static string ConnectionString(string database)
    {
        var uri = new Uri(AdminUrl);
        var user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = database,
            Pooling = false,
        }.ConnectionString;
    }

    private static string Start()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "scripts", "services");
        var start = new ProcessStartInfo("bash", [script, "start", "postgres"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/services start postgres did not finish within 10 minutes; stderr:\n{stderr.Result}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/services start postgres failed (exit {process.ExitCode}); stderr:\n{stderr.Result}");
        }

        var url = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (url is null || !url.StartsWith("postgres://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"scripts/services start postgres printed no postgres:// URL; stdout:\n{stdout}\nstderr:\n{stderr.Result}");
        }

        return url;
    }
}

/// <summary>A fresh database on the test server, dropped (connections and all) when disposed.</summary>
public sealed class PostgresDatabase : IDisposable
{
    public PostgresDatabase()
    {
        Name = "quartier_test_" + Guid.NewGuid().ToString("N")[..20];
        Admin($"CREATE DATABASE {Name}");
        Url = PostgresServer.UrlOf(Name);
    }

    public string Name { get; }

    /// <summary>The URL a store opens (with the password).</summary>
    public string Url { get; }

    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionString(Name));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Execute(string sql) => Scalar(sql);

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionString(PostgresServer.AdminDatabase));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
