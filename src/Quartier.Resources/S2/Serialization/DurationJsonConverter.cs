using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Serialization;

/// <summary>Reads and writes <see cref="Duration"/> as the schema's integer number of milliseconds.</summary>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"expected a duration as an integer number of milliseconds, found {reader.TokenType}");
        }

        if (reader.TryGetInt64(out var ms))
        {
            return new Duration(ms);
        }

        // JSON Schema counts 1.0 as an integer; anything with a fraction is not.
        var d = reader.GetDouble();
        if (d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue)
        {
            return new Duration((long)d);
        }

        throw new JsonException($"duration {d} is not an integer number of milliseconds");
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Milliseconds);
}
