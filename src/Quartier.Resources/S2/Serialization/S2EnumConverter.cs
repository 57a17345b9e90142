using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Serialization;

/// <summary>
/// Reads and writes an S2 enumeration as its exact schema string (<see cref="JsonStringEnumMemberNameAttribute"/> or the
/// member name). Matching is case-sensitive, numbers are refused, and an unknown string fails with the list of allowed values.
/// </summary>
internal sealed class S2EnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByWireName = [];
    private static readonly Dictionary<TEnum, string> WireNames = [];
    private static readonly string Allowed;

    static S2EnumConverter()
    {
        foreach (var field in typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var name = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? field.Name;
            var value = (TEnum)field.GetValue(null)!;
            ByWireName.Add(name, value);
            WireNames.Add(value, name);
        }

        Allowed = string.Join(", ", ByWireName.Keys);
    }

    /// <summary>The schema string of <paramref name="value"/>.</summary>
    public static string WireName(TEnum value) =>
        WireNames.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a defined {typeof(TEnum).Name}");

    /// <summary>The member whose schema string is <paramref name="wireName"/> (case-sensitive).</summary>
    public static bool TryParse(string wireName, out TEnum value) => ByWireName.TryGetValue(wireName, out value);

    /// <summary>The allowed schema strings, comma separated.</summary>
    public static string AllowedNames => Allowed;

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a {typeof(TEnum).Name} string, found {reader.TokenType}; allowed: {Allowed}");
        }

        var text = reader.GetString()!;
        if (ByWireName.TryGetValue(text, out var value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not a valid {typeof(TEnum).Name}; allowed: {Allowed}");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        if (!WireNames.TryGetValue(value, out var name))
        {
            throw new JsonException($"{Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)} is not a defined {typeof(TEnum).Name}");
        }

        writer.WriteStringValue(name);
    }
}
