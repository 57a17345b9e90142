using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// <c>POST /api/runs</c> as multipart/form-data takes the files the CLI takes as options: the same ESDL, EOS devices,
/// instruction schedule, frequency series and outage as <see cref="ResourceCommandTests"/>'s CLI run give the same recorded
/// figures through the server (its bad files and parts are in <see cref="BadRequestTests"/>).
/// </summary>
public sealed class RunFilesApiTests
{
    private static string Example(string name) => Cli.Example(Path.Combine("resources", name));

    [Fact]
    public void A_run_posted_with_its_files_records_what_they_did()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        using var form = Form(
            ("scenario", Cli.Example(Path.Combine("dots-small-test", "test.esdl")), null),
            ("eos-config", Example("eos-devices.json"), null),
            ("instructions", Example("instructions.csv"), null),
            ("grid-frequency", Example("frequency.csv"), null),
            ("outages", Example("outages.csv"), null));
        var id = Submit(server, "/api/runs/?name=files&duration=36h&record=Battery/*,GenericConsumer/*,EConnection/net_power", form);
        var run = WaitRun(server, id);
        Assert.True(run.GetProperty("status").GetString() == "succeeded", run.ToString());

        var lines = Encoding.UTF8.GetString(server.Bytes($"/api/runs/{id}/series.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        double At(string time, string column) =>
            double.Parse(lines.Single(l => l.StartsWith(time, StringComparison.Ordinal)).Split(',')[header.FindIndex(h => h.StartsWith(column, StringComparison.Ordinal))], CultureInfo.InvariantCulture);

        Assert.Equal(1500.0, At("2020-08-11T02:15:00Z", "Battery/home_battery/power "), 9);            // scheduled FORCED_CHARGE 0.5
        Assert.Equal(-1350.0, At("2020-08-11T20:15:00Z", "Battery/home_battery/power "), 6);          // 49.90 Hz
        Assert.Equal(1050.0, At("2020-08-11T20:45:00Z", "Battery/home_battery/power "), 6);           // 50.08 Hz
        Assert.Equal(0.0, At("2020-08-12T01:15:00Z", "EConnection/ConnectionHome1/net_power "), 9);    // outage
        Assert.Equal(600.0, At("2020-08-11T10:00:00Z", "GenericConsumer/dishwasher/active_power "), 9); // EOS appliance
    }

    internal static MultipartFormDataContent Form(params (string Part, string Path, string? Type)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (part, path, type) in parts)
        {
            var content = new ByteArrayContent(File.ReadAllBytes(path));
            content.Headers.ContentType = new MediaTypeHeaderValue(type ?? "application/octet-stream");
            form.Add(content, part, Path.GetFileName(path));
        }

        return form;
    }

    private static string Submit(ServerProcess server, string path, MultipartFormDataContent form)
    {
        using var r = server.Send(HttpMethod.Post, path, form);
        var text = ServerProcess.Text(r);
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    internal static (HttpStatusCode Status, string Detail) Refused(ServerProcess server, MultipartFormDataContent form)
    {
        using var r = server.Send(HttpMethod.Post, "/api/runs/?duration=36h", form);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return (r.StatusCode, JsonDocument.Parse(ServerProcess.Text(r)).RootElement.GetProperty("detail").GetString()!);
    }

    private static JsonElement WaitRun(ServerProcess server, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = server.GetJson($"/api/runs/{id}");
            if (run.GetProperty("status").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not end in 120 s: {run}");
            Thread.Sleep(200);
        }
    }
}
