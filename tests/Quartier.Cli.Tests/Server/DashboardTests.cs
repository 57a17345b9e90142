using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The web dashboard at <c>/</c>: its files and chart library come from the server itself, and in Debian's chromium
/// (driven by playwright-core, web/tests/*.test.mjs) it uploads Arch72 and a PySSMic folder, builds a neighbourhood in the
/// editor, runs them and shows their results — the network view, Plan, Prediction and Compare too (web/tests/views.checks.mjs).
/// </summary>
public sealed class DashboardTests(ITestOutputHelper output)
{
    [Fact]
    public void The_dashboard_and_its_chart_library_are_served_by_the_server_with_nothing_from_a_CDN()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        using var page = server.Send(HttpMethod.Get, "/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = ServerProcess.Text(page);
        Assert.Contains("<script src=\"/ui/vendor/uPlot.iife.min.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        var uplot = server.Bytes("/ui/vendor/uPlot.iife.min.js");
        Assert.True(uplot.Length > 40_000, $"uPlot is {uplot.Length} bytes");
        Assert.Contains("uPlot", System.Text.Encoding.UTF8.GetString(uplot), StringComparison.Ordinal);
        Assert.Contains("export const fmt", System.Text.Encoding.UTF8.GetString(server.Bytes("/ui/app.js")), StringComparison.Ordinal);
        using var missing = server.Send(HttpMethod.Get, "/ui/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task In_chromium_a_PySSMic_neighbourhood_is_uploaded_run_three_times_and_shown_for_all_households_all_runs_and_one_household()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var zip = tmp.File("pyssmic-test.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(Cli.Reference(Path.Combine("pyssmic", "test")), zip);
        var text = await Node("cossmic.test.mjs", server, zip);
        Assert.Contains("cossmic browser test passed", text, StringComparison.Ordinal);
        foreach (var name in (string[])["20-cossmic-scenario", "22-cossmic-all-households", "23-cossmic-all-runs", "24-cossmic-one-household", "25-cossmic-plan", "26-cossmic-prediction", "27-cossmic-compare"])
        {
            Assert.True(new FileInfo(Path.Combine(Artifacts(), name + ".png")).Length > 20_000, $"screenshot {name}");
        }
    }

    [Fact]
    public async Task In_chromium_a_two_house_neighbourhood_is_built_in_the_editor_saved_run_three_times_and_shown_in_every_tab()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var text = await Node("editor.test.mjs", server, "-");
        Assert.Contains("editor browser test passed", text, StringComparison.Ordinal);
        Assert.Contains("ok: error next to its field", text, StringComparison.Ordinal);
        foreach (var name in (string[])["30-editor-list", "31-editor-error-next-to-field", "32-editor-two-houses-saved", "33-editor-run-succeeded", "34-editor-results-all-households", "35-editor-results-all-runs", "36-editor-results-one-household"])
        {
            Assert.True(new FileInfo(Path.Combine(Artifacts(), name + ".png")).Length > 20_000, $"screenshot {name}");
        }
    }

    /// <summary>Where the browser tests keep their screenshots: .quartier/artifacts/dashboard in the repository.</summary>
    private static string Artifacts() =>
        Path.Combine(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Cli.Repo(Path.Combine("web", "tests", "dashboard.test.mjs")))!, "..", "..")), ".quartier", "artifacts", "dashboard");

    /// <summary>Runs a browser test script against the server (BASE_URL, the input file, the artefacts folder) and returns its output.</summary>
    private async Task<string> Node(string file, ServerProcess server, string input)
    {
        var script = Cli.Repo(Path.Combine("web", "tests", file));
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(script)!, "..", ".."));
        var artifacts = Artifacts();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(root, "web") };
        foreach (var a in (string[])[script, server.Url, input, artifacts])
        {
            start.ArgumentList.Add(a);
        }

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await node.WaitForExitAsync(timeout.Token);
        var text = await stdout + await stderr;
        output.WriteLine(text);
        Assert.True(node.ExitCode == 0, $"the browser test failed ({node.ExitCode}):\n{text}\nserver:\n{server.Output[^Math.Min(3000, server.Output.Length)..]}");
        return text;
    }

    [Fact]
    public async Task In_chromium_Arch72_is_uploaded_run_and_shown_for_all_houses_one_house_and_the_grid()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));
        var text = await Node("dashboard.test.mjs", server, Cli.Reference(Path.Combine("dots", "arch72-bandwidth", "arch72-bandwidth.esdl")));
        var artifacts = Artifacts();
        Assert.Contains("dashboard browser test passed", text, StringComparison.Ordinal);
        foreach (var name in (string[])["02-scenarios", "04-runs-succeeded", "05-results-all-households", "07-results-one-household", "08-results-grid", "10-results-grid-network", "11-results-plan", "12-results-prediction", "13-results-compare", "14-results-compare-dark", "15-results-grid-network-dark", "16-results-all-runs-sweep"])
        {
            Assert.True(new FileInfo(Path.Combine(artifacts, name + ".png")).Length > 20_000, $"screenshot {name}");
        }
    }
}
