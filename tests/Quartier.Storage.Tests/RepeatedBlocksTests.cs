using Microsoft.Data.Sqlite;
using Quartier.Core.Results;

namespace Quartier.Storage.Tests;

/// <summary>Blocks that repeat another series' block of the same steps are stored once, as a reference, and read back exactly.</summary>
public sealed class RepeatedBlocksTests : IDisposable
{
    private const int Steps = 2000;
    private const int Block = 500;

    private readonly TempStore _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Series_with_the_same_blocks_are_stored_once_and_read_back_exactly()
    {
        var a = Values(1);
        var b = Values(2);
        var mixed = a[..1000].Concat(b[1000..]).ToArray();
        var shifted = a[..Block].Concat(a[..Block]).Concat(a[..Block]).Concat(a[..Block]).ToArray(); // a's first block at other steps
        var expected = new Dictionary<int, double[]> { [1] = a, [2] = a, [3] = b, [4] = mixed, [5] = shifted };
        Write(expected);

        using var store = _temp.Open();
        foreach (var (id, values) in expected)
        {
            Assert.Equal(Bits(values), Bits(store.ReadSeries("r", id)));
        }

        // series 2 refers to 1 throughout, 4 to 1 then 3; 5 repeats 1 only in its first block (same steps)
        Assert.Equal([5L, 5, 5, 5], Lengths(2));
        Assert.Equal([5L, 5, 5, 5], Lengths(4));
        Assert.Equal(5L, Lengths(5)[0]);
        Assert.All(Lengths(5)[1..], length => Assert.True(length > 5));
        Assert.All(Lengths(1).Concat(Lengths(3)), length => Assert.True(length > 5));
    }

    [Fact]
    public void Encoded_blocks_spooled_by_a_buffered_writer_are_stored_once_too()
    {
        var a = Values(1);
        var expected = new Dictionary<int, double[]> { [1] = a, [2] = Values(2), [3] = a };
        Write(expected, buffered: true);

        using var store = _temp.Open();
        foreach (var (id, values) in expected)
        {
            Assert.Equal(Bits(values), Bits(store.ReadSeries("r", id)));
        }

        Assert.Equal([5L, 5, 5, 5], Lengths(3));
        Assert.All(Lengths(2), length => Assert.True(length > 5));
    }

    [Fact]
    public void A_reference_to_a_missing_block_is_refused_as_corrupt_naming_run_series_and_step()
    {
        Write(new Dictionary<int, double[]> { [1] = Values(1), [2] = Values(1) });
        Execute("DELETE FROM blocks WHERE series_id = 1 AND first_step = 501");

        using var store = _temp.Open();
        var ex = Assert.Throws<InvalidDataException>(() => store.ReadSeries("r", 2));
        Assert.Equal(
            $"{_temp.Path}: block of run 'r' series 2 at step 501 is corrupt (it refers to series 1's block of 500 steps there, which does not exist)",
            ex.Message);
    }

    [Fact]
    public void A_reference_to_a_reference_is_refused_as_corrupt()
    {
        Write(new Dictionary<int, double[]> { [1] = Values(1), [2] = Values(1), [3] = Values(3) });
        Execute("UPDATE blocks SET data = x'0203000000' WHERE series_id = 1 AND first_step = 1");

        using var store = _temp.Open();
        var ex = Assert.Throws<InvalidDataException>(() => store.ReadSeries("r", 2));
        Assert.Contains("series 2 at step 1 is corrupt (it refers to series 1's block of 500 steps there, which is not a block of stored values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finder_forgets_every_block_when_its_pool_is_full_and_tells_equal_hashes_apart()
    {
        var dedup = new BlockDedup();
        const int size = 1 << 20;
        byte[] Payload(int i)
        {
            var p = new byte[size];
            BitConverter.GetBytes(i).CopyTo(p, 0);
            return p;
        }

        var fit = BlockDedup.PoolBytes / size;
        for (var i = 0; i < fit; i++)
        {
            Assert.Equal(-1, dedup.FindOrAdd(i, 1, 10, Payload(i)));
        }

        Assert.Equal(0, dedup.FindOrAdd(100, 1, 10, Payload(0)));
        Assert.Equal(-1, dedup.FindOrAdd(100, 2, 10, Payload(0))); // other steps
        Assert.Equal(-1, dedup.FindOrAdd(fit, 1, 10, Payload(fit))); // full: forgets all, keeps this one
        Assert.Equal(-1, dedup.FindOrAdd(101, 1, 10, Payload(0)));
        Assert.Equal(fit, dedup.FindOrAdd(102, 1, 10, Payload(fit)));
        Assert.Equal(-1, dedup.FindOrAdd(103, 1, 10, new byte[31])); // short payloads are never referred to
        Assert.Equal(-1, dedup.FindOrAdd(104, 1, 10, new byte[31]));
    }

    private void Write(Dictionary<int, double[]> series, bool buffered = false)
    {
        using var store = _temp.Open();
        var run = new RunRecord(
            "r", "run", "x.esdl", "-", "{}", RunStatus.Running, null, DateTime.UtcNow, null, 0, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, Steps);
        using IRunWriter writer = buffered ? new BufferedRunWriter(store, run, new Lock()) : store.BeginRun(run);
        writer.DeclareSeries([.. series.Keys.Select(id => new SeriesInfo(id, "EConnection", $"c{id}", $"C{id}", "net_power", "W"))]);
        for (var first = 1; first <= Steps; first += Block)
        {
            foreach (var (id, values) in series)
            {
                writer.WriteBlock(id, first, values.AsSpan(first - 1, Block));
            }
        }

        writer.Commit([], 1);
    }

    private long[] Lengths(int series)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT length(data) FROM blocks WHERE series_id = {series} ORDER BY first_step";
        using var reader = command.ExecuteReader();
        var lengths = new List<long>();
        while (reader.Read())
        {
            lengths.Add(reader.GetInt64(0));
        }

        return [.. lengths];
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_temp.Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static double[] Values(int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, Steps).Select(i => Math.Round(1000 * Math.Sin(i / 10.0) + rng.NextDouble(), 3))];
    }

    private static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
