using Microsoft.Data.Sqlite;
using Quartier.Core.Results;

namespace Quartier.Storage.Tests;

/// <summary>
/// The server's spooling writer against a real SQLite file: nothing visible until the end, then every value exactly.
/// The tests that count spool files and those that make them share this class, so that they do not run at once.
/// </summary>
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

    [Fact]
    public void Blocks_are_spooled_encoded_and_stored_as_they_are_or_decoded_for_a_writer_of_values()
    {
        var (net, fill) = HomeYear.Generate(2);
        using var store = _temp.Open();
        var writeLock = new Lock();
        using (var writer = new BufferedRunWriter(store, Run("encoded", HomeYear.Steps), writeLock))
        {
            HomeYear.Write(writer, net, fill);
            writer.Commit([], 1);
        }

        using (var writer = new BufferedRunWriter(new ValuesOnlyStore(store), Run("decoded", HomeYear.Steps), writeLock))
        {
            HomeYear.Write(writer, net, fill);
            writer.Commit([], 1);
        }

        foreach (var run in new[] { "encoded", "decoded" })
        {
            Assert.Equal(net.Select(BitConverter.DoubleToInt64Bits), store.ReadSeries(run, 1).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(fill.Select(BitConverter.DoubleToInt64Bits), store.ReadSeries(run, 2).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal((HomeYear.EncodedBytes(net), HomeYear.EncodedBytes(fill)), (StoredBytes(run, 1), StoredBytes(run, 2)));
        }
    }

    private static RunRecord Run(string id, int steps) =>
        new(id, "run " + id, "x.esdl", "sha256:0", "{}", RunStatus.Running, null, new DateTime(2025, 1, 2, 0, 0, 0, DateTimeKind.Utc), null, 0, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, steps);

    private long StoredBytes(string runId, int seriesId)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sum(length(data)) FROM blocks WHERE run_id = $run AND series_id = $series";
        command.Parameters.AddWithValue("$run", runId);
        command.Parameters.AddWithValue("$series", seriesId);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>A store whose run writers take values only (no encoded blocks), as a store of another assembly would.</summary>
    private sealed class ValuesOnlyStore(IRunStore inner) : IRunStore
    {
        public string Path => inner.Path;

        public TimeProvider Clock => inner.Clock;

        public IRunWriter BeginRun(RunRecord run) => new ValuesOnlyWriter(inner.BeginRun(run));

        public IRunWriter BeginPartition(RunRecord run, SeriesRange series) => new ValuesOnlyWriter(inner.BeginPartition(run, series));

        public void CompleteRun(string runId, IReadOnlyList<Kpi> kpis, double wallSeconds) => inner.CompleteRun(runId, kpis, wallSeconds);

        public IReadOnlyList<RunRecord> ListRuns() => inner.ListRuns();

        public RunRecord? FindRun(string idOrPrefix) => inner.FindRun(idOrPrefix);

        public IReadOnlyList<Kpi> GetKpis(string runId) => inner.GetKpis(runId);

        public IReadOnlyList<SeriesInfo> GetSeries(string runId) => inner.GetSeries(runId);

        public double[] ReadSeries(string runId, int seriesId) => inner.ReadSeries(runId, seriesId);

        public void MarkFailed(string runId, string error, RunStatus status = RunStatus.Failed) => inner.MarkFailed(runId, error, status);

        public void DeleteRun(string runId) => inner.DeleteRun(runId);

        public IReadOnlyList<string> GetAttachments(string runId) => inner.GetAttachments(runId);

        public byte[]? ReadAttachment(string runId, string name) => inner.ReadAttachment(runId, name);

        public void Dispose()
        {
        }
    }

    private sealed class ValuesOnlyWriter(IRunWriter inner) : IRunWriter
    {
        public string RunId => inner.RunId;

        public void DeclareSeries(IReadOnlyList<SeriesInfo> series) => inner.DeclareSeries(series);

        public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values) => inner.WriteBlock(seriesId, firstStep, values);

        public void Attach(string name, byte[] content) => inner.Attach(name, content);

        public void Commit(IReadOnlyList<Kpi> kpis, double wallSeconds) => inner.Commit(kpis, wallSeconds);

        public void Fail(string error, RunStatus status = RunStatus.Failed) => inner.Fail(error, status);

        public void Dispose() => inner.Dispose();
    }
}
