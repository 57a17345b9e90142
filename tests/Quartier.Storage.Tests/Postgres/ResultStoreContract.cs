using System.Runtime.InteropServices;
using Quartier.Core.Errors;
using Quartier.Core.Results;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>
/// What every <see cref="IRunStore"/> must do, asserted the same way against each back end (SQLite file, real
/// PostgreSQL database): a derived class supplies a fresh empty store per test.
/// </summary>
public abstract class ResultStoreContract : IDisposable
{
    protected static readonly DateTime GridStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A new store object on this test's database (the same data each call).</summary>
    protected abstract IRunStore Open();

    /// <summary>Rows of <paramref name="table"/>, counted outside the store.</summary>
    protected abstract long CountRows(string table);

    /// <summary>The bytes the blocks of a series take in table <c>blocks</c>, summed outside the store.</summary>
    protected abstract long StoredBytes(string runId, int seriesId);

    /// <summary>Overwrites the payload of one block outside the store (as an earlier version, or damage, would have left it).</summary>
    protected abstract void ReplaceBlock(string runId, int seriesId, int firstStep, byte[] data);

    public abstract void Dispose();

    [Fact]
    public void Series_in_blocks_with_gaps_round_trip_bit_for_bit_with_the_run_record()
    {
        const int steps = 100;
        var series = ThreeSeries();
        var expected = series.ToDictionary(s => s.Id, s => Values(s.Id, steps));
        expected[2][40] = double.NaN;
        expected[2][41] = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_1234)); // a NaN payload
        var created = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1_234_560); // whole microseconds
        using (var store = Open())
        {
            using var writer = store.BeginRun(Run("run-a", created, steps));
            writer.DeclareSeries(series);
            for (var first = 1; first <= steps; first += 30)
            {
                foreach (var s in series)
                {
                    if (s.Id == 3 && first == 31)
                    {
                        continue; // a gap: steps 31..60 of series 3 have no block
                    }

                    writer.WriteBlock(s.Id, first, expected[s.Id].AsSpan(first - 1, Math.Min(30, steps - first + 1)));
                }
            }

            writer.Commit([], 12.5);
        }

        expected[3].AsSpan(30, 30).Fill(double.NaN);
        using var reopened = Open();
        Assert.Equal(series, reopened.GetSeries("run-a"));
        foreach (var s in series)
        {
            Assert.Equal(Bits(expected[s.Id]), Bits(reopened.ReadSeries("run-a", s.Id)));
        }

        var run = reopened.FindRun("run-a")!;
        Assert.Equal((RunStatus.Succeeded, (string?)null, 12.5), (run.Status, run.Error, run.WallSeconds));
        Assert.Equal((created, DateTimeKind.Utc), (run.CreatedUtc, run.CreatedUtc.Kind));
        Assert.Equal((GridStart, DateTimeKind.Utc), (run.GridStart, run.GridStart.Kind));
        Assert.Equal(DateTimeKind.Utc, run.FinishedUtc!.Value.Kind);
        Assert.Equal(("run run-a", "quartier.esdl", "sha256:0123"), (run.Name, run.InputFile, run.InputHash));
        Assert.Equal((3600, steps, "{\"horizon\":\"P4D\"}"), (run.StepSeconds, run.StepCount, run.Parameters));
    }

    [Fact]
    public void A_series_without_blocks_reads_as_NaN_and_unknown_runs_or_series_are_input_errors()
    {
        using var store = Open();
        using (var writer = store.BeginRun(Run("empty", GridStart, 5)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 2, [7.0, 8.0]);
            writer.Commit([], 1);
        }

        Assert.All(store.ReadSeries("empty", 2), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(Bits([double.NaN, 7, 8, double.NaN, double.NaN]), Bits(store.ReadSeries("empty", 1)));
        Assert.Contains("no run 'nope'", Assert.Throws<InputException>(() => store.ReadSeries("nope", 1)).Message, StringComparison.Ordinal);
        Assert.Contains("has no series 9", Assert.Throws<InputException>(() => store.ReadSeries("empty", 9)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kpis_round_trip_in_written_order_with_NaN()
    {
        Kpi[] kpis =
        [
            new("energy_imported", 1234.5, "kWh"),
            new("self_consumption", 0.73, "-"),
            new("energy_imported", -17.25, "kWh", "house-1"),
            new("peak_power", double.NaN, "kW", "house-1"),
            new("aaa_first_by_name", double.PositiveInfinity, "-"),
        ];
        using var store = Open();
        using (var writer = store.BeginRun(Run("k", GridStart, 4)))
        {
            writer.Commit(kpis, 0.5);
        }

        var actual = store.GetKpis("k");
        Assert.Equal(kpis.Select(k => (k.Name, k.Unit, k.Scope)), actual.Select(k => (k.Name, k.Unit, k.Scope)));
        Assert.Equal(kpis.Select(k => BitConverter.DoubleToInt64Bits(k.Value)), actual.Select(k => BitConverter.DoubleToInt64Bits(k.Value)));
        Assert.Empty(store.GetKpis("no-such-run"));
    }

    [Fact]
    public void Attachments_are_kept_with_a_committed_run_and_vanish_with_a_failed_or_deleted_one()
    {
        var bundle = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        using var store = Open();
        using (var writer = store.BeginRun(Run("kept", GridStart, 4)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, [1, 2, 3, 4]);
            writer.Attach("z.txt", [9]);
            writer.Attach("bundle.qcb", [1]);
            writer.WriteBlock(2, 1, [1, 2, 3, 4]);
            writer.Attach("bundle.qcb", bundle); // replaces
            writer.Commit([new Kpi("pv_share", 0.5, "ratio")], 1);
        }

        using (var writer = store.BeginRun(Run("failed", GridStart, 4)))
        {
            writer.Attach("bundle.qcb", bundle);
            writer.Fail("boom");
        }

        Assert.Equal(["bundle.qcb", "z.txt"], store.GetAttachments("kept"));
        Assert.Equal(bundle, store.ReadAttachment("kept", "bundle.qcb"));
        Assert.Equal([1.0, 2, 3, 4], store.ReadSeries("kept", 2));
        Assert.Null(store.ReadAttachment("kept", "other"));
        Assert.Empty(store.GetAttachments("failed"));
        store.DeleteRun("kept");
        Assert.Empty(store.GetAttachments("kept"));
        Assert.Equal(0, CountRows("attachments"));
    }

    [Fact]
    public void ListRuns_is_newest_first_and_shows_unfinished_runs_as_running()
    {
        using var store = Open();
        Commit(store, Run("middle", GridStart.AddDays(2), 4));
        Commit(store, Run("oldest", GridStart.AddDays(1), 4));
        Commit(store, Run("tie-first", GridStart.AddDays(2), 4)); // same instant as "middle", inserted later
        using var unfinished = store.BeginRun(Run("newest", GridStart.AddDays(3), 4));

        var runs = store.ListRuns();

        Assert.Equal(["newest", "tie-first", "middle", "oldest"], runs.Select(r => r.Id));
        Assert.Equal([RunStatus.Running, RunStatus.Succeeded, RunStatus.Succeeded, RunStatus.Succeeded], runs.Select(r => r.Status));
    }

    [Fact]
    public void FindRun_accepts_exact_id_unique_prefix_and_latest()
    {
        using var store = Open();
        Assert.Null(store.FindRun("latest"));
        Commit(store, Run("abc123", GridStart.AddDays(1), 4));
        Commit(store, Run("abd456", GridStart.AddDays(2), 4));
        Commit(store, Run("abd4", GridStart, 4));

        Assert.Equal("abc123", store.FindRun("abc123")!.Id);
        Assert.Equal("abc123", store.FindRun(" abc ")!.Id);
        Assert.Equal("abd4", store.FindRun("abd4")!.Id); // exact beats the longer id it prefixes
        Assert.Equal("abd456", store.FindRun("abd45")!.Id);
        Assert.Equal("abd456", store.FindRun("latest")!.Id);
        Assert.Equal("abd456", store.FindRun("LATEST")!.Id);
        Assert.Null(store.FindRun("zzz"));
        Assert.Null(store.FindRun("ABC")); // ids are case-sensitive
        Assert.Throws<InputException>(() => store.FindRun("  "));
    }

    [Fact]
    public void FindRun_with_an_ambiguous_prefix_names_the_candidates()
    {
        using var store = Open();
        Commit(store, Run("abc123", GridStart, 4));
        Commit(store, Run("abd456", GridStart.AddDays(1), 4));

        var ex = Assert.Throws<InputException>(() => store.FindRun("ab"));

        Assert.Contains("run id 'ab' is ambiguous; it matches abd456 (run abd456), abc123 (run abc123)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(store.Path, ex.File);
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Fail_rolls_back_series_blocks_and_kpis_and_records_the_error_and_status(RunStatus status)
    {
        using var store = Open();
        using (var writer = store.BeginRun(Run("doomed", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(2, 1, Values(2, 10));
            writer.Fail("solver diverged at step 7", status);
            Assert.Throws<InvalidOperationException>(() => writer.WriteBlock(2, 1, Values(2, 10)));
            Assert.Throws<InvalidOperationException>(() => writer.Fail("again"));
        }

        var run = store.FindRun("doomed")!;
        Assert.Equal((status, "solver diverged at step 7"), (run.Status, run.Error));
        Assert.NotNull(run.FinishedUtc);
        Assert.Empty(store.GetSeries("doomed"));
        Assert.Empty(store.GetKpis("doomed"));
        Assert.Equal(0, CountRows("blocks") + CountRows("series"));
        Assert.Throws<InputException>(() => store.ReadSeries("doomed", 2));
        using var other = store.BeginRun(Run("other", GridStart, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => other.Fail("not a failure", RunStatus.Succeeded));
    }

    [Fact]
    public void Dispose_without_commit_marks_the_run_failed_and_keeps_earlier_runs()
    {
        using var store = Open();
        var good = Values(1, 10);
        using (var writer = store.BeginRun(Run("good", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, good);
            writer.Commit([new Kpi("energy", 5, "kWh")], 1);
        }

        using (var writer = store.BeginRun(Run("abandoned", GridStart.AddHours(1), 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, Values(3, 10));
        }

        var run = store.FindRun("abandoned")!;
        Assert.Equal((RunStatus.Failed, "run aborted"), (run.Status, run.Error));
        Assert.Empty(store.GetSeries("abandoned"));
        Assert.Equal(RunStatus.Succeeded, store.FindRun("good")!.Status);
        Assert.Equal(Bits(good), Bits(store.ReadSeries("good", 1)));
        Assert.Equal([new Kpi("energy", 5, "kWh")], store.GetKpis("good"));
        Assert.Equal(1, CountRows("blocks"));
    }

    [Fact]
    public void Uncommitted_results_are_invisible_to_other_readers()
    {
        using var store = Open();
        using var writer = store.BeginRun(Run("live", GridStart, 10));
        writer.DeclareSeries(ThreeSeries());
        writer.WriteBlock(1, 1, Values(1, 10));

        using var other = Open();
        Assert.Equal(RunStatus.Running, other.FindRun("live")!.Status);
        Assert.Empty(other.GetSeries("live"));

        writer.Commit([], 1);
        Assert.Equal(3, other.GetSeries("live").Count);
        Assert.Equal(RunStatus.Succeeded, other.FindRun("live")!.Status);
    }

    [Fact]
    public void MarkFailed_closes_a_run_and_deletes_its_results()
    {
        using var store = Open();
        using (var writer = store.BeginRun(Run("stale", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, Values(1, 10));
            writer.Commit([new Kpi("energy", 1, "kWh")], 1);
        }

        store.MarkFailed("stale", "interrupted", RunStatus.Cancelled);

        var run = store.FindRun("stale")!;
        Assert.Equal((RunStatus.Cancelled, "interrupted"), (run.Status, run.Error));
        Assert.Empty(store.GetKpis("stale"));
        Assert.Empty(store.GetSeries("stale"));
        Assert.Equal(0, CountRows("blocks"));
        Assert.Throws<InputException>(() => store.MarkFailed("missing", "x"));
    }

    [Fact]
    public void DeleteRun_removes_the_run_and_everything_it_holds()
    {
        using var store = Open();
        using (var writer = store.BeginRun(Run("gone", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(3, 1, Values(3, 10));
            writer.Attach("a", [1]);
            writer.Commit([new Kpi("energy", 1, "kWh")], 1);
        }

        Commit(store, Run("stays", GridStart, 10));
        store.DeleteRun("gone");

        Assert.Null(store.FindRun("gone"));
        Assert.Equal(0, CountRows("blocks") + CountRows("series") + CountRows("kpis") + CountRows("attachments"));
        Assert.Equal(["stays"], store.ListRuns().Select(r => r.Id));
        Assert.Contains("no run 'gone'", Assert.Throws<InputException>(() => store.DeleteRun("gone")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_written_again_replaces_itself_and_a_failed_one_leaves_the_run_as_it_was()
    {
        const int steps = 10;
        var run = Run("parts", GridStart, steps);
        using var store = Open();
        void Write(int first, int seed, bool commit = true)
        {
            using var writer = store.BeginPartition(run, new SeriesRange(first, 100));
            writer.DeclareSeries([.. ThreeSeries().Select(s => s with { Id = s.Id + first })]);
            foreach (var s in ThreeSeries())
            {
                writer.WriteBlock(s.Id + first, 1, Values(seed + s.Id, steps));
            }

            if (commit)
            {
                writer.Commit([], 0);
            }
        }

        Write(100, 1);
        Write(0, 2);
        Write(100, 3);
        Write(100, 4, commit: false); // disposed: rolled back
        Assert.Equal(RunStatus.Running, store.FindRun("parts")!.Status);
        Assert.Equal([1, 2, 3, 101, 102, 103], store.GetSeries("parts").Select(s => s.Id).Order());
        Assert.Equal((6L, 6L), (CountRows("series"), CountRows("blocks")));
        Assert.Equal(Bits(Values(3 + 2, steps)), Bits(store.ReadSeries("parts", 102)));
        using (var outside = store.BeginPartition(run, new SeriesRange(200, 100)))
        {
            Assert.Throws<ArgumentException>(() => outside.DeclareSeries(ThreeSeries()));
        }

        Kpi[] kpis = [new("energy_imported", 1.5, "kWh"), new("energy_imported", 0.5, "kWh", "House 1")];
        store.CompleteRun("parts", kpis, 2);
        store.CompleteRun("parts", kpis, 2);
        Assert.Equal(kpis, store.GetKpis("parts"));
        Assert.Equal((RunStatus.Succeeded, 2.0), (store.FindRun("parts")!.Status, store.FindRun("parts")!.WallSeconds));
    }

    [Fact]
    public void BeginRun_requires_a_running_run_with_a_new_id()
    {
        using var store = Open();
        Assert.Throws<ArgumentException>(() => store.BeginRun(Run("x", GridStart, 4) with { Status = RunStatus.Succeeded }));

        Commit(store, Run("x", GridStart, 4));
        Assert.Throws<InvalidOperationException>(() => store.BeginRun(Run("x", GridStart, 4)));
        Assert.Equal(RunStatus.Succeeded, store.FindRun("x")!.Status);
    }

    [Fact]
    public void WriteBlock_rejects_undeclared_series_steps_outside_the_run_and_a_repeated_block()
    {
        using var store = Open();
        using (var writer = store.BeginRun(Run("w", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            Assert.Throws<ArgumentException>(() => writer.DeclareSeries([ThreeSeries()[0]]));
            writer.WriteBlock(2, 4, [1, 2]);

            Assert.Throws<ArgumentException>(() => writer.WriteBlock(9, 1, new double[3]));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteBlock(1, 0, new double[3]));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteBlock(1, 9, new double[3]));
            var ex = Assert.Throws<InvalidOperationException>(() => writer.WriteBlock(2, 4, new double[1]));
            Assert.Contains("series 2 already has a block starting at step 4", ex.Message, StringComparison.Ordinal);
            writer.Commit([new Kpi("k", 1, "-")], 1);
        }

        Assert.Equal(Bits([double.NaN, double.NaN, double.NaN, 1, 2, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN]), Bits(store.ReadSeries("w", 2)));
    }

    [Fact]
    public void A_year_of_a_home_is_stored_compressed_and_reads_back_bit_for_bit()
    {
        var (net, fill) = HomeYear.Generate(1);
        using var store = Open();
        using (var writer = store.BeginRun(Run("year", GridStart, HomeYear.Steps)))
        {
            HomeYear.Write(writer, net, fill);
            writer.Commit([], 1);
        }

        Assert.Equal(Bits(net), Bits(store.ReadSeries("year", 1)));
        Assert.Equal(Bits(fill), Bits(store.ReadSeries("year", 2)));
        Assert.Equal(HomeYear.EncodedBytes(net), StoredBytes("year", 1));
        Assert.Equal(HomeYear.EncodedBytes(fill), StoredBytes("year", 2));
        Assert.InRange(StoredBytes("year", 1) + StoredBytes("year", 2), 1, 3.4 * 2 * HomeYear.Steps); // raw: 8 a value
    }

    [Fact]
    public void Blocks_stored_raw_by_an_earlier_version_read_back_unchanged()
    {
        double[] values = [1.5, -0.0, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_1234)), double.PositiveInfinity, double.Epsilon, 0, 0, 0, 0, 0];
        using var store = Open();
        using (var writer = store.BeginRun(Run("old", GridStart, 20)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, new double[10]);
            writer.WriteBlock(1, 11, values);
            writer.Commit([], 1);
        }

        Assert.Equal(27 + 56, StoredBytes("old", 1));
        Assert.Equal(27 + 56, HomeYear.EncodedBytes(new double[10]) + HomeYear.EncodedBytes(values));
        ReplaceBlock("old", 1, 1, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()); // little-endian float64, as before format 1
        Assert.Equal(Bits([.. values, .. values]), Bits(store.ReadSeries("old", 1)));
    }

    [Theory]
    [InlineData(81, "(10 steps, 81 bytes, run has 20 steps)")]
    [InlineData(40, "(corrupt block payload: unknown format 2)")]
    public void A_corrupt_block_is_refused_naming_the_run_series_and_step(int length, string detail)
    {
        using var store = Open();
        using (var writer = store.BeginRun(Run("bad", GridStart, 20)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(3, 11, new double[10]);
            writer.Commit([], 1);
        }

        var data = new byte[length];
        data[0] = 2;
        ReplaceBlock("bad", 3, 11, data);
        var ex = Assert.Throws<InvalidDataException>(() => store.ReadSeries("bad", 3));
        Assert.Equal($"{store.Path}: block of run 'bad' series 3 at step 11 is corrupt {detail}", ex.Message);
    }

    [Fact]
    public void Opening_twice_is_idempotent_and_keeps_the_data()
    {
        using (var store = Open())
        {
            Commit(store, Run("kept", GridStart, 4));
        }

        using (Open())
        {
        }

        using var reopened = Open();
        Assert.Equal(["kept"], reopened.ListRuns().Select(r => r.Id));
    }

    /// <summary>
    /// A committed run keeps the step-wise sum of every type and output with two or more series (the dashboard's "all
    /// households"), written directly and through the spooling writer (encoded blocks), equal to the sum of the stored
    /// series; single series get none; the internal attachments are not listed, and a failed run keeps none.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sums_over_each_type_and_output_are_kept_with_the_run(bool buffered)
    {
        const int steps = 70;
        SeriesInfo[] series =
        [
            new(1, "EConnection", "c-1", "House 1", "net_power", "W"),
            new(2, "EConnection", "c-2", "House 2", "net_power", "W"),
            new(3, "EConnection", "c-3", "House 3", "net_power", "W"),
            new(4, "Battery", "b-1", "Battery 1", "fill_level", "-"),
        ];
        using var store = Open();
        var gate = new Lock();
        foreach (var id in (string[])["summed", "failed"])
        {
            using IRunWriter writer = buffered ? new BufferedRunWriter(store, Run(id, GridStart, steps), gate) : store.BeginRun(Run(id, GridStart, steps));
            writer.DeclareSeries(series);
            for (var first = 1; first <= steps; first += 32)
            {
                foreach (var s in series)
                {
                    writer.WriteBlock(s.Id, first, Values(s.Id, steps).AsSpan(first - 1, Math.Min(32, steps - first + 1)));
                }
            }

            if (id == "failed")
            {
                writer.Fail("boom");
            }
            else
            {
                writer.Commit([], 1);
            }
        }

        var kept = store.ReadAttachment("summed", SeriesSums.Name("EConnection", "net_power"));
        Assert.NotNull(kept);
        var sums = SeriesSums.Decode(kept, steps)!;
        var expected = new double[steps];
        foreach (var id in (int[])[1, 2, 3])
        {
            var values = store.ReadSeries("summed", id);
            for (var k = 0; k < steps; k++)
            {
                expected[k] += values[k];
            }
        }

        Assert.Equal(expected, sums); // blocks come in series order per time range, so the order of the additions is the same
        Assert.Null(store.ReadAttachment("summed", SeriesSums.Name("Battery", "fill_level")));
        Assert.Null(SeriesSums.Decode(kept, steps + 1));
        Assert.Empty(store.GetAttachments("summed"));
        Assert.Null(store.ReadAttachment("failed", SeriesSums.Name("EConnection", "net_power")));
    }

    protected static RunRecord Run(string id, DateTime created, int steps) => new(
        Id: id,
        Name: "run " + id,
        InputFile: "quartier.esdl",
        InputHash: "sha256:0123",
        Parameters: "{\"horizon\":\"P4D\"}",
        Status: RunStatus.Running,
        Error: null,
        CreatedUtc: created,
        FinishedUtc: null,
        WallSeconds: 0,
        GridStart: GridStart,
        StepSeconds: 3600,
        StepCount: steps);

    protected static void Commit(IRunStore store, RunRecord run)
    {
        using var writer = store.BeginRun(run);
        writer.Commit([], 1);
    }

    protected static SeriesInfo[] ThreeSeries() =>
    [
        new(1, "ElectricityDemand", "d-1", "House 1", "power", "W"),
        new(2, "PVInstallation", "pv-1", "Roof PV", "power", "W"),
        new(3, "Battery", "b-1", "Home battery", "state_of_charge", "-"),
    ];

    protected static double[] Values(int seed, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Math.Sin((seed * 1000) + i) * 1234.5678 - (seed * 0.1);
        }

        values[0] = -0.0;
        values[^1] = seed % 2 == 0 ? double.MaxValue : -double.Epsilon;
        return values;
    }

    protected static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
