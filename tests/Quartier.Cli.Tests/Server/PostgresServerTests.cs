using System.Text.Json;
using Npgsql;

namespace Quartier.Cli.Tests.Server;

/// <summary>The server on a real PostgreSQL 15 (started by scripts/services): the same run gives the same figures and data as on SQLite.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public void The_small_test_on_PostgreSQL_gives_the_same_KPIs_and_data_as_on_SQLite_and_survives_a_restart()
    {
        using var db = new Database();
        var url = db.Url;
        using var tmp = new TempDir();
        var post = DotsApiTests.Shortened(File.ReadAllBytes(Cli.Reference("dots/small-test/test-post-small-test-file.json")), 86400);
        List<(string, string, double)> pgKpis, sqliteKpis;
        string pgCsv, sqliteCsv;
        using (var pg = ServerProcess.Start(url))
        {
            Assert.Equal("postgres", pg.GetJson("/api/health").GetProperty("store").GetString());
            (pgKpis, pgCsv) = RunAndRead(pg, post);
        }

        using (var sqlite = ServerProcess.Start("sqlite:" + tmp.File("q.db")))
        {
            (sqliteKpis, sqliteCsv) = RunAndRead(sqlite, post);
        }

        Assert.True(pgKpis.Count > 20);
        Assert.Equal(sqliteKpis, pgKpis);
        Assert.Equal(sqliteCsv, pgCsv);

        // a second server on the same database sees the run and its data
        using var again = ServerProcess.Start(url);
        Assert.Single(again.GetJson("/api/v1/simulation/").GetProperty("simulations").EnumerateArray());
    }

    [Fact]
    public void A_neighbourhoods_versions_are_kept_on_PostgreSQL_and_its_newest_version_runs()
    {
        using var db = new Database();
        var url = db.Url;
        string id;
        using (var pg = ServerProcess.Start(url))
        {
            id = NeighbourhoodsApiTests.Create(pg, BadInput.NeighbourhoodRequestCases.TwoHouses).GetProperty("id").GetString()!;
            using var content = new StringContent(BadInput.NeighbourhoodRequestCases.TwoHouses.Replace("\"days\": 1", "\"days\": 2", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
            using var put = pg.Send(HttpMethod.Put, $"/api/neighbourhoods/{id}", content);
            Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        }

        // a second server on the same database reads both versions and runs the newest
        using var again = ServerProcess.Start(url);
        Assert.Equal(1, again.GetJson($"/api/neighbourhoods/{id}/versions/1").GetProperty("document").GetProperty("days").GetInt32());
        Assert.Equal(2, again.GetJson($"/api/neighbourhoods/{id}").GetProperty("document").GetProperty("days").GetInt32());
        var (status, run, _) = again.Post($"/api/runs?scenario={id}&algorithm=naive&runs=3&days=2", [], "application/json");
        Assert.True(status == System.Net.HttpStatusCode.Created, run.ToString());
        Assert.Equal("succeeded", NeighbourhoodsApiTests.WaitRun(again, run.GetProperty("id").GetString()!).GetProperty("status").GetString());
        Assert.Equal(3, again.GetJson($"/api/runs/{run.GetProperty("id").GetString()}/cossmic").GetProperty("runs").GetArrayLength());
    }

    /// <summary>A new database on the PostgreSQL that scripts/services runs, dropped at the end.</summary>
    internal sealed class Database : IDisposable
    {
        private readonly string _admin = Services.Start("postgres");
        private readonly string _name = "quartier_srv_" + Guid.NewGuid().ToString("N")[..10];

        public Database()
        {
            var u = new Uri(_admin);
            Url = $"{u.Scheme}://{u.UserInfo}@{u.Host}:{u.Port}/{_name}";
            Execute(_admin, $"CREATE DATABASE {_name}");
        }

        public string Url { get; }

        /// <summary>An open connection to the database (for reading what the servers stored).</summary>
        public NpgsqlConnection Connect()
        {
            var c = new NpgsqlConnection(ConnectionString(Url));
            c.Open();
            return c;
        }

        public void Dispose() => Execute(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static (List<(string, string, double)> Kpis, string Csv) RunAndRead(ServerProcess server, byte[] post)
    {
        var id = server.Post("/api/v1/simulation/start", post).Body.GetProperty("simulation_id").GetString()!;
        Assert.Equal("succeeded", server.WaitEnded(id).GetProperty("state").GetString());
        var kpis = server.GetJson($"/api/runs/{id}/kpis").GetProperty("kpis").EnumerateArray()
            .Where(k => !k.GetProperty("name").GetString()!.Contains("seconds", StringComparison.Ordinal) && k.GetProperty("value").ValueKind == JsonValueKind.Number)
            .Select(k => (k.GetProperty("scope").GetString()!, k.GetProperty("name").GetString()!, k.GetProperty("value").GetDouble()))
            .ToList();
        using var csv = server.Send(HttpMethod.Get, $"/api/runs/{id}/series.csv?signal=EConnection/*power*");
        var text = ServerProcess.Text(csv);
        return (kpis, text[text.IndexOf('\n', StringComparison.Ordinal)..]);
    }

    private static string ConnectionString(string url)
    {
        var u = new Uri(url);
        var user = u.UserInfo.Split(':');
        return new NpgsqlConnectionStringBuilder { Host = u.Host, Port = u.Port, Username = Uri.UnescapeDataString(user[0]), Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null, Database = u.AbsolutePath.Trim('/'), Pooling = false }.ToString();
    }

    private static void Execute(string url, string sql)
    {
        using var c = new NpgsqlConnection(ConnectionString(url));
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        command.ExecuteNonQuery();
    }
}
