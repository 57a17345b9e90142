using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Quartier.Core.Errors;
using Quartier.Cossmic.Import;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;

namespace Quartier.Cossmic.Tests;

/// <summary>
/// Seeded mutations of valid inputs — a PySSMic folder and a result bundle — truncated, bytes flipped, lines dropped
/// or duplicated, numbers set to extremes: each must give a clean <see cref="InputException"/> or a valid result,
/// never another exception.
/// </summary>
public sealed partial class MutationTests
{
    private static readonly string[] Extremes = ["-1", "0", "1e308", "-1e308", "NaN", "Infinity", "9223372036854775807", "-9223372036854775808", "1e-300", "4294967296", "x"];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MutatedPyssmicFoldersAreRefusedCleanlyOrRun(int block)
    {
        var random = new Random(1000 + block);
        using var folder = TestScenarios.TempFolder.CopyOf("small_test");
        var files = Directory.EnumerateFiles(folder.Path, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        for (var trial = 0; trial < 40; trial++)
        {
            var file = files[random.Next(files.Length)];
            var original = File.ReadAllBytes(file);
            File.WriteAllBytes(file, Mutate(original, random));
            try
            {
                var scenario = CossmicImport.ReadFolder(folder.Path);
                var set = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = "naive", Days = 3, MaxParallelism = 1 });
                Assert.All(set.Runs, r => Assert.InRange(r.Kpis.PvShare, 0, 1));
            }
            catch (InputException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.DoesNotContain('\n', e.Located);
            }
            finally
            {
                File.WriteAllBytes(file, original);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void MutatedBundlesAreRefusedCleanlyOrReadBackValid(int block)
    {
        var random = new Random(2000 + block);
        var json = CossmicBundle.ToJson(CossmicSimulator.Run(CossmicImport.ReadFolder(ReferenceImportTests.Folder("small_test")), new CossmicRunOptions { Algorithm = "naive", Runs = 2 }));
        var numbers = Number().Matches(json);
        for (var trial = 0; trial < 60; trial++)
        {
            byte[] bytes;
            if (trial % 3 == 0)
            {
                bytes = Mutate(Gzip(Encoding.UTF8.GetBytes(json)), random);
            }
            else
            {
                var m = numbers[random.Next(numbers.Count)];
                var changed = string.Concat(json.AsSpan(0, m.Index + 1), Extremes[random.Next(Extremes.Length)], json.AsSpan(m.Index + m.Length));
                bytes = Gzip(Encoding.UTF8.GetBytes(changed));
            }

            using var stream = new MemoryStream(bytes);
            try
            {
                var set = CossmicBundle.Read(stream, "mutated.qcb");
                Assert.All(set.Runs, r => Assert.InRange(r.Kpis.PvShare, 0, 1));
            }
            catch (InputException e)
            {
                Assert.Equal("mutated.qcb", e.File);
                Assert.DoesNotContain("Quartier.", e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static byte[] Mutate(byte[] data, Random random)
    {
        switch (random.Next(5))
        {
            case 0:
                return data[..random.Next(data.Length + 1)];
            case 1:
                var flipped = (byte[])data.Clone();
                if (flipped.Length > 0)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }

                return flipped;
            default:
                var lines = Encoding.UTF8.GetString(data).Split('\n').ToList();
                var i = random.Next(lines.Count);
                var op = random.Next(3);
                if (op == 0)
                {
                    lines.RemoveAt(i);
                }
                else if (op == 1)
                {
                    lines.Insert(i, lines[i]);
                }
                else
                {
                    var cells = lines[i].Split(' ', ';');
                    var c = random.Next(cells.Length);
                    if (cells[c].Length > 0)
                    {
                        lines[i] = lines[i].Replace(cells[c], Extremes[random.Next(Extremes.Length)], StringComparison.Ordinal);
                    }
                }

                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
        }
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    [GeneratedRegex(@":-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")]
    private static partial Regex Number();
}
