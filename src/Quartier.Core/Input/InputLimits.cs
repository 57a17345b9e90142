using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// Caps on untrusted input — file size, decompressed size, XML depth and element count, JSON depth,
/// string length — so a hostile or broken file is refused with a message naming the limit instead of
/// exhausting time or memory. Each can be raised through an environment variable (its name is in the
/// refusal message).
/// </summary>
public sealed record InputLimits
{
    public const string FileMegabytesVariable = "QUARTIER_MAX_FILE_MB";
    public const string DecompressedMegabytesVariable = "QUARTIER_MAX_DECOMPRESSED_MB";
    public const string XmlDepthVariable = "QUARTIER_MAX_XML_DEPTH";
    public const string XmlElementsVariable = "QUARTIER_MAX_XML_ELEMENTS";
    public const string JsonDepthVariable = "QUARTIER_MAX_JSON_DEPTH";
    public const string StringLengthVariable = "QUARTIER_MAX_STRING_CHARS";

    private static InputLimits? _current;

    /// <summary>Largest input file read, in bytes (default 512 MiB).</summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>Largest decompressed content of a compressed input, in bytes (default 256 MiB).</summary>
    public long MaxDecompressedBytes { get; init; } = 256L << 20;

    /// <summary>Deepest element nesting in an XML document (default 100; ESDL files use fewer than 20).</summary>
    public int MaxXmlDepth { get; init; } = 100;

    /// <summary>Most elements in an XML document (default 5,000,000).</summary>
    public long MaxXmlElements { get; init; } = 5_000_000;

    /// <summary>Deepest nesting of JSON objects and arrays (default 64).</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Longest single string (XML attribute or text, JSON string), in characters (default 64 Mi, room for a base64 ESDL).</summary>
    public int MaxStringLength { get; init; } = 64 << 20;

    /// <summary>The limits in force: the defaults, overridden by the environment variables.</summary>
    public static InputLimits Current
    {
        get => _current ??= FromEnvironment();
        set => _current = value;
    }

    /// <summary>Reads the overrides; a variable that is not a positive whole number is an <see cref="InputException"/> naming it.</summary>
    public static InputLimits FromEnvironment()
    {
        var d = new InputLimits();
        return new InputLimits
        {
            MaxFileBytes = Read(FileMegabytesVariable, d.MaxFileBytes >> 20) << 20,
            MaxDecompressedBytes = Read(DecompressedMegabytesVariable, d.MaxDecompressedBytes >> 20) << 20,
            MaxXmlDepth = (int)Math.Min(Read(XmlDepthVariable, d.MaxXmlDepth), 10_000),
            MaxXmlElements = Read(XmlElementsVariable, d.MaxXmlElements),
            MaxJsonDepth = (int)Math.Min(Read(JsonDepthVariable, d.MaxJsonDepth), 1_000),
            MaxStringLength = (int)Math.Min(Read(StringLengthVariable, d.MaxStringLength), int.MaxValue / 2),
        };
    }

    /// <summary>A refusal naming the limit and how to raise it.</summary>
    public static InputException Exceeded(string what, string limit, string variable, string? file, int? line = null) =>
        new($"{what} exceeds the limit of {limit} (raise it with the environment variable {variable})", file, line);

    private static long Read(string variable, long fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 && v < (1L << 40)
            ? v
            : throw new InputException($"environment variable {variable}='{text}' is not a positive whole number", variable);
    }
}
