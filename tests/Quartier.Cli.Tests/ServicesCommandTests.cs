namespace Quartier.Cli.Tests;

/// <summary><c>quartier run --services</c> with the Python example service, and its log read back with <c>quartier results logs</c>.</summary>
public sealed class ServicesCommandTests
{
    [Fact]
    public void A_run_with_an_external_service_keeps_its_log_and_records_what_it_recorded()
    {
        using var tmp = new TempDir();
        var services = Path.Combine(Cli.Example("services/pv-python"), "services.json");
        var db = tmp.File("q.db");
        var (code, output, error) = Cli.Run("run", Cli.Reference("dots/small-test/test-post-small-test-file.json"), "--services", services, "--duration", "6h", "--ems", "rule", "--db", db);
        Assert.True(code == 0, error);
        Assert.Contains("series recorded", output, StringComparison.Ordinal);

        var logs = Cli.Run("results", "logs", "latest", "--db", db);
        Assert.Equal(0, logs.Code);
        Assert.StartsWith("== pv-python\n", logs.Out, StringComparison.Ordinal);
        Assert.Contains("PV service ready for 1 installations", logs.Out, StringComparison.Ordinal);

        // what the service recorded explicitly is stored although --record did not ask for it
        var export = Cli.Run("results", "export", "latest", "--db", db, "--out", tmp.File("csv"));
        Assert.Equal(0, export.Code);
        var header = File.ReadLines(Directory.GetFiles(tmp.File("csv"), "series.csv", SearchOption.AllDirectories).Single()).First();
        Assert.Contains("irradiance_seen [W/m2]", header, StringComparison.Ordinal);
    }
}
