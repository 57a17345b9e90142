using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Resources.Eos;

/// <summary>Reading helpers for EOS JSON files: every error names the file and the JSON path and says what is allowed.</summary>
internal static class EosJson
{
    private static JsonDocumentOptions Options => SafeJson.DocumentOptions;

    /// <summary>Reads a whole file within the size limit as strict UTF-8; a missing, unreadable or oversized file is bad input (exit code 2), not a crash.</summary>
    public static string ReadFile(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InputException($"no {what} file given");
        }

        try
        {
            return InputFiles.ReadAllText(path, $"{what} file");
        }
        catch (IOException ex)
        {
            throw new InputException($"cannot read the {what} file: {ex.Message}", path, inner: ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InputException($"cannot read the {what} file: {ex.Message}", path, inner: ex);
        }
    }

    public static JsonDocument Parse(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex) when (ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw SafeJson.Error(ex, source);
        }
        catch (JsonException ex)
        {
            int? line = ex.LineNumber is { } l ? (int)l + 1 : null;
            throw new InputException($"malformed JSON at line {line?.ToString(CultureInfo.InvariantCulture) ?? "?"}, position {(ex.BytePositionInLine ?? 0) + 1}: {SafeJson.Describe(FirstSentence(ex.Message))}", source, line, inner: ex);
        }
    }

    public static void RequireObject(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"{Name(path)} must be a JSON object, found {Kind(element)}", source, field: path.Length == 0 ? null : path);
        }
    }

    /// <summary>
    /// Looks a field up by its German (EOS's historic) or English name. When both are present they must agree
    /// (EOS itself writes both spellings when it serialises a model); a JSON <c>null</c> counts as absent.
    /// </summary>
    public static bool TryGet(JsonElement obj, string parent, string source, string german, string? english, out JsonElement value, out string path)
    {
        bool hasGerman = obj.TryGetProperty(german, out var g) && g.ValueKind != JsonValueKind.Null;
        var e = default(JsonElement);
        bool hasEnglish = english is not null && obj.TryGetProperty(english, out e) && e.ValueKind != JsonValueKind.Null;
        if (hasGerman && hasEnglish && !JsonElement.DeepEquals(g, e))
        {
            throw new InputException($"both {Join(parent, german)} and {Join(parent, english!)} are given and differ; give one of them", source);
        }

        if (hasGerman)
        {
            value = g;
            path = Join(parent, german);
            return true;
        }

        if (hasEnglish)
        {
            value = e;
            path = Join(parent, english!);
            return true;
        }

        value = default;
        path = Join(parent, english ?? german);
        return false;
    }

    public static JsonElement Require(JsonElement obj, string parent, string source, string german, string? english, out string path)
    {
        if (!TryGet(obj, parent, source, german, english, out var value, out path))
        {
            var names = english is null || english == german ? $"'{german}'" : $"'{german}' or '{english}'";
            throw new InputException($"{Name(parent)} has no {names}", source, field: path);
        }

        return value;
    }

    public static double Number(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var v) || !double.IsFinite(v))
        {
            throw new InputException($"{path} must be a number, found {Kind(element)}", source, field: path);
        }

        return v;
    }

    public static double Number(JsonElement obj, string parent, string source, string german, string? english, double fallback)
    {
        return TryGet(obj, parent, source, german, english, out var e, out var path) ? Number(e, path, source) : fallback;
    }

    public static double? OptionalNumber(JsonElement obj, string parent, string source, string name)
    {
        return TryGet(obj, parent, source, name, null, out var e, out var path) ? Number(e, path, source) : null;
    }

    public static int Integer(JsonElement element, string path, string source)
    {
        var v = Number(element, path, source);
        if (v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue)
        {
            throw new InputException($"{path} must be a whole number, found {element.GetRawText()}", source, field: path);
        }

        return (int)v;
    }

    public static string String(JsonElement element, string path, string source)
    {
        return element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new InputException($"{path} must be a string, found {Kind(element)}", source, field: path);
    }

    public static string? OptionalString(JsonElement obj, string parent, string source, string name)
    {
        return TryGet(obj, parent, source, name, null, out var e, out var path) ? String(e, path, source) : null;
    }

    public static double[] NumberArray(JsonElement element, string path, string source, bool allowBooleans = false)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{path} must be an array of numbers, found {Kind(element)}", source, field: path);
        }

        var values = new double[element.GetArrayLength()];
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (allowBooleans && (item.ValueKind == JsonValueKind.True || item.ValueKind == JsonValueKind.False))
            {
                values[i] = item.GetBoolean() ? 1.0 : 0.0;
            }
            else
            {
                values[i] = Number(item, $"{path}[{i}]", source);
            }

            i++;
        }

        return values;
    }

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Name(string path) => path.Length == 0 ? "the top-level object" : path;

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            int cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }
}
