using Npgsql;
using Quartier.Core.Errors;
using Quartier.Core.Results;
using Quartier.Storage.Postgres;

namespace Quartier.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL store has: URLs, a server to reach, migrations, and writers running at once.</summary>
public sealed class PostgresResultStoreTests : IDisposable
{
    private static readonly DateTime GridStart = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly PostgresDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Path_is_the_url_without_the_password()
    {
        using var store = PostgresResultStore.Open(_database.Url);

        var uri = new Uri(_database.Url);
        Assert.Equal($"postgres://quartier@{uri.Host}:{uri.Port}/{_database.Name}", store.Path);
        Assert.DoesNotContain(":quartier@", store.Path, StringComparison.Ordinal);
        Assert.Equal(store.Path, Assert.Throws<InputException>(() => store.ReadSeries("none", 1)).File);
    }

    [Fact]
    public void A_postgresql_scheme_and_query_parameters_are_accepted()
    {
        var url = _database.Url.Replace("postgres://", "postgresql://", StringComparison.Ordinal) + "?sslmode=disable";
        using var store = PostgresResultStore.Open(url);
        Assert.StartsWith("postgresql://quartier@", store.Path, StringComparison.Ordinal);
        Assert.Empty(store.ListRuns());
    }

    [Fact]
    public void Opening_applies_every_migration_once_and_again_is_a_no_op()
    {
        using (PostgresResultStore.Open(_database.Url))
        {
        }

        using (PostgresResultStore.Open(_database.Url))
        {
        }

        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM quartier_schema"));
        Assert.Equal(PostgresSchema.Version, _database.Scalar("SELECT version FROM quartier_schema"));
        foreach (var table in (string[])["runs", "kpis", "series", "blocks", "attachments", "jobs", "scenarios", "neighbourhoods"])
        {
            Assert.Equal(true, _database.Scalar($"SELECT to_regclass('{table}') IS NOT NULL"));
        }
    }

    [Fact]
    public void Servers_starting_together_migrate_once_under_the_advisory_lock()
    {
        var errors = new List<Exception>();
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
        {
            try
            {
                using IDisposable store = i % 2 == 0 ? PostgresResultStore.Open(_database.Url) : new PostgresJobStore(_database.Url);
            }
            catch (Exception ex)
            {
                lock (errors)
                {
                    errors.Add(ex);
                }
            }
        });

