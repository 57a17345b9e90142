using System.Net;
using System.Text;
using System.Text.Json;

namespace Quartier.Cli.Tests.Server;

/// <summary><c>POST /api/sweeps</c>: a sweep over a stored scenario queues one run per combination; its table follows the overrides; bad sweeps queue nothing.</summary>
public sealed class SweepsApiTests
{
    [Fact]
    public void A_sweep_over_a_stored_scenario_runs_every_combination_and_bad_ones_queue_nothing()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var (status, scenario, _) = server.Post("/api/scenarios/?name=small", File.ReadAllBytes(Cli.Reference("dots/small-test/test.esdl")), "application/xml");
        Assert.Equal(HttpStatusCode.Created, status);
        var baseId = scenario.GetProperty("id").GetString()!;
        string Sweep(string axes) => $$"""{"name": "pv", "base": "{{baseId}}", "settings": {"duration": "6h", "ems": "rule", "power_flow": false}, "axes": [{{axes}}]}""";

        // refused, naming what is wrong, and nothing queued
        foreach (var (body, expect) in new[]
        {
            ("{\"axes\": [", "the sweep is not valid JSON"),
            (Sweep("{\"name\": \"ems\", \"values\": [\"rule\", \"turbo\"]}"), "'turbo' is not an EMS"),
            (Sweep("{\"name\": \"weather\", \"values\": [\"/etc/passwd\"]}"), "weather and price files are not taken here"),
            (Sweep("{\"name\": \"size\", \"set\": {\"type\": \"Windmill\", \"attribute\": \"power\"}, \"values\": [1]}"), "no ESDL object of type Windmill"),
            (Sweep("{\"name\": \"duration\", \"values\": [\"6h\", \"-3h\"]}"), "duration '-3h' is not a duration"),
            (Sweep("{\"name\": \"ems\", \"values\": [\"rule\"]}").Replace(baseId, "nope-00000000", StringComparison.Ordinal), "no scenario 'nope-00000000'"),
        })
        {
            var (code, problem, type) = server.Post("/api/sweeps/", Encoding.UTF8.GetBytes(body));
            Assert.True(code == HttpStatusCode.UnprocessableEntity, $"{body}: {(int)code} {problem}");
            Assert.Equal("application/problem+json", type);
            Assert.Contains(expect, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // YAML, said by the content type: refused naming the line, or run as the JSON form is
        var (badYaml, yamlProblem, _) = server.Post("/api/sweeps/", Encoding.UTF8.GetBytes($"base: {baseId}\naxes:\n  - name: ems\n   values: [rule]\n"), "application/yaml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badYaml);
        Assert.Contains("the sweep is not valid YAML", yamlProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, server.GetJson("/api/runs/").GetProperty("runs").GetArrayLength());
        var yaml = $"name: yaml\nbase: {baseId}\nsettings: {{duration: 6h, ems: rule, power_flow: false}}\naxes:\n  - name: ems\n    values: [rule]\n";
        var (yamlCreated, yamlSweep, _) = server.Post("/api/sweeps/", Encoding.UTF8.GetBytes(yaml), "application/yaml");
        Assert.Equal(HttpStatusCode.Created, yamlCreated);
        Assert.Equal("succeeded", server.WaitEnded(yamlSweep.GetProperty("runs")[0].GetProperty("run_id").GetString()!).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.NotFound, server.Send(HttpMethod.Get, "/api/sweeps/nope").StatusCode);

        var (created, sweep, _) = server.Post("/api/sweeps/", Encoding.UTF8.GetBytes(Sweep("{\"name\": \"surface\", \"set\": {\"type\": \"PVInstallation\", \"attribute\": \"surfaceArea\"}, \"values\": [10, 20, 40]}")));
        Assert.Equal(HttpStatusCode.Created, created);
        var id = sweep.GetProperty("id").GetString()!;
        var runs = sweep.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!).ToList();
        Assert.Equal(3, runs.Count);
        foreach (var run in runs)
        {
            Assert.Equal("succeeded", server.WaitEnded(run).GetProperty("state").GetString());
        }

        var done = server.GetJson($"/api/sweeps/{id}").GetProperty("runs").EnumerateArray().ToList();
        var pv = done.Select(r => r.GetProperty("kpis").GetProperty("pv_production").GetDouble()).ToList();
        Assert.Equal(pv[0] * 2, pv[1], 9);
        Assert.Equal(pv[0] * 4, pv[2], 9);
        Assert.Equal("40", done[2].GetProperty("values").GetProperty("surface").GetString());
        var table = Encoding.UTF8.GetString(server.Bytes($"/api/sweeps/{id}/table.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, table.Length);
        Assert.StartsWith("run,run_id,status,surface,", table[0], StringComparison.Ordinal);
        Assert.All(table.Skip(1), l => Assert.Contains(",succeeded,", l, StringComparison.Ordinal));
    }

    /// <summary>A sweep whose base is a stored CoSSMic neighbourhood queues one run set per combination of its run options.</summary>
    [Fact]
    public void A_sweep_over_a_CoSSMic_scenario_queues_run_sets()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var (stored, scenario, _) = server.Post("/api/scenarios/?name=small", CossmicRunsApiTests.Zip(Cli.Reference("pyssmic/small_test")), "application/zip");
        Assert.Equal(HttpStatusCode.Created, stored);
        var baseId = scenario.GetProperty("id").GetString()!;

        var (bad, problem, _) = server.Post("/api/sweeps/", Encoding.UTF8.GetBytes("{\"base\": \"" + baseId + "\", \"axes\": [{\"name\": \"days\", \"values\": [1, 400]}]}"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("days 400 must be between 1 and 366", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, server.GetJson("/api/runs/").GetProperty("runs").GetArrayLength());

        var (created, sweep, _) = server.Post("/api/sweeps/", Encoding.UTF8.GetBytes("{\"name\": \"algorithms\", \"base\": \"" + baseId + "\", \"settings\": {\"runs\": 2}, \"axes\": [{\"name\": \"algorithm\", \"values\": [\"naive\", \"exact\"]}]}"));
        Assert.True(created == HttpStatusCode.Created, sweep.ToString());
        var id = sweep.GetProperty("id").GetString()!;
        foreach (var run in sweep.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (server.GetJson($"/api/runs/{run}").GetProperty("status").GetString() is "queued" or "running")
            {
                Assert.True(DateTime.UtcNow < deadline, $"run set {run} did not end in 120 s");
                Thread.Sleep(200);
            }

            Assert.Equal("succeeded", server.GetJson($"/api/runs/{run}").GetProperty("status").GetString());
            Assert.Contains("\"runs\":2", server.GetJson($"/api/runs/{run}").GetProperty("parameters").GetString(), StringComparison.Ordinal);
        }

        var table = Encoding.UTF8.GetString(server.Bytes($"/api/sweeps/{id}/table.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, table.Length);
        Assert.StartsWith("run,run_id,status,algorithm,", table[0], StringComparison.Ordinal);
        Assert.Contains("pv_share", table[0], StringComparison.Ordinal);
        Assert.Contains(",succeeded,exact,", table[2], StringComparison.Ordinal);
    }
}
