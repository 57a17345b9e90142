using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>Helpers for the JSON provider formats.</summary>
internal static class WeatherJson
{
    public static JsonDocument Parse(string text, string file)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            int? line = ex.LineNumber is { } l ? (int)l + 1 : null;
            throw new InputException($"malformed JSON: {ex.Message}", file, line, inner: ex);
        }
    }

    /// <summary>The number in <paramref name="obj"/>.<paramref name="name"/>; NaN when absent, null or not a number.</summary>
    public static double Number(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? Number(v) : double.NaN;

    /// <summary>The number <paramref name="v"/> holds; NaN for null or a non-number.</summary>
    public static double Number(JsonElement v) => v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : double.NaN;

    public static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>An ISO 8601 time with an offset (<c>2024-10-26T00:00:00+02:00</c>, <c>2024-10-26 00:00:00+02:00</c>).</summary>
    public static DateTimeOffset Stamp(string? text, string file, string where)
    {
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        throw new InputException($"{where}: '{text}' is not an ISO 8601 time", file);
    }

    /// <summary>Station pressure from sea-level pressure at <paramref name="elevationM"/> (standard atmosphere).</summary>
    public static double StationPressure(double seaLevelPa, double elevationM) => seaLevelPa * Math.Pow(1 - (2.25577e-5 * elevationM), 5.25588);
}
