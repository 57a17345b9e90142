using Microsoft.Data.Sqlite;
using Quartier.Core.Errors;
using Quartier.Core.Results;

namespace Quartier.Storage.Tests;

/// <summary>The result store against real SQLite files in a scratch directory.</summary>
public sealed class SqliteResultStoreTests : IDisposable
{
    private static readonly DateTime GridStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Run_with_three_series_in_several_blocks_round_trips_exactly()
    {
        const int steps = 100;
        var series = ThreeSeries();
        var expected = series.ToDictionary(s => s.Id, s => Values(s.Id, steps));
        var created = new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);

        using (var store = _temp.Open())
        {
            using var writer = store.BeginRun(Run("run-a", created, steps));
            writer.DeclareSeries(series);
            for (var first = 1; first <= steps; first += 30)
            {
                foreach (var s in series)
                {
                    var length = Math.Min(30, steps - first + 1);
                    writer.WriteBlock(s.Id, first, expected[s.Id].AsSpan(first - 1, length));
                }
            }

            writer.Commit([], 12.5);
        }

        using var reopened = _temp.Open();
        Assert.Equal(series, reopened.GetSeries("run-a"));
        foreach (var s in series)
        {
            var actual = reopened.ReadSeries("run-a", s.Id);
            Assert.Equal(steps, actual.Length);
            Assert.Equal(Bits(expected[s.Id]), Bits(actual));
        }