        Assert.Empty(errors);
        Assert.Equal(PostgresSchema.Version, _database.Scalar("SELECT version FROM quartier_schema"));
    }

    [Fact]
    public void A_store_of_a_newer_schema_is_refused()
    {
        using (PostgresResultStore.Open(_database.Url))
        {
        }

        _database.Execute("UPDATE quartier_schema SET version = 99");

        var ex = Assert.Throws<InputException>(() => PostgresResultStore.Open(_database.Url));
        Assert.Contains("newer Quartier (result store schema 99", ex.Message, StringComparison.Ordinal);
        Assert.Equal("store", ex.Field);
    }

    [Fact]
    public void A_database_with_tables_of_its_own_is_not_taken_for_a_store()
    {
        _database.Execute("CREATE TABLE runs (x integer)");

        var ex = Assert.Throws<InputException>(() => PostgresResultStore.Open(_database.Url));

        Assert.Contains("not a Quartier result store", ex.Message, StringComparison.Ordinal);
        Assert.Equal("store", ex.Field);
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM pg_tables WHERE tablename IN ('kpis', 'quartier_schema')")); // rolled back
    }

    [Fact]
    public void A_wrong_password_or_missing_database_is_an_input_error_naming_the_server()
    {
        var uri = new Uri(_database.Url);
        var wrong = Assert.Throws<InputException>(() => PostgresResultStore.Open($"postgres://quartier:wrong@{uri.Host}:{uri.Port}/{_database.Name}"));
        Assert.Contains($"{uri.Host}:{uri.Port}", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", wrong.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", wrong.File!, StringComparison.Ordinal);

        var missing = Assert.Throws<InputException>(() => PostgresResultStore.Open(PostgresServer.UrlOf(_database.Name + "_missing")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Equal("store", missing.Field);
    }

    [Fact]
    public void Four_writers_of_different_runs_write_at_once_while_readers_read_and_all_commit()
    {
        const int writers = 4, series = 6, steps = 5000, block = 700;
        using var store = PostgresResultStore.Open(_database.Url);
        Commit(store, "before", 10, seed: 99);
        var expected = Enumerable.Range(0, writers).Select(w => Enumerable.Range(1, series).Select(s => Values(w * 100 + s, steps)).ToArray()).ToArray();
        // every writer has its transaction open (series declared) before any writes a block: a store-wide write lock
        // would stop the others at BeginRun and the barrier would time out
        using var started = new Barrier(writers + 1);
        var failures = new List<Exception>();
        var writing = writers;
        var reads = 0;
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() => Guarded(failures, () =>
        {
            try
            {
                using var writer = store.BeginRun(Run($"w{w}", steps));
                writer.DeclareSeries(Enumerable.Range(1, series).Select(s => new SeriesInfo(s, "Battery", $"b{s}", $"B{s}", "fill_level", "-")).ToArray());
                Assert.True(started.SignalAndWait(TimeSpan.FromSeconds(30)), "the writers did not all begin their runs at once");
                for (var first = 1; first <= steps; first += block)
                {
                    for (var s = 1; s <= series; s++)
                    {
                        writer.WriteBlock(s, first, expected[w][s - 1].AsSpan(first - 1, Math.Min(block, steps - first + 1)));
                    }
                }

                writer.Attach("log.txt", [(byte)w]);
                writer.Commit([new Kpi("writer", w, "-")], w);
            }
            finally
            {
                Interlocked.Decrement(ref writing);
            }
        }))).ToList();
        threads.Add(new Thread(() => Guarded(failures, () =>
        {
            Assert.True(started.SignalAndWait(TimeSpan.FromSeconds(30)), "the writers did not all begin their runs at once");
            while (Volatile.Read(ref writing) > 0)
            {
                Assert.Equal(Bits(Values(99 * 100 + 1, 10)), Bits(store.ReadSeries("before", 1)));
                Assert.Contains(store.ListRuns(), r => r.Id == "before");
                Interlocked.Increment(ref reads);
            }
        })));
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromMinutes(2))));

        Assert.Empty(failures);
        Assert.True(reads > 0);
        for (var w = 0; w < writers; w++)
        {
            var run = store.FindRun($"w{w}")!;
            Assert.Equal((RunStatus.Succeeded, (double)w), (run.Status, run.WallSeconds));
            Assert.Equal([new Kpi("writer", w, "-")], store.GetKpis(run.Id));
            Assert.Equal([(byte)w], store.ReadAttachment(run.Id, "log.txt")!);
            for (var s = 1; s <= series; s++)
            {
                Assert.Equal(Bits(expected[w][s - 1]), Bits(store.ReadSeries(run.Id, s)));
            }
        }

        Assert.Equal((long)writers * series * ((steps + block - 1) / block) + 1, _database.Scalar("SELECT count(*) FROM blocks"));
    }

    [Fact]
    public void Blocks_of_a_full_year_stream_through_one_copy_and_read_back_exactly()
    {
        const int steps = 35_040, block = 2_976;
        using var store = PostgresResultStore.Open(_database.Url);
        var values = Values(7, steps);
        using (var writer = store.BeginRun(Run("year", steps)))
        {
            writer.DeclareSeries([new SeriesInfo(1, "EnergyConnection", "c", "C", "net_power", "W"), new SeriesInfo(2, "Battery", "b", "B", "fill_level", "-")]);
            for (var first = 1; first <= steps; first += block)
            {
                writer.WriteBlock(1, first, values.AsSpan(first - 1, Math.Min(block, steps - first + 1)));
                writer.WriteBlock(2, first, values.AsSpan(first - 1, Math.Min(block, steps - first + 1)));
            }

            writer.Commit([], 1);
        }

        Assert.Equal(Bits(values), Bits(store.ReadSeries("year", 1)));
        Assert.Equal(Bits(values), Bits(store.ReadSeries("year", 2)));
        var encoded = 0L;
        var buffer = Array.Empty<byte>();
        for (var first = 1; first <= steps; first += block)
        {
            encoded += BlockCodec.Encode(values.AsSpan(first - 1, Math.Min(block, steps - first + 1)), ref buffer);
        }

        Assert.InRange(encoded, 1, (steps * sizeof(double)) - 1);
        Assert.Equal(encoded, Convert.ToInt64(_database.Scalar("SELECT sum(length(data)) FROM blocks WHERE series_id = 1"), System.Globalization.CultureInfo.InvariantCulture));

        // series 2 repeats series 1: each of its blocks is a 5-byte reference, resolved when read (above)
        Assert.Equal(5L * ((steps + block - 1) / block), Convert.ToInt64(_database.Scalar("SELECT sum(length(data)) FROM blocks WHERE series_id = 2"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_writer_whose_connection_breaks_still_records_the_failure(bool explicitFail)
    {
        using var store = PostgresResultStore.Open(_database.Url);
        Commit(store, "kept", 10, seed: 1);
        var writer = store.BeginRun(Run("cut", 10));
        writer.DeclareSeries([new SeriesInfo(1, "Battery", "b", "B", "fill_level", "-")]);
        writer.WriteBlock(1, 1, Values(5, 10));

        // the server ends the writer's session in the middle of its COPY (as a restart or a network cut would)
        Assert.Equal(1L, _database.Scalar($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{_database.Name}' AND query LIKE 'COPY blocks%'"));
        Assert.ThrowsAny<NpgsqlException>(() => writer.Commit([], 1));
        if (explicitFail)
        {
            writer.Fail("connection lost");
        }

        writer.Dispose();

        var run = store.FindRun("cut")!;
        Assert.Equal((RunStatus.Failed, explicitFail ? "connection lost" : "run aborted"), (run.Status, run.Error));
        Assert.Empty(store.GetSeries("cut"));
        Assert.Equal(RunStatus.Succeeded, store.FindRun("kept")!.Status);
    }

    [Fact]
    public void Unspecified_times_are_taken_as_utc_and_stored_to_the_microsecond()
    {
        using var store = PostgresResultStore.Open(_database.Url);
        var created = new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Unspecified).AddTicks(1_234_567);
        Commit(store, "t", 4, seed: 1, created);

        var run = store.FindRun("t")!;
        Assert.Equal(DateTime.SpecifyKind(created, DateTimeKind.Utc).AddTicks(-7), run.CreatedUtc); // 100 ns ticks beyond the microsecond are cut
        Assert.Equal(DateTimeKind.Utc, run.CreatedUtc.Kind);
    }

    private static void Commit(PostgresResultStore store, string id, int steps, int seed, DateTime? created = null)
    {
        using var writer = store.BeginRun(Run(id, steps) with { CreatedUtc = created ?? GridStart });
        writer.DeclareSeries([new SeriesInfo(1, "Battery", "b", "B", "fill_level", "-")]);
        writer.WriteBlock(1, 1, Values(seed * 100 + 1, steps));
        writer.Commit([], 1);
    }

    private static void Guarded(List<Exception> failures, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            lock (failures)
            {
                failures.Add(ex);
            }
        }
    }

    private static RunRecord Run(string id, int steps) => new(
        id, "run " + id, "in.esdl", "sha256:00", "{}", RunStatus.Running, null, GridStart, null, 0, GridStart, 900, steps);

    private static double[] Values(int seed, int count)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.NextDouble() * 2e4 - 1e4;
        }

        return values;
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
