using System.Text.Json;
using Npgsql;

namespace Quartier.Cli.Tests.Server;

/// <summary>The server on a real PostgreSQL 15 (started by scripts/services): the same run gives the same figures and data as on SQLite.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public void The_small_test_on_PostgreSQL_gives_the_same_KPIs_and_data_as_on_SQLite_and_survives_a_restart()
    {
        var admin = Services.Start("postgres");
        var database = "quartier_srv_" + Guid.NewGuid().ToString("N")[..10];
        var builder = new Uri(admin);
        var url = $"{builder.Scheme}://{builder.UserInfo}@{builder.Host}:{builder.Port}/{database}";
        Execute(admin, $"CREATE DATABASE {database}");
        try
        {
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
        finally
        {
            Execute(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
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

    private static void Execute(string url, string sql)
    {
        var u = new Uri(url);
        var user = u.UserInfo.Split(':');
        var cs = new NpgsqlConnectionStringBuilder { Host = u.Host, Port = u.Port, Username = Uri.UnescapeDataString(user[0]), Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null, Database = u.AbsolutePath.Trim('/'), Pooling = false };
        using var c = new NpgsqlConnection(cs.ToString());
        c.Open();
        using var command = new NpgsqlCommand(sql, c);
        command.ExecuteNonQuery();
    }
}
