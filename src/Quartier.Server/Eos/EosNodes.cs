using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Quartier.Core.Errors;
using Quartier.Resources.Status;

namespace Quartier.Server.Eos;

/// <summary>JSON helpers of the EOS API: request bodies, numbers and texts of any node, EOS's date-times.</summary>
public static class EosNodes
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON array of <paramref name="items"/>.</summary>
    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    /// <summary>The number a node holds (numbers only), or null.</summary>
    public static double? AsDouble(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The number a node holds, a number given as text included (EOS's clients send both), or null.</summary>
    public static double? AsLaxDouble(JsonNode? node) =>
        AsDouble(node) ?? (AsText(node) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null);

    /// <summary>The text a node holds, or null.</summary>
    public static string? AsText(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>An instant as EOS writes it: ISO 8601 with offset.</summary>
    public static string Format(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// An instant as EOS reads it: ISO 8601 (with or without offset; none = UTC), <c>2025-07-25 12:00:00</c>,
    /// compact <c>20250725T120012</c>, or a date.
    /// </summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        if (ResourceStatusParser.TryParseTimestamp(text, out time))
        {
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    /// <summary>Parses an instant or throws naming <paramref name="what"/>.</summary>
    public static DateTimeOffset ParseTime(string? text, string what, string source) =>
        TryParseTime(text, out var t)
            ? t
            : throw new InputException($"{what} '{text}' is not a date-time; use ISO 8601 such as 2025-07-25T12:00:00+02:00", source, field: what);

    /// <summary>EOS's intervals: <c>1 hour</c>, <c>15 minutes</c>, <c>900</c> (seconds), <c>PT15M</c>.</summary>
    public static TimeSpan ParseInterval(string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return TimeSpan.FromHours(1);
        }

        var t = text.Trim();
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (t.StartsWith('P'))
        {
            try
            {
                var span = System.Xml.XmlConvert.ToTimeSpan(t);
                if (span > TimeSpan.Zero)
                {
                    return span;
                }
            }
            catch (FormatException)
            {
                // fall through to the error below
            }
        }

        var parts = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var unit = parts[1].ToLowerInvariant().TrimEnd('s');
            TimeSpan? span = unit switch
            {
                "second" or "sec" => TimeSpan.FromSeconds(n),
                "minute" or "min" => TimeSpan.FromMinutes(n),
                "hour" => TimeSpan.FromHours(n),
                "day" => TimeSpan.FromDays(n),
                _ => null,
            };
            if (span is { } s)
            {
                return s;
            }
        }

        throw new InputException($"interval '{text}' is not understood; use e.g. '1 hour', '15 minutes' or seconds", source, field: "interval");
    }

    /// <summary>The request body as JSON (null for an empty body or JSON null).</summary>
    /// <exception cref="InputException">Malformed JSON (line and position named).</exception>
    public static async Task<JsonNode?> ReadBodyAsync(HttpContext context, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var bytes = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        if (bytes.Length == 0 || bytes.AsSpan().Trim(" \r\n\t"u8).Length == 0)
        {
            return allowEmpty ? null : throw new InputException("the request has no body; a JSON document is required", "request body");
        }

        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            int? line = e.LineNumber is long l ? (int)l + 1 : null;
            throw new InputException($"malformed JSON at line {line?.ToString(CultureInfo.InvariantCulture) ?? "?"}, position {(e.BytePositionInLine ?? 0) + 1}", "request body", line, inner: e);
        }
    }

    /// <summary>A 200 answer with <paramref name="node"/> as JSON.</summary>
    public static IResult Json(JsonNode? node) =>
        Results.Text(node?.ToJsonString(Compact) ?? "null", "application/json", Encoding.UTF8);
}
