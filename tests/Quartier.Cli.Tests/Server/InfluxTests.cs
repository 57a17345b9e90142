using System.Globalization;
using System.Text.Json;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// With <c>--influx</c>, a run's series reach a real InfluxDB 1.x in DOTS's schema while it runs, and every query of
/// DOTS's Grafana dashboard for the small test (its simulation id substituted) returns data.
/// </summary>
public sealed class InfluxTests
{
    [Fact]
    public void Every_query_of_DOTSs_Grafana_dashboard_returns_data_for_a_run_and_points_arrive_while_it_runs()
    {
        var influx = Services.Start("influxdb");
        var database = "quartier_test_" + Guid.NewGuid().ToString("N")[..8];
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--influx", $"{influx}/{database}");
        using var http = new HttpClient { BaseAddress = new Uri(influx + "/") };
        try
        {
            var post = File.ReadAllBytes(Cli.Reference("dots/small-test/test-post-small-test-file.json"));
            var id = server.Post("/api/v1/simulation/start", post).Body.GetProperty("simulation_id").GetString()!;

            // points arrive in batches while the run goes: a count strictly between none and all of them is seen
            long seenWhileRunning = 0;
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (DateTime.UtcNow < deadline)
            {
                var count = Count(http, database, $"SELECT count(\"apparent_power_ph1\") FROM \"EConnection\" WHERE \"simulation_id\" = '{id}'");
                if (count is > 0 and < 480)
                {
                    seenWhileRunning = count;
                }

                if (count == 480)
                {
                    break;
                }

                Thread.Sleep(20);
            }

            Assert.True(seenWhileRunning is > 0 and < 480, $"no partial batch seen while the run went (last count {seenWhileRunning})");
            Assert.Equal("succeeded", server.WaitEnded(id).GetProperty("state").GetString());
            Assert.Equal(480, Count(http, database, $"SELECT count(\"apparent_power_ph1\") FROM \"EConnection\" WHERE \"simulation_id\" = '{id}'"));

            var dashboard = JsonDocument.Parse(File.ReadAllText(Cli.Reference("dots/small-test/grafana-dashboard.json"))).RootElement;
            int queries = 0;
            foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    var q = Render(target, id);
                    var values = Values(http, database, q);
                    Assert.True(values.Count(v => v is not null) >= 40, $"panel '{panel.GetProperty("title").GetString()}': {q} returned {values.Count(v => v is not null)} values");
                    queries++;
                }
            }

            Assert.Equal(11, queries);

            // the tags DOTS writes: model ids from the request's services
            var tags = Query(http, database, $"SHOW TAG VALUES FROM \"EConnection\" WITH KEY = \"model_id\" WHERE \"simulation_id\" = '{id}'");
            Assert.Contains("emsservice-1", tags, StringComparison.Ordinal);
        }
        finally
        {
            Query(http, database, $"DROP DATABASE \"{database}\"", post: true);
        }
    }

    /// <summary>A builder-mode target as Grafana 7 renders it, over the run's 60 h, at 15-min intervals.</summary>
    private static string Render(JsonElement target, string id)
    {
        var field = target.GetProperty("select")[0][0].GetProperty("params")[0].GetString();
        var where = string.Join(' ', target.GetProperty("tags").EnumerateArray().Select(t =>
            (t.TryGetProperty("condition", out var c) ? c.GetString() + " " : string.Empty)
            + $"\"{t.GetProperty("key").GetString()}\" {t.GetProperty("operator").GetString()} '{(t.GetProperty("key").GetString() == "simulation_id" ? id : t.GetProperty("value").GetString())}'"));
        var fill = target.GetProperty("groupBy").EnumerateArray().First(g => g.GetProperty("type").GetString() == "fill").GetProperty("params")[0].GetString();
        return $"SELECT mean(\"{field}\") FROM \"{target.GetProperty("measurement").GetString()}\" WHERE ({where}) AND time >= '2020-08-11T00:00:00Z' AND time <= '2020-08-13T12:00:00Z' GROUP BY time(15m) fill({fill})";
    }

    private static List<double?> Values(HttpClient http, string db, string q)
    {
        using var doc = JsonDocument.Parse(Query(http, db, q));
        var result = doc.RootElement.GetProperty("results")[0];
        Assert.False(result.TryGetProperty("error", out var e), $"{q}: {e}");
        if (!result.TryGetProperty("series", out var series))
        {
            return [];
        }

        return series[0].GetProperty("values").EnumerateArray().Select(v => v[1].ValueKind == JsonValueKind.Number ? v[1].GetDouble() : (double?)null).ToList();
    }

    private static long Count(HttpClient http, string db, string q) => (long)(Values(http, db, q).FirstOrDefault() ?? 0);

    private static string Query(HttpClient http, string db, string q, bool post = false)
    {
        var uri = $"query?db={Uri.EscapeDataString(db)}&q={Uri.EscapeDataString(q)}";
        using var r = http.Send(new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, uri));
        return ServerProcess.Text(r);
    }
}
