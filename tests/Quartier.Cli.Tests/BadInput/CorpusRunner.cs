using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>
/// Runs one corpus case through the real <c>quartier</c> process against a copy of a seeded workspace
/// database, with a heap limit, and checks the promise: the expected exit code, one located line on
/// stderr, no stack trace, finished in seconds, and the database's rows unchanged.
/// </summary>
internal static class CorpusRunner
{
    public const int SecondsAllowed = 10;
    private const string HeapLimit = "0x30000000"; // 768 MiB: an unbounded allocation ends in OutOfMemory

    private static readonly Lazy<(string Path, string Hash)> Seed = new(CreateSeed, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<IReadOnlyList<BadInputCase>> Cases = new(Collect, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Dictionary<string, BadInputCase>> ByName = new(() => Cases.Value.GroupBy(c => c.ToString(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    /// <summary>Every case of every <see cref="CorpusSectionAttribute"/> section, generated once per test run.</summary>
    public static IReadOnlyList<BadInputCase> All() => Cases.Value;

    public static BadInputCase Named(string name) => ByName.Value[name];

    private static List<BadInputCase> Collect() =>
        typeof(CorpusRunner).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CorpusSectionAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .SelectMany(t => (IEnumerable<BadInputCase>)t.GetMethod("Cases", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!)
            .ToList();

    public static void Check(BadInputCase c)
    {
        var seed = Seed.Value;
        using var dir = new TempDir();
        foreach (var (name, content) in c.Files)
        {
            var path = Path.Combine(dir.Path, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, content);
        }

        var db = dir.File("workspace.db");
        File.Copy(seed.Path, db);
        var args = c.Args.Select(a => a
            .Replace("{dir}", dir.Path, StringComparison.Ordinal)
            .Replace("{db}", db, StringComparison.Ordinal)
            .Replace("{ref}", Cli.Reference(string.Empty).TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{examples}", Cli.Example(string.Empty).TrimEnd('/'), StringComparison.Ordinal)).ToArray();
        var env = new Dictionary<string, string>(c.Environment)
        {
            ["QUARTIER_DB"] = db,
            ["DOTNET_GCHeapHardLimit"] = HeapLimit,
            ["NO_COLOR"] = "1",
        };
        var watch = Stopwatch.StartNew();
        var (code, _, err) = RunProcess(args, env, dir.Path);
        var seconds = watch.Elapsed.TotalSeconds;
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var context = $"case '{c}': quartier {string.Join(' ', args)}\nexit {code}, {seconds:0.0} s, stderr:\n{err}";
        Assert.True(code == c.ExitCode, $"expected exit {c.ExitCode}; {context}");
        var errors = lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal) || l.StartsWith("failed:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected exactly one 'error:' line; {context}");
        Assert.True(lines.All(l => !l.StartsWith("at ", StringComparison.Ordinal) && !l.Contains("Exception:", StringComparison.Ordinal) && !l.Contains("Unhandled", StringComparison.Ordinal)), $"stack trace or exception on stderr; {context}");
        Assert.False(System.Text.RegularExpressions.Regex.IsMatch(errors[0], @"\b(System|Microsoft|Quartier)\.[A-Z]\w*\.|`1|[a-z]\+[A-Z]\w+"), $"the error names a .NET type; {context}");
        foreach (var fragment in c.Expect)
        {
            Assert.True(errors[0].Contains(fragment.Replace("{dir}", dir.Path, StringComparison.Ordinal), StringComparison.Ordinal), $"the error line does not contain '{fragment}'; {context}");
        }

        Assert.True(seconds < SecondsAllowed, $"took {seconds:0.0} s (allowed {SecondsAllowed}); {context}");
        Assert.True(RowsHash(db) == seed.Hash, $"the workspace database changed; {context}");
    }

    public static (int Code, string Out, string Err) RunProcess(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quartier.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit((SecondsAllowed + 20) * 1000))
        {
            p.Kill(true);
            throw new TimeoutException($"quartier {string.Join(' ', args)} did not finish in {SecondsAllowed + 20} s");
        }

        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A hash of every row of every table, independent of row order and of the file's page layout.</summary>
    public static string RowsHash(string db)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var r = list.ExecuteReader();
            while (r.Read())
            {
                tables.Add(r.GetString(0));
            }
        }

        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            var rows = new List<string>();
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                using var row = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "\u0000null" : reader.GetValue(i) is byte[] b ? Convert.ToBase64String(b) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                    row.AppendData(System.Text.Encoding.UTF8.GetBytes(value + "\u0001"));
                }

                rows.Add(Convert.ToHexString(row.GetHashAndReset()));
            }

            rows.Sort(StringComparer.Ordinal);
            all.AppendData(System.Text.Encoding.UTF8.GetBytes(table + ":" + rows.Count + ":" + string.Join(",", rows) + ";"));
        }

        return Convert.ToHexString(all.GetHashAndReset());
    }

    private static (string Path, string Hash) CreateSeed()
    {
        var dir = Path.Combine(Path.GetTempPath(), "quartier-corpus-seed-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "seed.db");
        var (code, _, err) = RunProcess(["run", Cli.Example(Path.Combine("dots-small-test", "test.esdl")), "--duration", "24h", "--db", db], new Dictionary<string, string> { ["NO_COLOR"] = "1" }, dir);
        if (code != 0)
        {
            throw new InvalidOperationException($"seeding the corpus database failed: {err}");
        }

        SqliteConnection.ClearAllPools();
        return (db, RowsHash(db));
    }
}
