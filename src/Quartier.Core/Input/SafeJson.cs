using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Core.Input;

/// <summary>
/// Parses untrusted JSON within <see cref="InputLimits"/> (nesting depth) and turns System.Text.Json's
/// errors into an <see cref="InputException"/> with the file, line and JSON path, in words a user
/// understands (no .NET type names).
/// </summary>
public static class SafeJson
{
    /// <summary>Document options with the configured depth limit; comments and trailing commas tolerated.</summary>
    public static JsonDocumentOptions DocumentOptions => new()
    {
        MaxDepth = InputLimits.Current.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses UTF-8 JSON; invalid UTF-8 is refused up front (System.Text.Json would only fail when a string is read).</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string? file)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            InputFiles.DecodeUtf8(utf8.Span, file); // throws, naming the line and byte offset
        }

        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw Error(ex, file);
        }
    }

    public static JsonDocument Parse(string json, string? file)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw Error(ex, file);
        }
    }

    /// <summary>Serializer options' depth limit applied to <paramref name="options"/> (returns it).</summary>
    public static JsonSerializerOptions Limited(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsReadOnly)
        {
            options.MaxDepth = InputLimits.Current.MaxJsonDepth;
        }

        return options;
    }

    /// <summary>A JSON error as one located line: the line, the path, and what was wrong.</summary>
    public static InputException Error(JsonException ex, string? file, string? what = "JSON")
    {
        ArgumentNullException.ThrowIfNull(ex);
        var line = ex.LineNumber is { } l ? (int)l + 1 : (int?)null;
        var path = ex.Path is { Length: > 0 } p && p != "$" ? p : null;
        var message = Describe(ex.Message);
        var where = path is null ? string.Empty : $" at {path}";
        var depth = InputLimits.Current.MaxJsonDepth;
        if (message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) || message.Contains("depth of", StringComparison.OrdinalIgnoreCase))
        {
            return new InputException($"{what} nesting{where} exceeds the limit of {depth} levels (raise it with the environment variable {InputLimits.JsonDepthVariable})", file, line, inner: ex, field: path);
        }

        return new InputException($"malformed {what}{where}: {message}", file, line, inner: ex, field: path);
    }

    /// <summary>Rewrites System.Text.Json's messages without .NET type names and internal advice.</summary>
    public static string Describe(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message;
        var cut = text.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0)
        {
            text = text[..cut];
        }

        text = System.Text.RegularExpressions.Regex.Replace(text, @"System\.Nullable`1\[(?<t>[^\]]+)\]", "${t}");
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\b(?:System|Quartier)\.(?:[A-Za-z0-9_]+\.)*(?<t>[A-Za-z0-9_`]+)(?:\+[A-Za-z0-9_]+)?", m => Friendly(m.Groups["t"].Value));
        return text.TrimEnd('.', ' ');
    }

    private static string Friendly(string type) => type switch
    {
        "Int32" or "Int64" or "Int16" or "UInt32" or "UInt64" or "Byte" => "a whole number",
        "Double" or "Single" or "Decimal" => "a number",
        "String" => "a string",
        "Boolean" => "true or false",
        "DateTime" or "DateTimeOffset" => "a date-time",
        "TimeSpan" => "a duration",
        _ when type.EndsWith("[]", StringComparison.Ordinal) || type.StartsWith("List", StringComparison.Ordinal) || type.StartsWith("IReadOnlyList", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };
}