        var run = reopened.FindRun("run-a")!;
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Null(run.Error);
        Assert.Equal(12.5, run.WallSeconds);
        Assert.Equal(created, run.CreatedUtc);
        Assert.Equal(DateTimeKind.Utc, run.CreatedUtc.Kind);
        Assert.Equal(GridStart, run.GridStart);
        Assert.Equal(DateTimeKind.Utc, run.GridStart.Kind);
        Assert.NotNull(run.FinishedUtc);
        Assert.Equal(DateTimeKind.Utc, run.FinishedUtc.Value.Kind);
        Assert.Equal((3600, steps, "{\"horizon\":\"P4D\"}"), (run.StepSeconds, run.StepCount, run.Parameters));
    }

    [Fact]
    public void Steps_without_a_block_read_as_NaN()
    {
        using var store = _temp.Open();
        using (var writer = store.BeginRun(Run("gaps", GridStart, 30)))
        {
            writer.DeclareSeries([ThreeSeries()[0]]);
            writer.WriteBlock(1, 1, Enumerable.Repeat(1.0, 10).ToArray());
            writer.WriteBlock(1, 21, Enumerable.Repeat(2.0, 10).ToArray());
            writer.Commit([], 1);
        }

        var values = store.ReadSeries("gaps", 1);
        Assert.Equal(30, values.Length);
        Assert.All(values[..10], v => Assert.Equal(1.0, v));
        Assert.All(values[10..20], v => Assert.True(double.IsNaN(v)));
        Assert.All(values[20..], v => Assert.Equal(2.0, v));
    }

    [Fact]
    public void Kpis_round_trip_in_written_order()
    {
        Kpi[] kpis =
        [
            new("energy_imported", 1234.5, "kWh"),
            new("self_consumption", 0.73, "-"),
            new("energy_imported", -17.25, "kWh", "house-1"),
            new("peak_power", double.NaN, "kW", "house-1"),
        ];
        using var store = _temp.Open();
        using (var writer = store.BeginRun(Run("k", GridStart, 4)))
        {
            writer.Commit(kpis, 0.5);
        }

        var actual = store.GetKpis("k");
        Assert.Equal(kpis.Length, actual.Count);
        for (var i = 0; i < kpis.Length; i++)
        {
            Assert.Equal((kpis[i].Name, kpis[i].Unit, kpis[i].Scope), (actual[i].Name, actual[i].Unit, actual[i].Scope));
            Assert.Equal(BitConverter.DoubleToInt64Bits(kpis[i].Value), BitConverter.DoubleToInt64Bits(actual[i].Value));
        }

        Assert.Empty(store.GetKpis("no-such-run"));
    }

    [Fact]
    public void ListRuns_is_newest_first_and_shows_unfinished_runs_as_running()
    {
        using var store = _temp.Open();
        Commit(store, Run("middle", GridStart.AddDays(2), 4));
        Commit(store, Run("oldest", GridStart.AddDays(1), 4));
        using var unfinished = store.BeginRun(Run("newest", GridStart.AddDays(3), 4));

        var runs = store.ListRuns();

        Assert.Equal(["newest", "middle", "oldest"], runs.Select(r => r.Id));
        Assert.Equal([RunStatus.Running, RunStatus.Succeeded, RunStatus.Succeeded], runs.Select(r => r.Status));
    }

    [Fact]
    public void FindRun_accepts_exact_id_unique_prefix_and_latest()
    {
        using var store = _temp.Open();
        Commit(store, Run("abc123", GridStart.AddDays(1), 4));
        Commit(store, Run("abd456", GridStart.AddDays(2), 4));
        Commit(store, Run("abd4", GridStart, 4));

        Assert.Equal("abc123", store.FindRun("abc123")!.Id);
        Assert.Equal("abc123", store.FindRun("abc")!.Id);
        Assert.Equal("abd4", store.FindRun("abd4")!.Id);
        Assert.Equal("abd456", store.FindRun("abd45")!.Id);
        Assert.Equal("abd456", store.FindRun("latest")!.Id);
        Assert.Null(store.FindRun("zzz"));
    }

    [Fact]
    public void FindRun_with_ambiguous_prefix_names_the_candidates()
    {
        using var store = _temp.Open();
        Commit(store, Run("abc123", GridStart, 4));
        Commit(store, Run("abd456", GridStart.AddDays(1), 4));

        var ex = Assert.Throws<InputException>(() => store.FindRun("ab"));

        Assert.Contains("ambiguous", ex.Message, StringComparison.Ordinal);
        Assert.Contains("abc123", ex.Message, StringComparison.Ordinal);
        Assert.Contains("abd456", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindRun_latest_in_an_empty_store_is_null()
    {
        using var store = _temp.Open();
        Assert.Null(store.FindRun("latest"));
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Fail_rolls_back_series_blocks_and_kpis_and_records_the_error(RunStatus status)
    {
        using var store = _temp.Open();
        using (var writer = store.BeginRun(Run("doomed", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(2, 1, Values(2, 10));
            writer.Fail("solver diverged at step 7", status);
        }

        var run = store.FindRun("doomed")!;
        Assert.Equal(status, run.Status);
        Assert.Equal("solver diverged at step 7", run.Error);
        Assert.NotNull(run.FinishedUtc);
        Assert.Empty(store.GetSeries("doomed"));
        Assert.Empty(store.GetKpis("doomed"));
        Assert.Equal(0, CountRows("blocks"));
        Assert.Throws<InputException>(() => store.ReadSeries("doomed", 2));
    }

    [Fact]
    public void Dispose_without_commit_marks_the_run_failed()
    {
        using var store = _temp.Open();
        using (var writer = store.BeginRun(Run("abandoned", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, Values(1, 10));
        }

        var run = store.FindRun("abandoned")!;
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("run aborted", run.Error);
        Assert.Empty(store.GetSeries("abandoned"));
        Assert.Equal(0, CountRows("blocks"));
    }

    [Fact]
    public void A_later_failed_run_leaves_an_earlier_committed_run_untouched()
    {
        using var store = _temp.Open();
        var good = Values(1, 10);
        using (var writer = store.BeginRun(Run("good", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, good);
            writer.Commit([new Kpi("energy", 5, "kWh")], 1);
        }

        using (var writer = store.BeginRun(Run("bad", GridStart.AddHours(1), 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(1, 1, Values(3, 10));
            writer.Fail("boom");
        }

        Assert.Equal(RunStatus.Succeeded, store.FindRun("good")!.Status);
        Assert.Equal(ThreeSeries(), store.GetSeries("good"));
        Assert.Equal(Bits(good), Bits(store.ReadSeries("good", 1)));
        Assert.Equal([new Kpi("energy", 5, "kWh")], store.GetKpis("good"));
        Assert.Equal(RunStatus.Failed, store.FindRun("bad")!.Status);
    }

    [Fact]
    public void Uncommitted_results_are_invisible_to_other_readers()
    {
        using var store = _temp.Open();
        using var writer = store.BeginRun(Run("live", GridStart, 10));
        writer.DeclareSeries(ThreeSeries());
        writer.WriteBlock(1, 1, Values(1, 10));

        using var other = _temp.Open();
        Assert.Equal(RunStatus.Running, other.FindRun("live")!.Status);
        Assert.Empty(other.GetSeries("live"));

        writer.Commit([], 1);
        Assert.Equal(3, other.GetSeries("live").Count);
    }

    [Fact]
    public void MarkFailed_closes_a_run_left_running()
    {
        using var store = _temp.Open();
        using var writer = store.BeginRun(Run("stale", GridStart, 10));
        writer.Commit([new Kpi("energy", 1, "kWh")], 1);

        store.MarkFailed("stale", "interrupted", RunStatus.Cancelled);

        var run = store.FindRun("stale")!;
        Assert.Equal((RunStatus.Cancelled, "interrupted"), (run.Status, run.Error));
        Assert.Empty(store.GetKpis("stale"));
        Assert.Throws<InputException>(() => store.MarkFailed("missing", "x"));
    }

    [Fact]
    public void DeleteRun_removes_the_run_and_its_results()
    {
        using var store = _temp.Open();
        using (var writer = store.BeginRun(Run("gone", GridStart, 10)))
        {
            writer.DeclareSeries(ThreeSeries());
            writer.WriteBlock(3, 1, Values(3, 10));
            writer.Commit([new Kpi("energy", 1, "kWh")], 1);
        }

        store.DeleteRun("gone");

        Assert.Null(store.FindRun("gone"));
        Assert.Equal(0, CountRows("blocks") + CountRows("series") + CountRows("kpis"));
        Assert.Throws<InputException>(() => store.DeleteRun("gone"));
    }

    [Fact]
    public void Opening_a_file_that_is_not_SQLite_names_the_file()
    {
        File.WriteAllText(_temp.Path, "hello");

        var ex = Assert.Throws<InputException>(() => SqliteResultStore.Open(_temp.Path));

        Assert.Equal(_temp.Path, ex.File);
        Assert.StartsWith(_temp.Path, ex.Located, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_store_with_a_newer_schema_is_refused()
    {
        _temp.Open().Dispose();
        using (var connection = new SqliteConnection($"Data Source={_temp.Path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InputException>(() => SqliteResultStore.Open(_temp.Path));

        Assert.Equal(_temp.Path, ex.File);
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_is_idempotent_and_reopening_keeps_data()
    {
        using (var store = _temp.Open())
        {
            Commit(store, Run("kept", GridStart, 4));
        }

        using (_temp.Open())
        {
        }

        using var reopened = _temp.Open();
        Assert.Equal(_temp.Path, reopened.Path);
        Assert.Equal(["kept"], reopened.ListRuns().Select(r => r.Id));
        Assert.NotEqual("wal", Pragma("journal_mode"));
    }

    [Fact]
    public void BeginRun_requires_a_running_run_with_a_new_id()
    {
        using var store = _temp.Open();
        Assert.Throws<ArgumentException>(() => store.BeginRun(Run("x", GridStart, 4) with { Status = RunStatus.Succeeded }));

        Commit(store, Run("x", GridStart, 4));
        Assert.Throws<InvalidOperationException>(() => store.BeginRun(Run("x", GridStart, 4)));
    }

    [Fact]
    public void WriteBlock_rejects_undeclared_series_and_steps_outside_the_run()
    {
        using var store = _temp.Open();
        using var writer = store.BeginRun(Run("w", GridStart, 10));
        writer.DeclareSeries(ThreeSeries());

        Assert.Throws<ArgumentException>(() => writer.WriteBlock(9, 1, new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteBlock(1, 0, new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteBlock(1, 9, new double[3]));
    }

    [Fact]
    public void Twelve_thousand_one_step_blocks_round_trip_exactly_and_a_repeated_block_is_refused()
    {
        const int steps = 4000, block = 1;
        var series = ThreeSeries();
        var expected = series.ToDictionary(s => s.Id, s => Values(s.Id + 10, steps));
        using (var store = _temp.Open())
        {
            using var writer = store.BeginRun(Run("many", GridStart, steps));
            writer.DeclareSeries(series);
            for (var first = 1; first <= steps; first += block)
            {
                foreach (var s in series)
                {
                    writer.WriteBlock(s.Id, first, expected[s.Id].AsSpan(first - 1, block));
                }
            }

            var ex = Assert.Throws<InvalidOperationException>(() => writer.WriteBlock(2, 17, new double[1]));
            Assert.Contains("already has a block starting at step 17", ex.Message, StringComparison.Ordinal);
            writer.Commit([new Kpi("blocks", 3 * steps, "count")], 1);
        }

        using var reopened = _temp.Open();
        foreach (var s in series)
        {
            Assert.Equal(Bits(expected[s.Id]), Bits(reopened.ReadSeries("many", s.Id)));
        }
    }

    [Fact]
    public void Attachments_are_kept_with_a_committed_run_and_vanish_with_a_failed_or_deleted_one()
    {
        var bundle = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        using (var store = _temp.Open())
        {
            using (var writer = store.BeginRun(Run("kept", GridStart, 4)))
            {
                writer.Attach("bundle.qcb", bundle);
                writer.Commit([new Kpi("pv_share", 0.5, "ratio")], 1);
            }

            using (var writer = store.BeginRun(Run("failed", GridStart, 4)))
            {
                writer.Attach("bundle.qcb", bundle);
                writer.Fail("boom");
            }

            Assert.Equal(["bundle.qcb"], store.GetAttachments("kept"));
            Assert.Equal(bundle, store.ReadAttachment("kept", "bundle.qcb"));
            Assert.Null(store.ReadAttachment("kept", "other"));
            Assert.Empty(store.GetAttachments("failed"));
            store.DeleteRun("kept");
            Assert.Empty(store.GetAttachments("kept"));
        }
    }

    [Fact]
    public void A_schema_1_store_is_upgraded_in_place_and_keeps_its_runs()
    {
        using (var store = _temp.Open())
        {
            Commit(store, Run("old", GridStart, 4));
        }

        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE attachments; PRAGMA user_version = 1;";
            command.ExecuteNonQuery();
        }

        using var reopened = _temp.Open();
        Assert.Equal(RunStatus.Succeeded, reopened.FindRun("old")!.Status);
        Assert.Empty(reopened.GetAttachments("old"));
        using (var writer = reopened.BeginRun(Run("new", GridStart, 4)))
        {
            writer.Attach("a", [1, 2, 3]);
            writer.Commit([], 0);
        }

        Assert.Equal([1, 2, 3], reopened.ReadAttachment("new", "a"));
    }

    [Fact]
    public void A_schema_2_store_with_raw_blocks_keeps_its_page_size_and_reads_back_exactly()
    {
        const int steps = 3000;
        var series = ThreeSeries();
        var expected = series.ToDictionary(s => s.Id, s => Values(s.Id, steps));
        using (var store = _temp.Open())
        {
            using var writer = store.BeginRun(Run("old", GridStart, steps));
            writer.DeclareSeries(series);
            foreach (var s in series)
            {
                writer.WriteBlock(s.Id, 1, expected[s.Id].AsSpan(0, 1000));
                writer.WriteBlock(s.Id, 1001, expected[s.Id].AsSpan(1000));
            }

            writer.Commit([], 1);
        }

        Assert.Equal(65536L, RawScalar("PRAGMA page_size"));
        Assert.Equal(4L, RawScalar("PRAGMA user_version"));

        // what schema 2 wrote: 16 KiB pages, every block raw little-endian float64
        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE blocks SET data = $data WHERE series_id = $series AND first_step = $first";
            var data = command.Parameters.Add("$data", SqliteType.Blob);
            var id = command.Parameters.Add("$series", SqliteType.Integer);
            var first = command.Parameters.Add("$first", SqliteType.Integer);
            foreach (var s in series)
            {
                foreach (var (start, length) in new[] { (1, 1000), (1001, 2000) })
                {
                    (id.Value, first.Value) = (s.Id, start);
                    data.Value = expected[s.Id].AsSpan(start - 1, length).ToArray().SelectMany(BitConverter.GetBytes).ToArray();
                    Assert.Equal(1, command.ExecuteNonQuery());
                }
            }

            command.Parameters.Clear();
            command.CommandText = "PRAGMA page_size = 16384; VACUUM; PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }

        Assert.Equal((long)series.Length * steps * sizeof(double), RawScalar("SELECT sum(length(data)) FROM blocks"));
        using var reopened = _temp.Open();
        foreach (var s in series)
        {
            Assert.Equal(Bits(expected[s.Id]), Bits(reopened.ReadSeries("old", s.Id)));
        }

        Assert.Equal((16384L, 4L), (RawScalar("PRAGMA page_size"), RawScalar("PRAGMA user_version")));
    }

    private static RunRecord Run(string id, DateTime created, int steps) => new(
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

    private static void Commit(SqliteResultStore store, RunRecord run)
    {
        using var writer = store.BeginRun(run);
        writer.Commit([], 1);
    }

    private static SeriesInfo[] ThreeSeries() =>
    [
        new(1, "ElectricityDemand", "d-1", "House 1", "power", "W"),
        new(2, "PVInstallation", "pv-1", "Roof PV", "power", "W"),
        new(3, "Battery", "b-1", "Home battery", "state_of_charge", "-"),
    ];

    private static double[] Values(int seed, int count)
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

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private long CountRows(string table) => (long)RawScalar($"SELECT count(*) FROM {table}")!;

    private string Pragma(string name) => (string)RawScalar($"PRAGMA {name}")!;

    private object? RawScalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
