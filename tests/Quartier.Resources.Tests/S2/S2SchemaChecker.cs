using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Quartier.Resources.Tests.S2;

/// <summary>
/// Checks JSON against the S2 schema files for the subset of JSON Schema they use ($ref, properties, required,
/// additionalProperties false, type, const, enum, minItems/maxItems, minimum, pattern, date-time), and records which
/// schema properties were seen so tests can demand that the examples exercise every property.
/// </summary>
internal sealed class S2SchemaChecker
{
    private readonly Dictionary<string, JsonObject> _schemas = new(StringComparer.Ordinal);

    /// <summary>(schema file name, property name) pairs met in checked JSON.</summary>
    public HashSet<(string Schema, string Property)> Seen { get; } = [];

    public List<string> Problems { get; } = [];

    public static string MessageSchema(string messageType) => ReferenceData.Path($"s2/json-schema/messages/{messageType}.schema.json");

    /// <summary>Full path of <c>s2/json-schema/messages</c> or <c>s2/json-schema/schemas</c>.</summary>
    public static string SchemaDirectory(string folder) =>
        Path.GetDirectoryName(ReferenceData.Path($"s2/json-schema/{folder}/{(folder == "messages" ? "Handshake" : "ID")}.schema.json"))!;

    public void Check(JsonNode? value, string schemaFile) => Check(value, Load(schemaFile), schemaFile, "$");

    public JsonObject Load(string file)
    {
        file = Path.GetFullPath(file);
        if (!_schemas.TryGetValue(file, out var schema))
        {
            schema = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            _schemas.Add(file, schema);
        }

        return schema;
    }

    private void Check(JsonNode? value, JsonObject schema, string file, string path)
    {
        if (schema["$ref"] is JsonValue reference)
        {
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, reference.GetValue<string>()));
            Check(value, Load(target), target, path);
        }

        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            Problems.Add($"{path}: {value?.ToJsonString()} is not the const {constant.ToJsonString()}");
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            Problems.Add($"{path}: {value?.ToJsonString()} is not in the enum of {Path.GetFileName(file)}");
        }

        var type = (string?)schema["type"] ?? (schema["properties"] is not null ? "object" : null);
        switch (type)
        {
            case "object":
                CheckObject(value, schema, file, path);
                break;
            case "array":
                CheckArray(value, schema, file, path);
                break;
            case "string":
                if (value is not JsonValue s || s.GetValueKind() != JsonValueKind.String)
                {
                    Problems.Add($"{path}: expected a string, found {value?.ToJsonString() ?? "null"}");
                }
                else
                {
                    var text = s.GetValue<string>();
                    if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>()))
                    {
                        Problems.Add($"{path}: '{text}' does not match {pattern}");
                    }

                    if ((string?)schema["format"] == "date-time"
                        && !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    {
                        Problems.Add($"{path}: '{text}' is not a date-time");
                    }
                }

                break;
            case "number":
            case "integer":
                if (value is not JsonValue n || n.GetValueKind() != JsonValueKind.Number)
                {
                    Problems.Add($"{path}: expected a {type}, found {value?.ToJsonString() ?? "null"}");
                    break;
                }

                var d = n.GetValue<double>();
                if (type == "integer" && d != Math.Floor(d))
                {
                    Problems.Add($"{path}: {d} is not an integer");
                }

                if (schema["minimum"] is JsonValue min && d < min.GetValue<double>())
                {
                    Problems.Add($"{path}: {d} is below the minimum {min}");
                }

                break;
            case "boolean":
                if (value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Problems.Add($"{path}: expected a boolean, found {value?.ToJsonString() ?? "null"}");
                }

                break;
        }
    }

    private void CheckObject(JsonNode? value, JsonObject schema, string file, string path)
    {
        if (value is not JsonObject obj)
        {
            Problems.Add($"{path}: expected an object, found {value?.ToJsonString() ?? "null"}");
            return;
        }

        var properties = schema["properties"]!.AsObject();
        var name = Path.GetFileName(file);
        foreach (var (key, child) in obj)
        {
            if (properties[key] is not JsonObject propertySchema)
            {
                Problems.Add($"{path}.{key}: property not declared in {name}");
                continue;
            }

            Seen.Add((name, key));
            Check(child, propertySchema, file, $"{path}.{key}");
        }

        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!obj.ContainsKey(required!.GetValue<string>()))
            {
                Problems.Add($"{path}: required property '{required}' of {name} is missing");
            }
        }
    }

    private void CheckArray(JsonNode? value, JsonObject schema, string file, string path)
    {
        if (value is not JsonArray array)
        {
            Problems.Add($"{path}: expected an array, found {value?.ToJsonString() ?? "null"}");
            return;
        }

        if (schema["minItems"] is JsonValue min && array.Count < min.GetValue<int>())
        {
            Problems.Add($"{path}: {array.Count} items, minItems {min}");
        }

        if (schema["maxItems"] is JsonValue max && array.Count > max.GetValue<int>())
        {
            Problems.Add($"{path}: {array.Count} items, maxItems {max}");
        }

        if (schema["items"] is JsonObject items)
        {
            for (int i = 0; i < array.Count; i++)
            {
                Check(array[i], items, file, $"{path}[{i}]");
            }
        }
    }
}
