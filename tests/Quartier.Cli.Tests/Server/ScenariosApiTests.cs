using System.IO.Compression;
using System.Net;
using System.Text;

namespace Quartier.Cli.Tests.Server;

/// <summary>Scenarios on the real server: upload, validate, list, download, run, delete; bad uploads stored never.</summary>
public sealed class ScenariosApiTests
{
    [Fact]
    public void Scenarios_are_checked_before_they_are_kept_and_runs_start_from_them()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var esdl = File.ReadAllBytes(Cli.Example(Path.Combine("dots-small-test", "test.esdl")));
        var (status, created, _) = server.Post("/api/scenarios/?name=street", esdl, "application/xml");
        Assert.True(status == HttpStatusCode.Created, $"{(int)status}: {created}");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("esdl", created.GetProperty("kind").GetString());
        Assert.Equal(2, created.GetProperty("summary").GetProperty("counts").GetProperty("EConnection").GetInt32());
        Assert.Equal(esdl, server.Bytes($"/api/scenarios/{id}/content"));

        // a broken one is refused with the place named, and not kept
        var broken = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(esdl).Replace("capacity=\"5000.0\"", "capacity=\"-5000.0\"", StringComparison.Ordinal));
        var (refused, problem, _) = server.Post("/api/scenarios/", broken, "application/xml");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.Contains("'capacity' = -5000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, server.Post("/api/scenarios/validate", broken, "application/xml").Status);
        var (ok, summary, _) = server.Post("/api/scenarios/validate", esdl, "application/xml");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Contains("287 × 900 s", summary.GetProperty("default_run").GetString(), StringComparison.Ordinal);

        // a CoSSMic folder as a zip; one escaping its folder is refused
        var zip = Zip(Cli.Reference("pyssmic/test"), null);
        var (cs, cossmic, _) = server.Post("/api/scenarios/?name=pyssmic-test", zip, "application/zip");
        Assert.True(cs == HttpStatusCode.Created, $"{(int)cs}: {cossmic}");
        Assert.True(cossmic.GetProperty("summary").GetProperty("counts").GetProperty("jobs").GetInt32() > 10);
        var evil = Zip(Cli.Reference("pyssmic/test"), "../../evil.csv");
        var (es, evilProblem, _) = server.Post("/api/scenarios/", evil, "application/zip");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, es);
        Assert.Contains("points outside the folder", evilProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, server.Post("/api/scenarios/", Encoding.UTF8.GetBytes("not a zip"), "application/zip").Status);
        Assert.Equal(2, server.GetJson("/api/scenarios/").GetProperty("scenarios").GetArrayLength());

        // a run from the stored ESDL
        var (rs, run, _) = server.Post($"/api/runs/?scenario={id}&duration=6h", [], "application/xml");
        Assert.True(rs == HttpStatusCode.Created, $"{(int)rs}: {run}");
        var runId = run.GetProperty("id").GetString()!;
        Assert.Equal("street", run.GetProperty("name").GetString());
        Assert.Equal("succeeded", server.WaitEnded(runId).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, server.Post("/api/runs/?scenario=no-such-scenario", [], "application/xml").Status);

        using (var deleted = server.Send(HttpMethod.Delete, $"/api/scenarios/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = server.Send(HttpMethod.Get, $"/api/scenarios/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Equal("succeeded", server.GetJson($"/api/runs/{runId}").GetProperty("status").GetString());
    }

    private static byte[] Zip(string folder, string? extra)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                zip.CreateEntryFromFile(file, "test/" + Path.GetRelativePath(folder, file).Replace('\\', '/'));
            }

            if (extra is not null)
            {
                using var w = new StreamWriter(zip.CreateEntry(extra).Open());
                w.Write("x");
            }
        }

        return buffer.ToArray();
    }
}
