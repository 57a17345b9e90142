using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Serialization;

/// <summary>
/// S2 timestamps are JSON Schema <c>date-time</c> (RFC 3339): an ISO 8601 date and time with an explicit offset.
/// Reading refuses a time without offset (it would silently become local time); writing gives <c>Z</c> for UTC and
/// drops trailing zero fractions, e.g. <c>2024-05-01T12:00:00Z</c> or <c>2024-05-01T14:00:00.25+02:00</c>.
/// </summary>
internal sealed class S2DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a date-time string such as 2024-05-01T12:00:00Z, found {reader.TokenType}");
        }

        var text = reader.GetString()!;
        if (!HasOffset(text) || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException($"'{text}' is not an RFC 3339 date-time with offset (e.g. 2024-05-01T12:00:00Z or 2024-05-01T14:00:00+02:00)");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>The wire form of <paramref name="value"/>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static bool HasOffset(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        var last = text[^1];
        if (last is 'Z' or 'z')
        {
            return true;
        }

        // ...±hh:mm after the time part
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && text.Length >= 6 && text.Length - 6 > time && (text[^6] is '+' or '-') && text[^3] == ':';
    }
}
