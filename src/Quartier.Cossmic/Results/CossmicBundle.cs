using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartier.Core.Errors;

namespace Quartier.Cossmic.Results;

/// <summary>
/// A run set in one file: gzip-compressed UTF-8 JSON <c>{"format":"quartier-cossmic-bundle","formatVersion":1,"runSet":{…}}</c>
/// (camelCase names, enums as strings, doubles in shortest round-trip form, so reading gives back exactly what was
/// written). Reading a file that is not such a bundle — not gzip, not JSON, another format, a newer version, or
/// missing fields — throws an <see cref="InputException"/> naming the file.
/// </summary>
public static class CossmicBundle
{
    /// <summary>The format marker.</summary>
    public const string Format = "quartier-cossmic-bundle";

    /// <summary>The version this library writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Writes the bundle to a file (replaced if it exists).</summary>
    public static void Write(string path, CossmicRunSet runSet)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.Create(path);
        Write(file, runSet);
    }

    /// <summary>Writes the bundle to a stream (left open).</summary>
    public static void Write(Stream stream, CossmicRunSet runSet)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(runSet);
        using var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
        JsonSerializer.Serialize(gzip, new Envelope(Format, FormatVersion, runSet), Json);
    }

    /// <summary>The uncompressed JSON of a bundle (what <see cref="Write(Stream, CossmicRunSet)"/> compresses).</summary>
    public static string ToJson(CossmicRunSet runSet)
    {
        ArgumentNullException.ThrowIfNull(runSet);
        return JsonSerializer.Serialize(new Envelope(Format, FormatVersion, runSet), Json);
    }

    /// <summary>Reads a bundle file.</summary>
    public static CossmicRunSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException("bundle file not found", path);
        }

        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads a bundle from a stream; <paramref name="fileName"/> names it in errors.</summary>
    public static CossmicRunSet Read(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = fileName ?? "bundle";
        var head = new byte[2];
        var got = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        if (got < 2 || head[0] != 0x1F || head[1] != 0x8B)
        {
            throw new InputException($"not a Quartier CoSSMic result bundle: the file is not gzip-compressed ({(got == 0 ? "it is empty" : $"it starts with 0x{head[0]:X2}")}); bundles are written by 'quartier cossmic run --bundle'", name);
        }

        byte[] json;
        try
        {
            using var rest = new MemoryStream();
            rest.Write(head, 0, 2);
            stream.CopyTo(rest);
            rest.Position = 0;
            using var gzip = new GZipStream(rest, CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            json = plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InputException($"the bundle is corrupt: its gzip data cannot be decompressed ({e.Message})", name, inner: e);
        }

        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
                {
                    throw new InputException($"not a Quartier CoSSMic result bundle: the JSON has no \"format\": \"{Format}\"", name);
                }

                if (!root.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v < 1)
                {
                    throw new InputException("the bundle has no valid \"formatVersion\"", name);
                }

                if (v > FormatVersion)
                {
                    throw new InputException($"the bundle has format version {v}; this Quartier reads versions up to {FormatVersion} (update Quartier)", name);
                }
            }

            var envelope = JsonSerializer.Deserialize<Envelope>(json, Json)
                ?? throw new InputException("the bundle is empty", name);
            var set = envelope.RunSet;
            if (set.Runs.Count == 0)
            {
                throw new InputException("the bundle holds no runs", name);
            }

            return set;
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : (int?)null;
            throw new InputException($"the bundle's JSON is invalid{(e.Path is { Length: > 0 } p ? $" at {p}" : string.Empty)}: {e.Message}", name, line, inner: e);
        }
    }

    internal sealed record Envelope(string Format, int FormatVersion, CossmicRunSet RunSet);
}
