using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// What the dashboard's network and prediction views read, on the real server: an ESDL run keeps its LV network, and
/// <c>/api/runs/{id}/network</c> gives every cable of the ESDL with the peak loading its KPIs have; a CoSSMic run set
/// keeps its PV predictions, and <c>/cossmic/predictions</c> gives each producer's predictions and each run's actual
/// production, whose energy is what the house results count. Bad requests get problem details naming what is wrong.
/// </summary>
public sealed class RunViewsApiTests
{
    [Fact]
    public void An_esdl_run_exposes_its_lv_network_with_each_cables_peak_loading_from_its_kpis()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var esdl = File.ReadAllBytes(Cli.Reference("dots/small-test/test.esdl"));
        var id = Succeeded(server, "/api/runs/?duration=6h", esdl);

        var network = server.GetJson($"/api/runs/{id}/network");
        Assert.Equal("%", network.GetProperty("loading_unit").GetString());
        var feeder = network.GetProperty("feeders").EnumerateArray().Single();
        var buses = feeder.GetProperty("buses").GetArrayLength();
        var cables = feeder.GetProperty("cables").EnumerateArray().ToList();
        var xsi = XNamespace.Get("http://www.w3.org/2001/XMLSchema-instance");
        var names = XDocument.Load(Cli.Reference("dots/small-test/test.esdl")).Descendants("asset")
            .Where(a => (string?)a.Attribute(xsi + "type") == "esdl:ElectricityCable").Select(a => (string)a.Attribute("name")!).Order().ToList();
        Assert.Equal(10, names.Count);
        Assert.Equal(names, cables.Select(c => c.GetProperty("name").GetString()!).Order().ToList());
        Assert.Equal(buses - 1, cables.Count); // radial: a tree
        var kpis = server.GetJson($"/api/runs/{id}/kpis").GetProperty("kpis").EnumerateArray().ToList();
        double Kpi(string name, string scope) => kpis.Single(k => k.GetProperty("name").GetString() == name && k.GetProperty("scope").GetString() == scope).GetProperty("value").GetDouble();
        foreach (var c in cables)
        {
            Assert.InRange(c.GetProperty("from").GetInt32(), 0, buses - 1);
            Assert.InRange(c.GetProperty("to").GetInt32(), 0, buses - 1);
            Assert.True(c.GetProperty("ampacity_a").GetDouble() > 0);
            Assert.Equal(Kpi("grid_peak_cable_loading", c.GetProperty("name").GetString()!), c.GetProperty("peak_loading").GetDouble());
        }

        Assert.Contains(cables, c => c.GetProperty("peak_loading").GetDouble() > 0);
        var loads = feeder.GetProperty("loads").EnumerateArray().ToList();
        Assert.NotEmpty(loads);
        foreach (var l in loads)
        {
            Assert.Equal(Kpi("grid_min_voltage", l.GetProperty("name").GetString()!), l.GetProperty("min_voltage").GetDouble());
            Assert.InRange(l.GetProperty("min_voltage").GetDouble(), 180, l.GetProperty("max_voltage").GetDouble());
        }

