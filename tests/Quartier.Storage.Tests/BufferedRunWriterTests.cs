using Quartier.Core.Results;

namespace Quartier.Storage.Tests;

/// <summary>The server's spooling writer against a real SQLite file: nothing visible until the end, then every value exactly.</summary>
public sealed class BufferedRunWriterTests : IDisposable
{
    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Blocks_are_spooled_and_written_at_commit_bit_for_bit()
    {
        const int steps = 500;
        var series = new SeriesInfo[] { new(0, "EConnection", "ec-1", "Home 1", "net_power", "W"), new(1, "Battery", "b-1", "Battery 1", "fill_level", "ratio") };
        var rng = new Random(7);
        double[][] expected = [[.. Enumerable.Range(0, steps).Select(_ => (rng.NextDouble() - 0.5) * 1e4)], [.. Enumerable.Range(0, steps).Select(k => k % 7 == 0 ? double.NaN : k / 1000.0)]];
        using var store = _temp.Open();
        var run = Run("spooled", steps);
        string spoolDirectory = Path.GetTempPath();
        int spoolsBefore = Directory.GetFiles(spoolDirectory, "quartier-run-*.spool").Length;
        using (var writer = new BufferedRunWriter(store, run, new Lock()))
        {
            writer.DeclareSeries(series);
            for (int first = 1; first <= steps; first += 96)
            {
                foreach (var s in series)
                {
                    writer.WriteBlock(s.Id, first, expected[s.Id].AsSpan(first - 1, Math.Min(96, steps - first + 1)));
                }
            }

            Assert.Null(store.FindRun("spooled"));
            writer.Commit([new Kpi("energy_imported", 1.5, "kWh")], 2);
        }

        Assert.Equal(spoolsBefore, Directory.GetFiles(spoolDirectory, "quartier-run-*.spool").Length);
        Assert.Equal(RunStatus.Succeeded, store.FindRun("spooled")!.Status);
        foreach (var s in series)
        {
            Assert.Equal(expected[s.Id].Select(BitConverter.DoubleToInt64Bits), store.ReadSeries("spooled", s.Id).Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void A_failed_run_keeps_no_values_and_no_spool()
    {
        using var store = _temp.Open();
        int spoolsBefore = Directory.GetFiles(Path.GetTempPath(), "quartier-run-*.spool").Length;
        using (var writer = new BufferedRunWriter(store, Run("failed", 10), new Lock()))
        {
            writer.DeclareSeries([new(0, "EConnection", "ec-1", "Home 1", "net_power", "W")]);
            writer.WriteBlock(0, 1, new double[10]);
            writer.Fail("stopped");
        }

        Assert.Equal(spoolsBefore, Directory.GetFiles(Path.GetTempPath(), "quartier-run-*.spool").Length);
        var failed = store.FindRun("failed")!;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal("stopped", failed.Error);
    }

    private static RunRecord Run(string id, int steps) =>
        new(id, "run " + id, "x.esdl", "sha256:0", "{}", RunStatus.Running, null, new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), null, 0, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, steps);
}
