using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quartier.Application;
using Quartier.Storage;

namespace Quartier.Cli.Tests.Server;

/// <summary>DOTS's orchestrator API against the real <c>quartier serve</c>, with DOTS's own small-test request posted as is.</summary>
public sealed partial class DotsApiTests
{
    private static byte[] SmallTestPost => File.ReadAllBytes(Cli.Reference("dots/small-test/test-post-small-test-file.json"));

    [Fact]
    public void The_small_test_posted_as_is_runs_to_completion_and_its_data_zip_has_DOTS_schema()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var (status, started, type) = server.Post("/api/v1/simulation/start", SmallTestPost);
        Assert.True(status == HttpStatusCode.Created, $"start -> {(int)status}: {started}");
        Assert.Equal("application/json", type);
        var id = started.GetProperty("simulation_id").GetString()!;
        Assert.Matches(IdPattern(), id);
        Assert.Contains(started.GetProperty("simulation_status").GetString(), new[] { "all models registered", "all models deployed" });
        Assert.Equal(216000, started.GetProperty("simulation_duration_in_seconds").GetInt64());
        Assert.Equal(24, started.GetProperty("keep_logs_hours").GetDouble());
        Assert.Equal("2020-08-11T00:00:00", started.GetProperty("start_date").GetString());
        Assert.Equal(8, started.GetProperty("calculation_services").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, started.GetProperty("calculation_end_datetime").ValueKind);

