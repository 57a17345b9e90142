using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartier.Core.Errors;
using Quartier.Core.Input;

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

    /// <summary>Reads a bundle file (within the file-size limit).</summary>
    public static CossmicRunSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new MemoryStream(InputFiles.ReadAllBytes(path, "bundle file"), writable: false);
        return Read(file, path);
    }

    /// <summary>
    /// Reads a bundle from a stream; <paramref name="fileName"/> names it in errors. The gzip data is decompressed within
    /// <see cref="InputLimits.MaxDecompressedBytes"/>, the JSON parsed within the depth limit, and the run set checked
    /// against its invariants (<see cref="CossmicBundleCheck"/>): a tampered or impossible bundle is refused naming the field.
    /// </summary>
    public static CossmicRunSet Read(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = fileName ?? "bundle";
        var compressed = ReadBounded(stream, name);
        if (compressed.Length < 2 || !InputFiles.IsGzip(compressed))
        {
            throw new InputException($"not a Quartier CoSSMic result bundle: the file is not gzip-compressed ({(compressed.Length == 0 ? "it is empty" : $"it starts with 0x{compressed[0]:X2}")}); bundles are written by 'quartier cossmic run --bundle'", name);
        }

        byte[] json;
        try
        {
            json = InputFiles.GunzipWhole(compressed, name);
        }
        catch (InputException e) when (e.Message.StartsWith("the gzip data is cut short", StringComparison.Ordinal))
        {
            throw new InputException("the bundle's gzip data is cut short or damaged (its length does not match its trailer); send the bundle again", name);
        }

        using (var document = SafeJson.Parse(json, name))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
            {
                throw new InputException($"not a Quartier CoSSMic result bundle: the JSON has no \"format\": \"{Format}\"", name, field: "format");
            }

            if (!root.TryGetProperty("formatVersion", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v < 1)
            {
                throw new InputException("the bundle has no valid \"formatVersion\" (a whole number from 1)", name, field: "formatVersion");
            }

            if (v > FormatVersion)
            {
                throw new InputException($"the bundle has format version {v}; this Quartier reads versions up to {FormatVersion} (update Quartier)", name, field: "formatVersion");
            }
        }

        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(json, new JsonSerializerOptions(Json) { MaxDepth = InputLimits.Current.MaxJsonDepth });
        }
        catch (JsonException e)
        {
            throw JsonError(e, name);
        }

        var set = envelope?.RunSet ?? throw new InputException("the bundle holds no run set", name, field: "$.runSet");
        CossmicBundleCheck.Validate(set, name);
        return set;
    }

    /// <summary>A deserialisation error in the bundle's words: the JSON path, what was expected, no .NET type names.</summary>
    private static InputException JsonError(JsonException e, string file)
    {
        var missing = System.Text.RegularExpressions.Regex.Match(e.Message, "missing required properties including: (?<names>.*?)\\.?$");
        if (missing.Success)
        {
            var at = e.Path is { Length: > 0 } p ? p : "$";
            return new InputException($"the bundle's JSON at {at} lacks the required field(s) {missing.Groups["names"].Value}", file, e.LineNumber is { } l ? (int)l + 1 : null, inner: e, field: at);
        }

        var error = SafeJson.Error(e, file, "bundle JSON");
        var message = System.Text.RegularExpressions.Regex.Replace(error.Message, " (?:on|for) type 'an object'", string.Empty);
        return new InputException(message, error.File, error.Line, error.ElementId, e, error.Field);
    }

    /// <summary>The whole stream, refused beyond <see cref="InputLimits.MaxFileBytes"/>.</summary>
    private static byte[] ReadBounded(Stream stream, string name)
    {
        var limit = InputLimits.Current.MaxFileBytes;
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + n > limit)
            {
                throw InputLimits.Exceeded("the bundle", $"{limit >> 20} MiB", InputLimits.FileMegabytesVariable, name);
            }

            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }

    internal sealed record Envelope(string Format, int FormatVersion, CossmicRunSet RunSet);
}
