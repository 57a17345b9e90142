namespace Quartier.Cli.Tests;

/// <summary>
/// Output for scripts: with standard output going to a file or a pipe, or with <c>NO_COLOR</c> set, <c>quartier run</c>
/// prints no terminal escape codes, and the KPI table keeps its title as plain text.
/// </summary>
public sealed class PlainOutputTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_run_with_redirected_output_prints_no_escape_codes(bool noColor)
    {
        using var tmp = new TempDir();

        // A terminal that can show colour, so only the redirection (or NO_COLOR) can turn the codes off.
        var environment = new Dictionary<string, string?> { ["TERM"] = "xterm-256color", ["COLORTERM"] = "truecolor", ["NO_COLOR"] = noColor ? "1" : null };
        var (code, stdout, stderr) = Cli.Run(environment, "run", Cli.Example("dots-small-test/test.esdl"), "--db", tmp.File("q.db"), "--duration", "6h");

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('\u001b', stderr);
        var title = stdout.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        Assert.Matches(@"^TestESDL — run [0-9a-f]{8}$", title);
        Assert.Contains("│ Self-consumption ", stdout, StringComparison.Ordinal);
    }
}
