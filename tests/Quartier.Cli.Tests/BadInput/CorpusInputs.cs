using System.IO.Compression;
using System.Text;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>Valid reference inputs and the mutations corpus cases are made from.</summary>
internal static class CorpusInputs
{
    private static readonly Lazy<string> SmallTestEsdl = new(() => File.ReadAllText(Cli.Example(Path.Combine("dots-small-test", "test.esdl"))));
    private static readonly Lazy<string> SmallTestPost = new(() => File.ReadAllText(Cli.Example(Path.Combine("dots-small-test", "small-test.post.json"))));

    /// <summary>DOTS's small test ESDL (valid).</summary>
    public static string Esdl => SmallTestEsdl.Value;

    /// <summary>DOTS's small-test orchestrator request (valid).</summary>
    public static string DotsPost => SmallTestPost.Value;

    /// <summary>The small-test ESDL with <paramref name="oldText"/> replaced; fails loudly when the text is not there.</summary>
    public static string EsdlWith(string oldText, string newText) => Replace(Esdl, oldText, newText);

    public static string Replace(string text, string oldText, string newText)
    {
        if (!text.Contains(oldText, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"corpus mutation: '{oldText}' is not in the input");
        }

        return text.Replace(oldText, newText, StringComparison.Ordinal);
    }

    /// <summary>A DOTS request around <paramref name="esdl"/> with the given top-level JSON members (raw JSON values).</summary>
    public static string DotsRequest(string esdl, string startDate = "\"2020-08-11 00:00:00\"", string duration = "216000", string name = "\"corpus\"") =>
        $"{{\"name\": {name}, \"start_date\": {startDate}, \"simulation_duration_in_seconds\": {duration}, \"calculation_services\": [], \"esdl_base64string\": \"{Convert.ToBase64String(Encoding.UTF8.GetBytes(esdl))}\"}}";

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    public static byte[] Gzip(string plain) => Gzip(Encoding.UTF8.GetBytes(plain));

    /// <summary>Gzip of <paramref name="megabytes"/> MiB of one repeated byte: a few kB that expand enormously.</summary>
    public static byte[] GzipBomb(int megabytes, byte fill = (byte)' ')
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, fill);
            for (int i = 0; i < megabytes; i++)
            {
                gzip.Write(chunk);
            }
        }

        return output.ToArray();
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><paramref name="json"/> with the first item of the array that follows <paramref name="arrayStart"/> (e.g. <c>"price": [</c>) replaced by <paramref name="value"/>.</summary>
    public static string ReplaceFirstArrayItem(string json, string arrayStart, string value)
    {
        int at = json.IndexOf(arrayStart, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"corpus mutation: '{arrayStart}' is not in the input");
        }

        int open = at + arrayStart.Length;
        int end = json.IndexOfAny([',', ']'], open);
        return json[..open] + value + json[end..];
    }

    private static readonly Lazy<string> SmallTestBundle = new(() => Cossmic.Results.CossmicBundle.ToJson(Cossmic.Runs.CossmicSimulator.Run(
        Cossmic.Import.CossmicImport.ReadFolder(Cli.Reference(Path.Combine("pyssmic", "small_test"))),
        new Cossmic.Runs.CossmicRunOptions { Algorithm = "naive", Runs = 3, Seed = 4, MaxParallelism = 1 })));

    /// <summary>The files of a PySSMic reference folder (<c>../shared/reference/pyssmic/&lt;set&gt;</c>) under <paramref name="prefix"/>.</summary>
    public static Dictionary<string, byte[]> PyssmicFolder(string set, string prefix = "in/")
    {
        var root = Cli.Reference(Path.Combine("pyssmic", set));
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .ToDictionary(f => prefix + Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);
    }

    /// <summary>The uncompressed JSON of a valid CoSSMic result bundle: small_test, naive, 3 runs, seed 4.</summary>
    public static string CossmicBundleJson => SmallTestBundle.Value;

    /// <summary>The valid bundle with the value at <paramref name="path"/> (dots and [i] under <c>runSet</c>) replaced by raw JSON, gzip-compressed.</summary>
    public static byte[] CossmicBundleWith(string path, string rawValue)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(CossmicBundleJson)!;
        var node = root["runSet"]!;
        var steps = path.Split('.');
        foreach (var step in steps[..^1])
        {
            var open = step.IndexOf('[', StringComparison.Ordinal);
            node = open < 0 ? node[step]! : node[step[..open]]![int.Parse(step[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
        }

        var last = steps[^1];
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            node[last] = System.Text.Json.Nodes.JsonNode.Parse(rawValue);
        }
        else
        {
            node[last[..bracket]]![int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = System.Text.Json.Nodes.JsonNode.Parse(rawValue);
        }

        return Gzip(root.ToJsonString());
    }
}

/// <summary>Mutation helpers for the ESDL, DOTS-request and grid corpus sections.</summary>
internal static class EsdlCorpusInputs
{
    private static readonly Lazy<string> Arch72 = new(() => File.ReadAllText(Cli.Reference(Path.Combine("dots", "arch72-bandwidth", "arch72-bandwidth.esdl"))));

    /// <summary>The Arch72 reference ESDL (valid, with an LV network of 187 cables).</summary>
    public static string Arch72Esdl => Arch72.Value;

    /// <summary>The small-test ESDL with only the first occurrence of <paramref name="oldText"/> replaced.</summary>
    public static string EsdlWithFirst(string oldText, string newText) => ReplaceFirst(CorpusInputs.Esdl, oldText, newText);

    public static string ReplaceFirst(string text, string oldText, string newText)
    {
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"corpus mutation: '{oldText}' is not in the input");
        }

        return string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length));
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/> in <paramref name="esdl"/>.</summary>
    public static int LineOf(string esdl, string text)
    {
        var at = esdl.IndexOf(text, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"corpus: '{text}' is not in the input");
        }

        return 1 + esdl.AsSpan(0, at).Count('\n');
    }

    /// <summary>A DOTS request whose <c>esdl_base64string</c> holds these bytes (any bytes, base64-encoded).</summary>
    public static string DotsRequestOfBytes(byte[] esdl) =>
        $"{{\"name\": \"corpus\", \"start_date\": \"2020-08-11 00:00:00\", \"simulation_duration_in_seconds\": 216000, \"esdl_base64string\": \"{Convert.ToBase64String(esdl)}\"}}";
}
