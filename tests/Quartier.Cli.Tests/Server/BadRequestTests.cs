using System.Net;
using System.Text;
using System.Text.Json;
using Quartier.Cli.Tests.BadInput;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// Bad requests to the real server get 4xx problem details naming what is wrong, and touch nothing stored: the
/// bad-input corpus's DOTS requests and ESDL files are posted to the DOTS and native APIs, plus what only a server
/// meets (a body over the limit, unknown ids, an unknown service type).
/// </summary>
public sealed class BadRequestTests
{
    [Fact]
    public void Bad_requests_get_problem_details_and_leave_other_runs_and_stored_data_intact()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"), null, "--max-request-mb", "2");
        var post = File.ReadAllBytes(Cli.Reference("dots/small-test/test-post-small-test-file.json"));
        var kept = server.Post("/api/v1/simulation/start", DotsApiTests.Shortened(post, 21600)).Body.GetProperty("simulation_id").GetString()!;
        server.WaitEnded(kept);
        var keptZip = server.Bytes($"/api/v1/simulation/data/{kept}");
        var keptStatus = server.GetJson($"/api/v1/simulation/{kept}").GetProperty("simulation_status").GetString();

        var text = Encoding.UTF8.GetString(post);
        Refused(server, "/api/v1/simulation/start", "{\"name\":\"x\",\"esdl_base64string\":\"not base64!\",\"calculation_services\":[]}", 422, "'esdl_base64string' is not valid base64");
        Refused(server, "/api/v1/simulation/start", CorpusInputs.DotsRequest("hello, world"), 422, "malformed XML");
        Refused(server, "/api/v1/simulation/queue", text.Replace("\"esdl_type\": \"HeatPump\"", "\"esdl_type\": \"GasHeater\"", StringComparison.Ordinal), 422, "esdl_type 'GasHeater'", "calculation_services[6].esdl_type", "no built-in service");
        Refused(server, "/api/v1/simulation/start", text.Replace("\"simulation_duration_in_seconds\": 216000", "\"simulation_duration_in_seconds\": -60", StringComparison.Ordinal), 422, "'simulation_duration_in_seconds' = -60");
        Refused(server, "/api/v1/simulation/start", text.Replace("\"log_level\": \"debug\"", "\"log_level\": \"chatty\"", StringComparison.Ordinal), 422, "'log_level'", "debug, info, warning, error");
        Refused(server, "/api/v1/simulation/start", text.Replace("\"nr_of_models\": 1", "\"nr_of_models\": -1", StringComparison.Ordinal), 422, "nr_of_models");
        Refused(server, "/api/v1/simulation/start", "{\"esdl_base64string\": ", 422, "malformed JSON");
        Refused(server, "/api/v1/simulation/start", new string('x', 3 * 1024 * 1024), 413);
        Refused(server, "/api/runs/", "<?xml version='1.0'?><nope/>", 422);

        foreach (var (path, detail) in new[]
        {
            ("/api/v1/simulation/small-test-00000000", "Simulation with ID 'small-test-00000000' not found"),
            ("/api/v1/simulation/data/small-test-00000000", "No data found for simulation with id: small-test-00000000"),
            ("/api/v1/simulation/logs/small-test-00000000", "No logs found for simulation with id: small-test-00000000"),
            ("/api/v1/simulation/..%2F..%2Fetc%2Fpasswd", null),
            ("/api/v1/simulation/data/..%2Fq.db", null),
            ("/api/runs/nope/series.csv", "no run 'nope'"),
            ("/api/runs/nope/network", "no run 'nope'"),
            ("/api/runs/nope/cossmic/predictions", "no run 'nope'"),
            ("/ui/nothing.js", "no dashboard file 'nothing.js'"),
            ("/ui/..%2F..%2Fq.db", null),
            ("/ui/../Quartier.Server.dll", null),
            ("/ui/vendor/", null),
        })
        {
            using var r = server.Send(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            if (detail is not null)
            {
                Assert.Equal(detail, JsonDocument.Parse(ServerProcess.Text(r)).RootElement.GetProperty("detail").GetString());
            }
        }

        using (var r = server.Send(HttpMethod.Delete, "/api/v1/simulation/terminate/small-test-00000000"))
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        }

        // the corpus: every DOTS request and ESDL the CLI refuses, the server refuses with the same words
        int posted = 0;
        foreach (var c in CorpusRunner.All().Where(c => c.Command == "validate" && c.Files.Count == 1 && c.Environment.Count == 0 && c.ExitCode == 2))
        {
            var (file, content) = c.Files.Single();
            var (path, label) = file.EndsWith(".json", StringComparison.Ordinal) ? ("/api/v1/simulation/start", "request body") : ("/api/runs/", "ESDL upload");
            Refused(server, path, content, 422, [.. c.Expect.Select(e => e.Replace(file, label, StringComparison.Ordinal))]);
            posted++;
        }

        Assert.True(posted >= 60, $"only {posted} corpus cases posted");
        var all = server.GetJson("/api/v1/simulation/").GetProperty("simulations");
        Assert.Equal(1, all.GetArrayLength());
        Assert.Equal(keptStatus, server.GetJson($"/api/v1/simulation/{kept}").GetProperty("simulation_status").GetString());
        Assert.Equal(keptZip, server.Bytes($"/api/v1/simulation/data/{kept}"));
        Assert.False(server.HasExited);
    }

    private static void Refused(ServerProcess server, string path, string body, int status, params string[] expect) =>
        Refused(server, path, Encoding.UTF8.GetBytes(body), status, expect);

    private static void Refused(ServerProcess server, string path, byte[] body, int status, params string[] expect)
    {
        var (code, problem, type) = server.Post(path, body, path.Contains("simulation", StringComparison.Ordinal) ? "application/json" : "application/xml");
        Assert.True((int)code == status, $"POST {path} -> {(int)code}, want {status}: {problem}");
        Assert.Equal("application/problem+json", type);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        foreach (var e in expect)
        {
            Assert.True(detail.Contains(e, StringComparison.Ordinal), $"POST {path}: '{detail}' lacks '{e}'");
        }
    }

    /// <summary>A run's files (multipart parts): a bad file is refused naming the part's file and line, an unknown part or a form field naming it; nothing is queued.</summary>
    [Fact]
    public void Bad_files_and_parts_are_refused_naming_them()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var bad = tmp.File("o.csv");
        File.WriteAllText(bad, "start,end\n2020-08-11T05:00:00Z,2020-08-11T04:00:00Z\n");
        var esdl = Cli.Example(Path.Combine("dots-small-test", "test.esdl"));

        using (var form = RunFilesApiTests.Form(("scenario", esdl, null), ("outages", bad, null)))
        {
            var (status, detail) = RunFilesApiTests.Refused(server, form);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains("o.csv:2", detail, StringComparison.Ordinal);
            Assert.Contains("the outage ends", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("quartier-run-", detail, StringComparison.Ordinal);
        }

        using (var form = RunFilesApiTests.Form(("scenario", esdl, null), ("weather-file", bad, null)))
        {
            var (status, detail) = RunFilesApiTests.Refused(server, form);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("part 'weather-file' is not a file a run takes", detail, StringComparison.Ordinal);
        }

        using (var form = RunFilesApiTests.Form(("scenario", esdl, null)))
        {
            form.Add(new StringContent("36h"), "duration");
            var (status, detail) = RunFilesApiTests.Refused(server, form);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("form field 'duration': a run's settings are query parameters", detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, server.GetJson("/api/runs/").GetProperty("runs").GetArrayLength());
    }
}
