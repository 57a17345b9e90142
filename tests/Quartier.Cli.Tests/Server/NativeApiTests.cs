using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Quartier.Storage;

namespace Quartier.Cli.Tests.Server;

/// <summary>Quartier's own API on the real server: submit an ESDL, follow it, KPIs, downsampled series, CSV, OpenAPI.</summary>
public sealed class NativeApiTests
{
    [Fact]
    public void An_ESDL_run_is_followed_by_events_and_its_series_come_back_downsampled_exactly()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        using var server = ServerProcess.Start("sqlite:" + db);
        var esdl = File.ReadAllBytes(Cli.Example(Path.Combine("dots-small-test", "test.esdl")));
        var (status, run, _) = server.Post("/api/runs/?name=native&duration=24h&step=15min&record=EConnection/*", esdl, "application/xml");
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {run}");
        var id = run.GetProperty("id").GetString()!;
        Assert.Equal("native", run.GetProperty("name").GetString());

        // server-sent events until the end
        using (var events = server.Send(HttpMethod.Get, $"/api/runs/{id}/events"))
        {
            Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
            var text = ServerProcess.Text(events);
            Assert.Contains("event: progress", text, StringComparison.Ordinal);
            Assert.Contains("event: end\ndata: {\"id\":\"" + id + "\",\"status\":\"succeeded\",\"progress\":100.0}", text, StringComparison.Ordinal);
        }

        var view = server.GetJson($"/api/runs/{id}");
        Assert.Equal("succeeded", view.GetProperty("status").GetString());
        Assert.Contains("\"ems\":\"rule\"", view.GetProperty("parameters").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, server.GetJson("/api/runs/?status=succeeded&name=nat").GetProperty("runs").GetArrayLength());
        Assert.Equal(0, server.GetJson("/api/runs/?status=failed").GetProperty("runs").GetArrayLength());

        var series = server.GetJson($"/api/runs/{id}/series?signal=EConnection/net_power").GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(2, series.Count);
        var home = series.Single(s => s.GetProperty("esdlName").GetString() == "ConnectionHome1");
        int sid = home.GetProperty("id").GetInt32();

        // the stored values, read from the SQLite file beside the server
        double[] values;
        using (var store = SqliteResultStore.Open(db))
        {
            values = store.ReadSeries(id, sid);
        }

        Assert.Equal(96, values.Length);
        var buckets = server.GetJson($"/api/runs/{id}/series/{sid}?points=10");
        Assert.Equal(10, buckets.GetProperty("bucket_steps").GetInt32());
        var min = Doubles(buckets, "min");
        var max = Doubles(buckets, "max");
        var mean = Doubles(buckets, "mean");
        Assert.Equal(10, mean.Length);
        for (int b = 0; b < 10; b++)
        {
            var slice = values.Skip(b * 10).Take(10).ToArray();
            Assert.Equal(slice.Min(), min[b]);
            Assert.Equal(slice.Max(), max[b]);
            Assert.Equal(slice.Average(), mean[b], 12);
        }

        Assert.Equal("2020-08-11T00:15:00Z", buckets.GetProperty("time")[0].GetDateTime().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

        // a time window: steps 5 … 8 (01:15 … 02:00), one bucket each
        var window = server.GetJson($"/api/runs/{id}/series/{sid}?from=2020-08-11T01:15:00Z&to=2020-08-11T02:00:00Z&points=100");
        Assert.Equal(values[4..8], Doubles(window, "mean"));

        // the sum over both connections, bucketed the same way
        double[] other;
        using (var store = SqliteResultStore.Open(db))
        {
            other = store.ReadSeries(id, series.Single(s => s.GetProperty("esdlName").GetString() == "ConnectionHome2").GetProperty("id").GetInt32());
        }

        var sum = server.GetJson($"/api/runs/{id}/series/sum?signal=EConnection/net_power&points=10");
        Assert.Equal(2, sum.GetProperty("series_count").GetInt32());
        var sumMean = Doubles(sum, "mean");
        for (int b = 0; b < 10; b++)
        {
            var slice = values.Zip(other, (a, c) => a + c).Skip(b * 10).Take(10).ToArray();
            Assert.Equal(slice.Average(), sumMean[b], 9);
            Assert.Equal(slice.Max(), Doubles(sum, "max")[b], 9);
        }

        using (var mixed = server.Send(HttpMethod.Get, $"/api/runs/{id}/series/sum?signal=EConnection/*"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        }

        // CSV export of the same series
        using (var csv = server.Send(HttpMethod.Get, $"/api/runs/{id}/series.csv?signal=EConnection/net_power&asset=ConnectionHome1"))
        {
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            var lines = ServerProcess.Text(csv).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("time_utc,\"EConnection/ConnectionHome1/net_power [W]\"", lines[0]);
            Assert.Equal(values, lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));
        }

        var kpis = server.GetJson($"/api/runs/{id}/kpis").GetProperty("kpis");
        Assert.Contains(kpis.EnumerateArray(), k => k.GetProperty("name").GetString() == "energy_imported");
        using (var bad = server.Send(HttpMethod.Get, $"/api/runs/{id}/series/{sid}?points=0"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var gone = server.Send(HttpMethod.Delete, $"/api/runs/{id}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, gone.StatusCode);
        }
    }

    [Fact]
    public void The_OpenAPI_document_and_its_browsable_UI_are_served()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var doc = server.GetJson("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in (string[])["/api/v1/simulation/start", "/api/v1/simulation/queue", "/api/v1/simulation", "/api/v1/simulation/{simulationId}", "/api/v1/simulation/data/{simulationId}", "/api/v1/simulation/logs/{simulationId}", "/api/v1/simulation/terminate/{simulationId}", "/api/v1/simulation/delete/{simulationId}", "/api/v1/simulation/token", "/api/runs", "/api/runs/{runId}/series/{seriesId}", "/api/health"])
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} not in the OpenAPI document");
        }

        using var ui = server.Send(HttpMethod.Get, "/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Contains("swagger", ServerProcess.Text(ui), StringComparison.OrdinalIgnoreCase);
        var health = server.GetJson("/api/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("auth").GetBoolean());
    }

    private static double[] Doubles(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