        var ended = server.WaitEnded(id);
        Assert.Equal("all models terminated successfully, the simulation has been terminated", ended.GetProperty("simulation_status").GetString());
        Assert.Equal(100, ended.GetProperty("progress").GetDouble());
        var begin = DateTime.Parse(ended.GetProperty("calculation_start_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var end = DateTime.Parse(ended.GetProperty("calculation_end_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(end > begin);
        Assert.Matches("^PT[0-9.]+S$|^PT[0-9]+M", ended.GetProperty("calculation_duration").GetString()!);

        var list = server.GetJson("/api/v1/simulation/");
        Assert.Contains(list.GetProperty("simulations").EnumerateArray(), s => s.GetProperty("simulation_id").GetString() == id);

        // the zip: <id>_<measurement>.csv with DOTS's columns
        using var zipResponse = server.Send(HttpMethod.Get, $"/api/v1/simulation/data/{id}");
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"data_{id}.zip", zipResponse.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var zip = new ZipArchive(zipResponse.Content.ReadAsStream());
        var econnection = Csv(zip, $"{id}_EConnection.csv");
        Assert.Equal(["", "time", "esdl_id", "esdl_name"], econnection.Header[..4]);
        foreach (var field in (string[])["apparent_power_ph1", "apparent_power_ph2", "apparent_power_ph3", "active_dispatch_pv", "active_dispatch_ev", "active_dispatch_hhp"])
        {
            Assert.Contains(field, econnection.Header);
        }

        Assert.Equal(240 * 2, econnection.Rows.Count);
        Assert.Equal("2020-08-11T00:15:00Z", econnection.Rows[0][1]);
        Assert.Equal(["0", "1"], econnection.Rows.Take(2).Select(r => r[0]));
        var home1 = econnection.Rows.Where(r => r[2] == "5c19dcff-b004-4644-99b9-f42d15a34f3a").ToList();
        Assert.Equal(240, home1.Count);
        Assert.All(home1, r => Assert.Equal("ConnectionHome1", r[3]));

        var lv = Csv(zip, $"{id}_EnergySystem.csv");
        Assert.Contains("transformer1", lv.Header);
        Assert.Contains("transformer1_limit", lv.Header);
        Assert.Contains("cable1", lv.Header);
        Assert.Contains("connectionhome2.1", lv.Header);
        Assert.All(lv.Rows, r => Assert.Equal("e48ed4fa-6051-4bab-ba54-27c581be21a0", r[2]));

        // the same request run in-process gives the same figures as the server stored
        var input = RunInput.FromBytes(SmallTestPost, "request", dotsRequest: true);
        var prepared = RunJob.Prepare(input, new RunSettings { Record = ["all"] });
        var sink = new NullSink();
        var direct = prepared.Runner.Execute(sink);
        var served = server.GetJson($"/api/runs/{id}/kpis").GetProperty("kpis").EnumerateArray().ToList();
        foreach (var kpi in direct.Kpis.Where(k => double.IsFinite(k.Value) && !k.Name.Contains("seconds", StringComparison.Ordinal)))
        {
            var match = served.Single(s => s.GetProperty("name").GetString() == kpi.Name && s.GetProperty("scope").GetString() == kpi.Scope);
            Assert.Equal(kpi.Value, match.GetProperty("value").GetDouble(), 9);
        }

        // apparent power per phase in the zip is the stored series, digit for digit
        var stored = server.GetJson($"/api/runs/{id}/series?signal=EConnection/apparent_power_ph1&asset=5c19dcff-b004-4644-99b9-f42d15a34f3a").GetProperty("series")[0];
        var values = server.GetJson($"/api/runs/{id}/series/{stored.GetProperty("id").GetInt32()}?points=240");
        var column = Array.IndexOf(econnection.Header, "apparent_power_ph1");
        var means = values.GetProperty("mean").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(home1.Select(r => double.Parse(r[column], System.Globalization.CultureInfo.InvariantCulture)), means);

        // logs: one per model, DOTS's pod names
        using var logs = server.Send(HttpMethod.Get, $"/api/v1/simulation/logs/{id}");
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        using var logZip = new ZipArchive(logs.Content.ReadAsStream());
        Assert.Contains(logZip.Entries, e => e.Name == $"so-{id}-emsservice-1.log");
        Assert.Equal(8, logZip.Entries.Count);
        using var reader = new StreamReader(logZip.Entries.Single(e => e.Name == $"so-{id}-emsservice-1.log").Open());
        var log = reader.ReadToEnd();
        Assert.StartsWith("model emsservice-1 of service 'emsservice' (ghcr.io/dots-energy-services/emsservice:latest) for ESDL type EConnection: ", log, StringComparison.Ordinal);
        Assert.Contains("ConnectionHome1 (5c19dcff-b004-4644-99b9-f42d15a34f3a)", log.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("[ems] EMS dots: DOTS's cost-minimising MILP", log, StringComparison.Ordinal);
        Assert.DoesNotContain("[lvnetwork]", log, StringComparison.Ordinal);
        using (var lvReader = new StreamReader(logZip.Entries.Single(e => e.Name == $"so-{id}-lvnetworkservice-1.log").Open()))
        {
            var lvLog = lvReader.ReadToEnd();
            Assert.Contains("[lvnetwork] LV network Transformer1", lvLog, StringComparison.Ordinal);
            Assert.DoesNotContain("[ems]", lvLog, StringComparison.Ordinal);
            Assert.Contains("simulation finished", lvLog, StringComparison.Ordinal);
        }
        Assert.Contains("simulation finished", log, StringComparison.Ordinal);
        Assert.Contains("DEBUG", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminate_stops_a_running_simulation_and_delete_drops_its_logs()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--concurrency", "1");
        var first = server.Post("/api/v1/simulation/queue", SmallTestPost).Body.GetProperty("simulation_id").GetString()!;
        var second = server.Post("/api/v1/simulation/queue", SmallTestPost).Body.GetProperty("simulation_id").GetString()!;
        Assert.Equal("all models registered", server.GetJson($"/api/v1/simulation/{second}").GetProperty("simulation_status").GetString());
        server.WaitState(first, "running");
        Assert.Equal("all models deployed", server.GetJson($"/api/v1/simulation/{first}").GetProperty("simulation_status").GetString());
        using (var r = server.Send(HttpMethod.Delete, $"/api/v1/simulation/terminate/{first}"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var ended = server.WaitEnded(first, 30);
        Assert.Equal("all podds are deleted", ended.GetProperty("simulation_status").GetString());
        Assert.Equal("cancelled", ended.GetProperty("state").GetString());
        using (var data = server.Send(HttpMethod.Get, $"/api/v1/simulation/data/{first}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, data.StatusCode);
        }

        // the queued one starts once the worker is free, and runs to the end
        Assert.Equal("all models terminated successfully, the simulation has been terminated", server.WaitEnded(second).GetProperty("simulation_status").GetString());
        using (var r = server.Send(HttpMethod.Delete, $"/api/v1/simulation/delete/{second}"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        Assert.Equal("all models terminated successfully, the simulation has been terminated and pods are deleted", server.GetJson($"/api/v1/simulation/{second}").GetProperty("simulation_status").GetString());
        using (var r = server.Send(HttpMethod.Get, $"/api/v1/simulation/logs/{second}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        using (var r = server.Send(HttpMethod.Get, $"/api/v1/simulation/data/{second}"))
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }
    }

    [Fact]
    public void A_server_killed_mid_run_marks_that_run_failed_on_restart_and_runs_the_queued_one()
    {
        using var tmp = new TempDir();
        var store = "sqlite:" + tmp.File("q.db");
        string done, running, queued;
        byte[] doneZip;
        using (var server = ServerProcess.Start(store, null, "--concurrency", "1"))
        {
            done = server.Post("/api/v1/simulation/start", Shortened(SmallTestPost, 21600)).Body.GetProperty("simulation_id").GetString()!;
            server.WaitEnded(done);
            doneZip = server.Bytes($"/api/v1/simulation/data/{done}");
            running = server.Post("/api/v1/simulation/start", SmallTestPost).Body.GetProperty("simulation_id").GetString()!;
            queued = server.Post("/api/v1/simulation/queue", SmallTestPost).Body.GetProperty("simulation_id").GetString()!;
            server.WaitState(running, "running");
            server.KillHard();
        }

        using (var server = ServerProcess.Start(store, null, "--concurrency", "1"))
        {
            var failed = server.GetJson($"/api/v1/simulation/{running}");
            Assert.Equal("(a) model(s) terminated with an error, the simulation has been terminated", failed.GetProperty("simulation_status").GetString());
            Assert.Contains("interrupted", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal("all models terminated successfully, the simulation has been terminated", server.WaitEnded(queued).GetProperty("simulation_status").GetString());
            Assert.Equal(doneZip, server.Bytes($"/api/v1/simulation/data/{done}"));
            Assert.Equal(3, server.GetJson("/api/v1/simulation/").GetProperty("simulations").GetArrayLength());
        }
    }

    [Fact]
    public void SIGTERM_stops_the_server_gracefully_recording_the_interrupted_run_and_keeping_the_queue()
    {
        using var tmp = new TempDir();
        var store = "sqlite:" + tmp.File("q.db");
        string running, queued;
        using (var server = ServerProcess.Start(store, null, "--concurrency", "1"))
        {
            running = server.Post("/api/v1/simulation/start", SmallTestPost).Body.GetProperty("simulation_id").GetString()!;
            queued = server.Post("/api/v1/simulation/queue", SmallTestPost).Body.GetProperty("simulation_id").GetString()!;
            server.WaitState(running, "running");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(0, server.Terminate());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the server took {watch.Elapsed.TotalSeconds:0.0} s to stop");
        }

        using (var server = ServerProcess.Start(store, null, "--concurrency", "1"))
        {
            var stopped = server.GetJson($"/api/v1/simulation/{running}");
            Assert.Equal("failed", stopped.GetProperty("state").GetString());
            Assert.Equal("interrupted: the server stopped while the run was in progress", stopped.GetProperty("error").GetString());
            Assert.Equal("succeeded", server.WaitEnded(queued).GetProperty("state").GetString());
        }
    }

    [Fact]
    public void With_auth_on_every_call_needs_DOTSs_token()
    {
        using var tmp = new TempDir();
        var env = new Dictionary<string, string?> { ["USE_AUTH"] = "true", ["SECRET_KEY"] = "test-secret", ["OAUTH_PASSWORD"] = "p4ss" };
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), env);
        using (var r = server.Send(HttpMethod.Get, "/api/v1/simulation/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("Bearer", r.Headers.WwwAuthenticate.ToString());
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Could not validate credentials", JsonDocument.Parse(ServerProcess.Text(r)).RootElement.GetProperty("detail").GetString());
        }

        Assert.Null(Token(server, "DotsUser", "wrong"));
        Assert.Null(Token(server, "someone", "p4ss"));
        var token = Token(server, "DotsUser", "p4ss");
        Assert.NotNull(token);
        Assert.Equal(3, token!.Split('.').Length);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/simulation/"))
        {
            request.Headers.Authorization = new("Bearer", token);
            using var r = server.Http.Send(request);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        foreach (var bad in new[] { tampered, "x.y.z", "not-a-token" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/runs/");
            request.Headers.Authorization = new("Bearer", bad);
            using var r = server.Http.Send(request);
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        }
    }

    [Fact]
    public void Bound_beyond_loopback_without_secrets_the_server_refuses_to_start()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Launch("http://0.0.0.0:0", "sqlite:" + tmp.File("q.db"), new Dictionary<string, string?> { ["SECRET_KEY"] = null, ["OAUTH_PASSWORD"] = null });
        Assert.Equal(1, server.WaitExit());
        Assert.Contains("SECRET_KEY and OAUTH_PASSWORD", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_ESDL_types_the_request_lists_are_simulated_and_the_rest_is_named()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var request = System.Text.Json.Nodes.JsonNode.Parse(Shortened(SmallTestPost, 21600))!.AsObject();
        var services = request["calculation_services"]!.AsArray();
        services.Remove(services.First(s => (string?)s!["esdl_type"] == "EVChargingStation"));
        services[0]!["additional_env_variable"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "PROFILE", ["value"] = "winter" });
        var id = server.Post("/api/v1/simulation/start", Encoding.UTF8.GetBytes(request.ToJsonString())).Body.GetProperty("simulation_id").GetString()!;
        var ended = server.WaitEnded(id);
        Assert.Equal("succeeded", ended.GetProperty("state").GetString());
        Assert.Contains(ended.GetProperty("notes").EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("1 EVChargingStation object(s) not simulated", StringComparison.Ordinal));
        using var zip = new ZipArchive(new MemoryStream(server.Bytes($"/api/v1/simulation/data/{id}")));
        Assert.DoesNotContain(zip.Entries, e => e.Name.EndsWith("_EVChargingStation.csv", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.Name.EndsWith("_PVInstallation.csv", StringComparison.Ordinal));
        var parameters = server.GetJson($"/api/runs/{id}").GetProperty("parameters").GetString()!;
        Assert.Contains("\"name\":\"PROFILE\",\"value\":\"winter\"", parameters, StringComparison.Ordinal);
        Assert.Contains("\"nr_of_models\":1", parameters, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ev\"", parameters, StringComparison.Ordinal);
    }

    /// <summary>
    /// A DOTS request's <c>pvsystemservice</c> served by the Python example service (the server's <c>--services</c> file):
    /// the run succeeds, its PV series are the service's, and the service's own log lines are in its model's log file.
    /// </summary>
    [Fact]
    public void An_external_python_service_serves_its_type_and_its_log_is_in_its_models_file()
    {
        using var tmp = new TempDir();
        var services = Directory.EnumerateFiles(AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)], "services.json", SearchOption.AllDirectories)
            .First(f => f.EndsWith(Path.Combine("examples", "services", "pv-python", "services.json"), StringComparison.Ordinal));
        File.WriteAllText(tmp.File("services.json"), File.ReadAllText(services).Replace("\"command\"", $"\"working_directory\": {JsonSerializer.Serialize(Path.GetDirectoryName(services))}, \"command\"", StringComparison.Ordinal));
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--services", tmp.File("services.json"));
        var request = System.Text.Json.Nodes.JsonNode.Parse(Shortened(SmallTestPost, 21600))!.AsObject();
        var pv = request["calculation_services"]!.AsArray().First(s => (string?)s!["esdl_type"] == "PVInstallation")!;
        pv["additional_env_variable"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "PERFORMANCE_RATIO", ["value"] = "0.5" });
        var id = server.Post("/api/v1/simulation/start", Encoding.UTF8.GetBytes(request.ToJsonString())).Body.GetProperty("simulation_id").GetString()!;
        var ended = server.WaitEnded(id);
        Assert.True(ended.GetProperty("state").GetString() == "succeeded", ended.GetRawText());
        Assert.Contains(ended.GetProperty("notes").EnumerateArray(), n => n.GetProperty("message").GetString()!.Contains("gets no look-ahead of PVInstallation/potential_active_power from service 'pv-python/pv_production'", StringComparison.Ordinal));
        using var zip = new ZipArchive(new MemoryStream(server.Bytes($"/api/v1/simulation/data/{id}")));
        var (header, rows) = Csv(zip, $"{id}_PVInstallation.csv");
        Assert.Contains("irradiance_seen", header);
        Assert.Contains(rows, r => double.Parse(r[Array.IndexOf(header, "potential_active_power")], System.Globalization.CultureInfo.InvariantCulture) > 0);
        using var logs = server.Send(HttpMethod.Get, $"/api/v1/simulation/logs/{id}");
        using var logZip = new ZipArchive(logs.Content.ReadAsStream());
        using var reader = new StreamReader(logZip.Entries.Single(e => e.Name == $"so-{id}-pvsystemservice-1.log").Open());
        var log = reader.ReadToEnd();
        Assert.Contains("[PVInstallation] pv-python: ", log, StringComparison.Ordinal);
        Assert.Contains("PV service ready for 1 installations (performance ratio 0.5)", log, StringComparison.Ordinal); // the request's additional_env_variable
    }

    internal static byte[] Shortened(byte[] post, long seconds) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(post).Replace("\"simulation_duration_in_seconds\": 216000", $"\"simulation_duration_in_seconds\": {seconds}", StringComparison.Ordinal));

    private static string? Token(ServerProcess server, string user, string password)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["grant_type"] = "password" });
        using var r = server.Send(HttpMethod.Post, "/api/v1/simulation/token", form);
        var body = JsonDocument.Parse(ServerProcess.Text(r)).RootElement;
        if (r.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("Incorrect username or password", body.GetProperty("detail").GetString());
            return null;
        }

        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        return body.GetProperty("access_token").GetString();
    }

    private static (string[] Header, List<string[]> Rows) Csv(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name);
        Assert.True(entry is not null, $"{name} not in the zip: {string.Join(", ", zip.Entries.Select(e => e.Name))}");
        using var reader = new StreamReader(entry!.Open());
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    [GeneratedRegex("^small-test-[0-9a-f]{8}$")]
    private static partial Regex IdPattern();

    private sealed class NullSink : Core.Results.IResultSink
    {
        public void DeclareSeries(IReadOnlyList<Core.Results.SeriesInfo> series)
        {
        }

        public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
        {
        }
    }
}
