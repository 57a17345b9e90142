using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Forecasting.Weather;

/// <summary>Helpers for the JSON provider formats.</summary>
internal static class WeatherJson
{
    /// <summary>Parses within the input limits (JSON depth); errors name the file, line and path.</summary>
    public static JsonDocument Parse(string text, string file) => SafeJson.Parse(text, file);

    /// <summary>
    /// A data value: the number in <paramref name="obj"/>.<paramref name="name"/>, NaN when absent or null (missing); a
    /// string, boolean, object or a number beyond double's range is refused naming <paramref name="path"/>.
    /// </summary>
    public static double Value(JsonElement obj, string name, string file, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return double.NaN;
        }

        return Value(v, file, $"{path}.{name}");
    }

    /// <summary>A data value held by <paramref name="v"/>: NaN for null; anything but a finite number is refused naming <paramref name="path"/>.</summary>
    public static double Value(JsonElement v, string file, string path) => v.ValueKind switch
    {
        JsonValueKind.Null => double.NaN,
        JsonValueKind.Number when v.TryGetDouble(out double d) && double.IsFinite(d) => d,
        JsonValueKind.Number => throw new InputException($"{path} = {Shorten(v.GetRawText())} is not a finite number", file, field: path),
        _ => throw new InputException($"{path} must be a number or null, found {Kind(v)}", file, field: path),
    };

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

        throw new InputException($"{where}: '{text}' is not an ISO 8601 time with an offset (e.g. 2024-10-26T00:00:00+02:00)", file, field: where);
    }

    private static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(v.GetString() ?? string.Empty)}\"",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Shorten(string s) => s.Length <= 30 ? s : s[..30] + "…";

    /// <summary>Station pressure from sea-level pressure at <paramref name="elevationM"/> (standard atmosphere).</summary>
    public static double StationPressure(double seaLevelPa, double elevationM) => seaLevelPa * Math.Pow(1 - (2.25577e-5 * elevationM), 5.25588);
}