        Assert.Equal(JsonValueKind.Object, feeder.GetProperty("transformer").ValueKind);
        Assert.Equal(feeder.GetProperty("name").GetString(), feeder.GetProperty("transformer").GetProperty("name").GetString());
        Problem(server, $"/api/runs/{id}/cossmic/predictions", HttpStatusCode.NotFound, "kept no PV predictions");
        Problem(server, "/api/runs/nope/network", HttpStatusCode.NotFound, "no run 'nope'");
        Problem(server, "/api/runs/..%2Fq.db/network", HttpStatusCode.NotFound, null);
    }

    [Fact]
    public void A_cossmic_run_set_keeps_its_pv_predictions_and_each_runs_actual_production()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var (cs, created, _) = server.Post("/api/scenarios/?name=pyssmic-test", CossmicRunsApiTests.Zip(Cli.Reference("pyssmic/test")), "application/zip");
        Assert.True(cs == HttpStatusCode.Created, $"{(int)cs}: {created}");
        var id = Succeeded(server, $"/api/runs/?scenario={created.GetProperty("id").GetString()}&algorithm=naive&runs=2&seed=3&prediction_error=0.3", []);

        var all = server.GetJson($"/api/runs/{id}/cossmic/predictions?run=1");
        Assert.Equal("W", all.GetProperty("unit").GetString());
        var producers = all.GetProperty("producers").EnumerateArray().ToList();
        Assert.Equal(3, producers.Count);
        var hours = all.GetProperty("time").GetArrayLength();
        Assert.InRange(hours, 24, 30);
        Assert.Equal("2016-04-10T00:00:00Z", all.GetProperty("time")[0].GetString());
        static double[] Values(JsonElement line) => [.. line.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
        var lines = all.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(["first prediction (all producers)", "final prediction (all producers)", "actual production"], lines.Select(l => l.GetProperty("label").GetString()));

        // each producer: its predictions in issue order, then the actual production; the actual summed over the
        // producers is the neighbourhood's line, and per house it is the production the house results count
        var houses = server.GetJson($"/api/runs/{id}/cossmic/houses?run=1").GetProperty("houses").EnumerateArray().ToList();
        var sum = new double[hours];
        foreach (var p in producers)
        {
            var one = server.GetJson($"/api/runs/{id}/cossmic/predictions?run=1&producer={Uri.EscapeDataString(p.GetProperty("id").GetString()!)}");
            var own = one.GetProperty("lines").EnumerateArray().ToList();
            Assert.Equal(p.GetProperty("predictions").GetInt32() + 1, own.Count);
            Assert.Equal("actual production", own[^1].GetProperty("label").GetString());
            Assert.StartsWith("prediction 1 (", own[0].GetProperty("label").GetString(), StringComparison.Ordinal);
            Assert.True(own.Take(own.Count - 1).Select(l => l.GetProperty("issued").GetDateTime()).SequenceEqual(own.Take(own.Count - 1).Select(l => l.GetProperty("issued").GetDateTime()).Order()));
            var actual = Values(own[^1]);
            for (int h = 0; h < hours; h++)
            {
                sum[h] += actual[h];
            }

            var house = houses.Single(x => x.GetProperty("house_id").GetString() == p.GetProperty("house_id").GetString());
            Assert.Equal(house.GetProperty("production_kwh").GetDouble() * 1000, actual.Sum(), 6);
        }

        var neighbourhood = Values(lines[2]);
        for (int h = 0; h < hours; h++)
        {
            Assert.Equal(neighbourhood[h], sum[h], 6);
        }

        // the prediction error varies the actual production per run; the predictions stay
        var first = server.GetJson($"/api/runs/{id}/cossmic/predictions?run=0").GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(Values(lines[1]), Values(first[1]));
        Assert.NotEqual(Values(lines[2]), Values(first[2]));
        Assert.True(Values(first[2]).Sum() > 1000, "the actual production is real");

        Problem(server, $"/api/runs/{id}/cossmic/predictions?run=2", HttpStatusCode.BadRequest, "run 2 is not in 0 … 1", "run");
        Problem(server, $"/api/runs/{id}/cossmic/predictions?run=-1", HttpStatusCode.BadRequest, "run -1 is not in 0 … 1", "run");
        Problem(server, $"/api/runs/{id}/cossmic/predictions?run=one", HttpStatusCode.BadRequest, null);
        Problem(server, $"/api/runs/{id}/cossmic/predictions?producer=nobody", HttpStatusCode.NotFound, "has no producer 'nobody'");
        Problem(server, $"/api/runs/{id}/network", HttpStatusCode.NotFound, "kept no LV network");
        Problem(server, "/api/runs/nope/cossmic/predictions", HttpStatusCode.NotFound, "no run 'nope'");
    }

    /// <summary>Starts a run (an ESDL body, or none for a stored scenario) and waits until it succeeded; its id.</summary>
    private static string Succeeded(ServerProcess server, string path, byte[] body)
    {
        var (status, run, _) = server.Post(path, body, "application/xml");
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {run}");
        var id = run.GetProperty("id").GetString()!;
        Assert.Equal("succeeded", server.WaitEnded(id).GetProperty("state").GetString());
        return id;
    }

    private static void Problem(ServerProcess server, string path, HttpStatusCode status, string? detail, string? field = null)
    {
        using var r = server.Send(HttpMethod.Get, path);
        Assert.True(r.StatusCode == status, $"GET {path} -> {(int)r.StatusCode}, want {(int)status}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(ServerProcess.Text(r)).RootElement;
        if (detail is not null)
        {
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }
}
