using System.Text.Json;

namespace Quartier.Esdl;

/// <summary>How refusals describe a JSON value and quote a user's text: in words, shortened.</summary>
internal static class JsonText
{
    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the text \"{Shorten(e.GetString() ?? string.Empty)}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    /// <summary>A JSON number, or a text holding one (pydantic coerces <c>"86400"</c> to 86400, so DOTS's clients send both).</summary>
    public static bool TryNumber(JsonElement e, out double value)
    {
        value = double.NaN;
        return e.ValueKind switch
        {
            JsonValueKind.Number => e.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(e.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
