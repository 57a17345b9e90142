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

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
