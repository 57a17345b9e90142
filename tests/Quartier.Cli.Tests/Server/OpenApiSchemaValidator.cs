using System.Globalization;
using System.Text.Json;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// Validates JSON against the schemas of an OpenAPI 3.1 document, for the subset EOS's <c>openapi.json</c> uses:
/// <c>$ref</c>, <c>type</c> (also <c>integer</c> = a number without fraction), <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c> (false or a schema), <c>items</c>, <c>anyOf</c>, <c>oneOf</c> (with a <c>discriminator</c>
/// mapping when present: exactly one must match otherwise), <c>allOf</c>, <c>enum</c>, <c>const</c>, <c>minimum</c>,
/// <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c>, <c>minItems</c>, <c>uniqueItems</c> and
/// <c>format: date-time</c>. Errors name the JSON path.
/// </summary>
internal sealed class OpenApiSchemaValidator
{
    private readonly JsonElement _document;

    public OpenApiSchemaValidator(string openApiFile)
    {
        _document = JsonDocument.Parse(File.ReadAllText(openApiFile)).RootElement.Clone();
    }

    /// <summary>The schema of the 200 response of <paramref name="method"/> <paramref name="path"/> (as written in the document, e.g. <c>/v1/config/{path}</c>).</summary>
    public JsonElement ResponseSchema(string method, string path) => ResponseSchemaOf(method, path, "application/json");

    /// <summary>The schema of the 200 response of <paramref name="method"/> <paramref name="path"/> in <paramref name="contentType"/> (a PDF's, say).</summary>
    public JsonElement ResponseSchemaOf(string method, string path, string contentType) =>
        _document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant()).GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty(contentType).GetProperty("schema");

    /// <summary>A component schema by name.</summary>
    public JsonElement Component(string name) => _document.GetProperty("components").GetProperty("schemas").GetProperty(name);

    /// <summary>Every violation of <paramref name="schema"/> by <paramref name="value"/>; empty when it validates.</summary>
    public List<string> Validate(JsonElement value, JsonElement schema)
    {
        var errors = new List<string>();
        Check(value, schema, "$", errors);
        return errors;
    }

    /// <summary>Asserts that the 200 response body of <paramref name="method"/> <paramref name="path"/> validates.</summary>
    public void AssertResponse(string method, string path, JsonElement body)
    {
        var errors = Validate(body, ResponseSchema(method, path));
        Assert.True(errors.Count == 0, $"{method} {path} response does not validate against openapi.json:\n{string.Join("\n", errors.Take(20))}");
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r))
        {
            var name = r.GetString()!.Split('/')[^1];
            schema = Component(name);
        }

        return schema;
    }

    private void Check(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var s in allOf.EnumerateArray())
            {
                Check(value, s, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            var failures = new List<string>();
            bool any = false;
            foreach (var s in anyOf.EnumerateArray())
            {
                var e = new List<string>();
                Check(value, s, path, e);
                if (e.Count == 0)
                {
                    any = true;
                    break;
                }

                failures.AddRange(e);
            }

            if (!any)
            {
                errors.Add($"{path}: matches none of anyOf ({string.Join("; ", failures.Take(4))})");
            }
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            if (schema.TryGetProperty("discriminator", out var disc) && value.ValueKind == JsonValueKind.Object)
            {
                var property = disc.GetProperty("propertyName").GetString()!;
                if (!value.TryGetProperty(property, out var tag) || tag.ValueKind != JsonValueKind.String)
                {
                    errors.Add($"{path}: discriminator '{property}' is missing");
                }
                else if (!disc.GetProperty("mapping").TryGetProperty(tag.GetString()!, out var target))
                {
                    errors.Add($"{path}.{property}: '{tag.GetString()}' is not in the discriminator mapping");
                }
                else
                {
                    Check(value, Component(target.GetString()!.Split('/')[^1]), path, errors);
                }
            }
            else
            {
                int matches = oneOf.EnumerateArray().Count(s =>
                {
                    var e = new List<string>();
                    Check(value, s, path, e);
                    return e.Count == 0;
                });
                if (matches != 1)
                {
                    errors.Add($"{path}: matches {matches} of oneOf, exactly 1 wanted");
                }
            }
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{path}: {value.GetRawText()} is not the constant {constant.GetRawText()}");
        }

        if (schema.TryGetProperty("enum", out var enumeration) && !enumeration.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
        {
            errors.Add($"{path}: {value.GetRawText()} is not one of {enumeration.GetRawText()}");
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type.GetString()!))
        {
            errors.Add($"{path}: {Kind(value)} {Short(value)} is not of type {type.GetString()}");
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, path, errors);
                break;
            case JsonValueKind.Array:
                var items = value.EnumerateArray().ToList();
                if (schema.TryGetProperty("minItems", out var min) && items.Count < min.GetInt32())
                {
                    errors.Add($"{path}: {items.Count} items, at least {min.GetInt32()} wanted");
                }

                if (schema.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean()
                    && items.Select(i => i.GetRawText()).Distinct().Count() != items.Count)
                {
                    errors.Add($"{path}: items are not unique");
                }

                if (schema.TryGetProperty("items", out var itemSchema))
                {
                    for (int i = 0; i < items.Count; i++)
                    {
                        Check(items[i], itemSchema, $"{path}[{i}]", errors);
                    }
                }

                break;
            case JsonValueKind.Number:
                var x = value.GetDouble();
                Bound(schema, "minimum", b => x >= b, x, path, errors);
                Bound(schema, "maximum", b => x <= b, x, path, errors);
                Bound(schema, "exclusiveMinimum", b => x > b, x, path, errors);
                Bound(schema, "exclusiveMaximum", b => x < b, x, path, errors);
                break;
            case JsonValueKind.String:
                if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
                    && !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add($"{path}: '{value.GetString()}' is not a date-time");
                }

                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}: required property '{name}' is missing");
                }
            }
        }

        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        foreach (var member in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var propertySchema))
            {
                Check(member.Value, propertySchema, $"{path}.{member.Name}", errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: property '{member.Name}' is not allowed");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Check(member.Value, additional, $"{path}.{member.Name}", errors);
                }
            }
        }
    }

    private static void Bound(JsonElement schema, string keyword, Func<double, bool> ok, double x, string path, List<string> errors)
    {
        if (schema.TryGetProperty(keyword, out var b) && b.ValueKind == JsonValueKind.Number && !ok(b.GetDouble()))
        {
            errors.Add($"{path}: {x.ToString(CultureInfo.InvariantCulture)} violates {keyword} {b.GetRawText()}");
        }
    }

    private static bool TypeMatches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && Math.Floor(value.GetDouble()) == value.GetDouble(),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => true,
    };

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 60 ? text[..60] + "…" : text;
    }
}
