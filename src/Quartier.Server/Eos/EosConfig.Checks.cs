using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;

namespace Quartier.Server.Eos;

/// <summary>The checks a change to the configuration passes before it is taken.</summary>
public sealed partial class EosConfig
{
    private static void CheckRange(JsonObject tree, string section, string key, double min, double max, string source)
    {
        if (EosNodes.AsDouble(tree[section]?[key]) is { } x && !(x >= min && x <= max))
        {
            throw new InputException($"{section}.{key} {x.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)} … {max.ToString(CultureInfo.InvariantCulture)}", source, field: $"{section}.{key}");
        }
    }

    private static void Check(JsonObject update, JsonNode? schema, string prefix, string source)
    {
        foreach (var (key, value) in update.ToList())
        {
            var path = prefix.Length == 0 ? key : prefix + "." + key;
            if (schema is not JsonObject known)
            {
                return;
            }

            if (!known.TryGetPropertyValue(key, out var def))
            {
                if (IsReadOnly(key))
                {
                    update.Remove(key);
                    continue;
                }

                throw new InputException($"{path} is not an EOS setting; {(prefix.Length == 0 ? "sections" : prefix)}: {string.Join(", ", known.Select(p => p.Key))}", source, field: path);
            }

            update[key] = CheckValue(value?.DeepClone(), def, path, source);
        }
    }

    private static JsonNode? CheckValue(JsonNode? value, JsonNode? def, string path, string source)
    {
        if (value is null || def is null)
        {
            return value;
        }

        switch (def)
        {
            case JsonObject { Count: 0 }:
                return value is JsonObject ? value : throw new InputException($"{path} must be an object, not {Kind(value)}", source, field: path);
            case JsonObject:
                if (value is not JsonObject o)
                {
                    throw new InputException($"{path} must be an object, not {Kind(value)}", source, field: path);
                }

                Check(o, def, path, source);
                return o;
            case JsonArray:
                return value is JsonArray ? value : throw new InputException($"{path} must be a list, not {Kind(value)}", source, field: path);
            case JsonValue d when d.GetValueKind() == JsonValueKind.Number:
                if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
                {
                    return value;
                }

                if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String
                    && double.TryParse(s.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                {
                    return JsonValue.Create(parsed);
                }

                throw new InputException($"{path} must be a number, not {Kind(value)} {value.ToJsonString()}", source, field: path);
            case JsonValue d when d.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? value
                    : throw new InputException($"{path} must be true or false, not {Kind(value)} {value.ToJsonString()}", source, field: path);
            case JsonValue d when d.GetValueKind() == JsonValueKind.String:
                return value is JsonValue t && t.GetValueKind() == JsonValueKind.String
                    ? value
                    : throw new InputException($"{path} must be a text, not {Kind(value)} {value.ToJsonString()}", source, field: path);
            default:
                return value;
        }
    }
}
