using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Quartier.Cossmic.Results;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// CoSSMic run sets on the real server: a stored PySSMic folder run with an algorithm, runs and seed through the queue,
/// with the same figures as <c>quartier cossmic run</c>; each run's KPIs and their distribution, each house, each job's
/// window against its start; bad options refused naming the field.
/// </summary>
public sealed class CossmicRunsApiTests
{
    [Fact]
    public void A_stored_cossmic_scenario_runs_in_the_queue_with_the_cli_figures_and_bad_options_name_their_field()
    {
        using var tmp = new TempDir();
        var folder = Cli.Reference("pyssmic/test");
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var (cs, created, _) = server.Post("/api/scenarios/?name=pyssmic-test", Zip(folder), "application/zip");
        Assert.True(cs == HttpStatusCode.Created, $"{(int)cs}: {created}");
        var scenario = created.GetProperty("id").GetString()!;

        // bad options: a 422 naming the field, nothing queued
        foreach (var (query, field, words) in new[]
        {
            ("algorithm=bogus", "algorithm", "bogus"),
            ("runs=0", "runs", "runs 0 must be between 1 and 10000"),
            ("runs=three", "runs", "'runs' = 'three' is not a whole number"),
            ("seed=1.5", "seed", "'seed' = '1.5' is not a whole number"),
            ("days=0", "days", "days 0 must be between 1 and 366"),
            ("prediction_error=-1", "prediction_error", "prediction error -1 must be between 0 and 5"),
            ("prediction_error=lots", "prediction_error", "'prediction_error' = 'lots' is not a number"),
            ("jitter=-5", "jitter", "arrival jitter -5 s"),
            ("solver=gurobi", "solver", "solver 'gurobi' is not known"),
        })
        {
            var (status, problem, type) = server.Post($"/api/runs/?scenario={scenario}&{query}", [], "application/xml");
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{query}: {(int)status} {problem}");
            Assert.Equal("application/problem+json", type);
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains(words, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, server.GetJson("/api/runs/").GetProperty("runs").GetArrayLength());

        var (rs, run, _) = server.Post($"/api/runs/?scenario={scenario}&algorithm=naive&runs=3&seed=5", [], "application/xml");
        Assert.True(rs == HttpStatusCode.Created, $"{(int)rs}: {run}");
        var id = run.GetProperty("id").GetString()!;
        Assert.Equal("succeeded", server.WaitEnded(id).GetProperty("state").GetString());
        Assert.Equal(100, server.GetJson($"/api/runs/{id}").GetProperty("progress").GetDouble());

        // the CLI on the same folder and options gives the same runs
        var bundle = tmp.File("cli.qcb");
        var (code, _, stderr) = Cli.Run("cossmic", "run", folder, "--algorithm", "naive", "--runs", "3", "--seed", "5", "--db", tmp.File("cli.db"), "--bundle", bundle);
        Assert.True(code == 0, stderr);
        var cli = CossmicBundle.Read(bundle);

        var summary = server.GetJson($"/api/runs/{id}/cossmic");
        Assert.Equal("naive", summary.GetProperty("algorithm").GetString());
        var runs = summary.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(3, runs.Count);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(5 + r, runs[r].GetProperty("seed").GetInt32());
            Assert.Equal(cli.Runs[r].Kpis.PvShare, runs[r].GetProperty("kpis").GetProperty("pv_share").GetDouble());
            Assert.Equal(cli.Runs[r].Kpis.DemandWh / 1000, runs[r].GetProperty("kpis").GetProperty("job_demand").GetDouble(), 9);
        }

        var shares = cli.Runs.Select(r => r.Kpis.PvShare).Order().ToArray();
        var pv = summary.GetProperty("distributions").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "pv_share");
        Assert.Equal("ratio", pv.GetProperty("unit").GetString());
        Assert.Equal(shares[0], pv.GetProperty("min").GetDouble());
        Assert.Equal(shares[1], pv.GetProperty("median").GetDouble());
        Assert.Equal(shares[2], pv.GetProperty("max").GetDouble());
        var kpis = server.GetJson($"/api/runs/{id}/kpis").GetProperty("kpis").EnumerateArray().ToList();
        Assert.Equal(shares.Average(), kpis.Single(k => k.GetProperty("name").GetString() == "pv_share" && k.GetProperty("scope").GetString() == "system").GetProperty("value").GetDouble(), 12);
        Assert.Equal(6, kpis.Count(k => k.GetProperty("name").GetString() == "self_sufficiency"));

