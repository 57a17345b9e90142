namespace Quartier.Cli.Tests.Server;

/// <summary>
/// <c>quartier sweep FILE --server URL</c> against a real <c>quartier serve</c>: the base is uploaded, the sweep runs on the
/// server, and the table printed is the one the same sweep gives in one process (run ids and wall times aside).
/// </summary>
public sealed class SweepRemoteTests
{
    [Fact]
    public void A_YAML_sweep_handed_to_a_server_gives_the_table_of_the_same_sweep_run_here()
    {
        using var tmp = new TempDir();
        var sweep = tmp.File("pv.yaml");
        File.WriteAllText(sweep, File.ReadAllText(Cli.Example("sweeps/small-test-pv.yaml"))
            .Replace("../../../shared/reference/dots/small-test/test.esdl", Cli.Reference("dots/small-test/test.esdl").Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("values: [10, 20, 40]", "values: [10, 40]", StringComparison.Ordinal));
        using var server = ServerProcess.Start("sqlite:" + tmp.File("server.db"), null);

        var (code, table, error) = Cli.Run("sweep", sweep, "--server", server.Url, "--out", tmp.File("remote.csv"));
        Assert.True(code == 0, error);
        Assert.Contains("submitted to " + server.Url, error, StringComparison.Ordinal);
        Assert.Contains("[4/4] run ", error, StringComparison.Ordinal);
        Assert.Equal(table, File.ReadAllText(tmp.File("remote.csv")));
        Assert.Equal(4, server.GetJson("/api/runs/").GetProperty("runs").GetArrayLength());
        Assert.Single(server.GetJson("/api/scenarios/").GetProperty("scenarios").EnumerateArray());

        var local = Cli.Run("sweep", sweep, "--db", tmp.File("local.db"));
        Assert.True(local.Code == 0, local.Err);
        Assert.Equal(ClusterTests.Comparable(local.Out), ClusterTests.Comparable(table));
    }

    [Fact]
    public void A_server_that_refuses_the_sweep_is_quoted_and_nothing_runs()
    {
        using var tmp = new TempDir();
        var sweep = tmp.File("weather.json");
        File.WriteAllText(sweep, "{\"name\": \"w\", \"base\": \"" + Cli.Reference("dots/small-test/test.esdl").Replace("\\", "/", StringComparison.Ordinal)
            + "\", \"settings\": {\"weather\": \"" + Cli.Reference("weather/NLD_Amsterdam062400_IWEC.epw").Replace("\\", "/", StringComparison.Ordinal) + "\"}, \"axes\": [{\"name\": \"rules\", \"values\": [\"dots\", \"quartier\"]}]}");
        using var server = ServerProcess.Start("sqlite:" + tmp.File("server.db"), null);

        var (code, _, error) = Cli.Run("sweep", sweep, "--server", server.Url);
        Assert.Equal(2, code);
        Assert.Contains("submitting the sweep: the server refused (422", error, StringComparison.Ordinal);
        Assert.Contains("weather and price files are not taken here", error, StringComparison.Ordinal);
        Assert.Equal(0, server.GetJson("/api/runs/").GetProperty("runs").GetArrayLength());
    }

}
