using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Quartier.Storage;

namespace Quartier.Bench.Storage;

/// <summary>
/// The block codec on recorded data: every block of a SQLite result store (e.g. one kept by
/// <c>Quartier.Bench --sink sqlite --db PATH</c>), grouped by the series' output, re-encoded in memory. Reports per
/// output the bytes a value takes and encode / decode speed (best of several passes, one thread), checks every block
/// round-trips bit for bit, and projects a 10,000-home year of those outputs. A second of warm-up comes first.
/// </summary>
internal static class CodecBenchmark
{
    private const long TenThousandHomeYear = 10_000L * 35_040;

    public static int Run(string path, int passes)
    {
        var outputs = Read(path);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{path}: {outputs.Sum(o => o.Value.Count):N0} blocks, {outputs.Sum(o => o.Value.Sum(b => (long)b.Length)):N0} values; best of {passes} passes"));
        WarmUp(outputs);
        var projected = 0.0;
        var exact = true;
        foreach (var (output, blocks) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var values = blocks.Sum(b => (long)b.Length);
            var buffer = Array.Empty<byte>();
            var payloads = new List<byte[]>();
            foreach (var block in blocks)
            {
                var length = BlockCodec.Encode(block, ref buffer);
                payloads.Add(buffer[..length]);
            }

            var bytes = payloads.Sum(p => (long)p.Length);
            var encode = Best(passes, () =>
            {
                foreach (var block in blocks)
                {
                    BlockCodec.Encode(block, ref buffer);
                }
            });
            var decoded = blocks.Select(b => new double[b.Length]).ToList();
            var decode = Best(passes, () =>
            {
                for (var i = 0; i < blocks.Count; i++)
                {
                    BlockCodec.Decode(payloads[i], decoded[i]);
                }
            });
            var same = blocks.Zip(decoded).All(p => MemoryMarshal.AsBytes(p.First.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(p.Second.AsSpan())));
            exact &= same;
            var perValue = (double)bytes / values;
            projected += perValue * TenThousandHomeYear;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {output,-20} {values,12:N0} values: {perValue:0.000} bytes/value ({8 / perValue:0.00}× smaller than raw), encode {values / encode / 1e6:0} M values/s, decode {values / decode / 1e6:0} M values/s, {(same ? "exact" : "NOT EXACT")}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"a 10,000-home year of these outputs ({outputs.Count} × {TenThousandHomeYear / 1e6:0.0} M values): {projected / 1e9:0.00} GB of block payloads (raw: {outputs.Count * TenThousandHomeYear * 8 / 1e9:0.00} GB)"));
        return exact ? 0 : 1;
    }

    private static Dictionary<string, List<double[]>> Read(string path)
    {
        var outputs = new Dictionary<string, List<double[]>>(StringComparer.Ordinal);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.output, b.step_count, b.data FROM blocks b
            JOIN series s ON s.run_id = b.run_id AND s.series_id = b.series_id
            ORDER BY b.run_id, b.series_id, b.first_step
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new double[reader.GetInt32(1)];
            BlockCodec.Decode((byte[])reader.GetValue(2), values);
            if (!outputs.TryGetValue(reader.GetString(0), out var blocks))
            {
                outputs.Add(reader.GetString(0), blocks = []);
            }

            blocks.Add(values);
        }

        return outputs;
    }

    /// <summary>Encodes and decodes everything for a second, so that every output is timed in fully optimised code.</summary>
    private static void WarmUp(Dictionary<string, List<double[]>> outputs)
    {
        var buffer = Array.Empty<byte>();
        var values = Array.Empty<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 1)
        {
            foreach (var block in outputs.Values.SelectMany(b => b))
            {
                var length = BlockCodec.Encode(block, ref buffer);
                if (values.Length < block.Length)
                {
                    values = new double[block.Length];
                }

                BlockCodec.Decode(buffer.AsSpan(0, length), values.AsSpan(0, block.Length));
            }
        }
    }

    private static double Best(int passes, Action pass)
    {
        var best = double.MaxValue;
        for (var i = 0; i < passes; i++)
        {
            var clock = Stopwatch.StartNew();
            pass();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }
}