        // houses and jobs of run 1: each house's figures and each job within its window
        var houses = server.GetJson($"/api/runs/{id}/cossmic/houses?run=1").GetProperty("houses").EnumerateArray().ToList();
        Assert.Equal(cli.Runs[1].Houses.Select(h => h.HouseId), houses.Select(h => h.GetProperty("house_id").GetString()));
        Assert.Equal(cli.Runs[1].Houses.Sum(h => h.PvWh) / 1000, houses.Sum(h => h.GetProperty("pv_kwh").GetDouble()), 9);
        var house = cli.Runs[1].Jobs.First(j => !j.Background).HouseId;
        var jobs = server.GetJson($"/api/runs/{id}/cossmic/jobs?run=1&house={house}").GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(cli.Runs[1].Jobs.Count(j => j.HouseId == house), jobs.Count);
        foreach (var j in jobs.Where(j => !j.GetProperty("background").GetBoolean()))
        {
            var start = j.GetProperty("start").GetDateTime();
            Assert.InRange(start, j.GetProperty("earliest_start").GetDateTime(), j.GetProperty("latest_start").GetDateTime());
            var expected = cli.Runs[1].Jobs.Single(c => c.Key == j.GetProperty("key").GetString());
            Assert.Equal(DateTime.UnixEpoch.AddSeconds(expected.StartUnix), start.ToUniversalTime());
        }

        var csv = System.Text.Encoding.UTF8.GetString(server.Bytes($"/api/runs/{id}/cossmic/runs.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("run,seed,pv_share [ratio],", csv[0], StringComparison.Ordinal);
        Assert.Equal(4, csv.Length);
        Assert.Equal(cli.Runs[2].Kpis.PvShare, double.Parse(csv[3].Split(',')[2], CultureInfo.InvariantCulture));

        Assert.Equal(HttpStatusCode.BadRequest, Status(server, $"/api/runs/{id}/cossmic/houses?run=3"));
        Assert.Equal(HttpStatusCode.NotFound, Status(server, $"/api/runs/{id}/cossmic/jobs?house=nobody"));
        Assert.Equal(HttpStatusCode.NotFound, Status(server, "/api/runs/nope/cossmic"));

        // a long run set is cancelled (queued or running): it ends cancelled, with no results
        var (ls, longRun, _) = server.Post($"/api/runs/?scenario={scenario}&algorithm=exact&runs=10000", [], "application/xml");
        Assert.True(ls == HttpStatusCode.Created, $"{(int)ls}: {longRun}");
        var longId = longRun.GetProperty("id").GetString()!;
        using (var cancel = server.Send(HttpMethod.Delete, $"/api/runs/{longId}"))
        {
            Assert.True(cancel.StatusCode == HttpStatusCode.OK, $"{(int)cancel.StatusCode}: {ServerProcess.Text(cancel)}\n{server.Output[^Math.Min(4000, server.Output.Length)..]}");
        }

        var ended = server.WaitEnded(longId);
        Assert.Equal("cancelled", ended.GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, Status(server, $"/api/runs/{longId}/cossmic"));
    }

    private static HttpStatusCode Status(ServerProcess server, string path)
    {
        using var r = server.Send(HttpMethod.Get, path);
        return r.StatusCode;
    }

    internal static byte[] Zip(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                zip.CreateEntryFromFile(file, Path.GetRelativePath(folder, file).Replace('\\', '/'));
            }
        }

        return buffer.ToArray();
    }
}
