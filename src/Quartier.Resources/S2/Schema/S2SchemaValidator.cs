using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Quartier.Resources.S2.Schema;

/// <summary>
/// Validates JSON against JSON Schemas (draft 2020-12), for the subset of keywords the S2 schemas use and a little more:
/// <c>type</c>, <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (boolean or schema), <c>enum</c>, <c>const</c>,
/// <c>$ref</c> (relative to the schema's <c>$id</c>, with <c>#/…</c> pointers), <c>oneOf</c>, <c>anyOf</c>, <c>allOf</c>,
/// <c>not</c>, <c>format</c> (<c>date-time</c> per RFC 3339, <c>uuid</c>), <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>,
/// <c>exclusiveMaximum</c>, <c>items</c>, <c>minItems</c>, <c>maxItems</c>, <c>pattern</c> (unanchored, as JSON Schema says),
/// <c>minLength</c>, <c>maxLength</c>. A schema using any other validation keyword is refused when loaded, so nothing is
/// silently unchecked. <see cref="Default"/> holds the S2 standard's schemas (embedded); <see cref="ValidateMessage"/>
/// picks a message's schema by its <c>message_type</c>.
/// </summary>
public sealed partial class S2SchemaValidator
{
    private const int MaxErrors = 20;

    private static readonly FrozenSet<string> Annotations = FrozenSet.ToFrozenSet(
        ["$schema", "$id", "title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Supported = FrozenSet.ToFrozenSet(
        ["type", "properties", "required", "additionalProperties", "enum", "const", "$ref", "oneOf", "anyOf", "allOf", "not", "format",
         "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "items", "minItems", "maxItems", "pattern", "minLength", "maxLength", "$defs"],
        StringComparer.Ordinal);

    private static readonly Lazy<S2SchemaValidator> S2 = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, JsonElement> _byUri = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _messageSchemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);
    private readonly bool _impliedObjectType;

    /// <summary>Loads schemas; each must have an absolute <c>$id</c>. Messages are the schemas with a <c>message_type</c> const.</summary>
    /// <param name="schemas">The schema documents.</param>
    /// <param name="impliedObjectType">
    /// Treat a schema with <c>properties</c> but no <c>type</c> as <c>type: object</c>. The S2 schemas leave <c>type</c> out of
    /// every object schema, so by the letter of JSON Schema a number would pass where a <c>PowerRange</c> belongs; S2's
    /// generated types do not accept that, and neither does <see cref="Default"/>.
    /// </param>
    /// <exception cref="ArgumentException">A schema has no <c>$id</c>, repeats one, or uses an unsupported keyword.</exception>
    public S2SchemaValidator(IEnumerable<JsonElement> schemas, bool impliedObjectType = false)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        _impliedObjectType = impliedObjectType;
        foreach (var schema in schemas)
        {
            if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("$id", out var id) || id.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(id.GetString(), UriKind.Absolute, out _))
            {
                throw new ArgumentException("every schema needs an absolute $id", nameof(schemas));
            }

            var uri = id.GetString()!;
            if (!_byUri.TryAdd(uri, schema.Clone()))
            {
                throw new ArgumentException($"schema $id '{uri}' is given twice", nameof(schemas));
            }

            CheckKeywords(schema, uri, "#");
            if (schema.TryGetProperty("properties", out var props) && props.TryGetProperty("message_type", out var mt)
                && mt.TryGetProperty("const", out var c) && c.ValueKind == JsonValueKind.String)
            {
                _messageSchemas[c.GetString()!] = uri;
            }
        }
    }

    /// <summary>The validator for the S2 standard's message schemas.</summary>
    public static S2SchemaValidator Default => S2.Value;

    /// <summary>The <c>message_type</c>s this validator has a schema for, sorted.</summary>
    public IReadOnlyList<string> MessageTypes => [.. _messageSchemas.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Loads every <c>*.schema.json</c> under <paramref name="directory"/>.</summary>
    public static S2SchemaValidator FromDirectory(string directory, bool impliedObjectType = false)
    {
        var docs = Directory.EnumerateFiles(directory, "*.schema.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => JsonDocument.Parse(File.ReadAllBytes(f)).RootElement);
        return new S2SchemaValidator(docs, impliedObjectType);
    }

    /// <summary>
    /// Validates an S2 message: its <c>message_type</c> picks the schema. Errors name the JSON path; a missing or unknown
    /// <c>message_type</c> is an error too.
    /// </summary>
    public IReadOnlyList<SchemaError> ValidateMessage(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return [new SchemaError("$", $"an S2 message must be a JSON object, found {Kind(message)}")];
        }

        if (!message.TryGetProperty("message_type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return [new SchemaError("$", "missing the string property 'message_type'")];
        }

        var name = type.GetString()!;
        if (!_messageSchemas.TryGetValue(name, out var uri))
        {
            return [new SchemaError("$.message_type", $"unknown message_type '{name}'; known: {string.Join(", ", MessageTypes)}")];
        }

        return Validate(message, uri);
    }

    /// <summary>Validates <paramref name="instance"/> against the schema with <c>$id</c> <paramref name="schemaUri"/> (with an optional <c>#/…</c> pointer).</summary>
    /// <exception cref="ArgumentException">No such schema.</exception>
    public IReadOnlyList<SchemaError> Validate(JsonElement instance, string schemaUri)
    {
        ArgumentNullException.ThrowIfNull(schemaUri);
        var errors = new List<SchemaError>();
        var (schema, baseUri) = Resolve(schemaUri, schemaUri);
        Check(instance, schema, baseUri, "$", errors);
        return errors;
    }

    private static S2SchemaValidator LoadEmbedded()
    {
        var assembly = typeof(S2SchemaValidator).Assembly;
        var docs = new List<JsonElement>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("s2schema/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"embedded schema {name} is missing");
            docs.Add(JsonDocument.Parse(stream).RootElement.Clone());
        }

        return docs.Count == 0 ? throw new InvalidOperationException("no S2 schemas are embedded") : new S2SchemaValidator(docs, impliedObjectType: true);
    }

    private static void CheckKeywords(JsonElement schema, string uri, string at)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"{uri}{at}: a schema must be an object or a boolean");
        }

        foreach (var p in schema.EnumerateObject())
        {
            if (Annotations.Contains(p.Name))
            {
                continue;
            }

            if (!Supported.Contains(p.Name))
            {
                throw new ArgumentException($"{uri}{at}: keyword '{p.Name}' is not supported by {nameof(S2SchemaValidator)}");
            }

            switch (p.Name)
            {
                case "properties" or "$defs":
                    foreach (var sub in p.Value.EnumerateObject())
                    {
                        CheckKeywords(sub.Value, uri, $"{at}/{p.Name}/{sub.Name}");
                    }

                    break;
                case "items" or "not" or "additionalProperties" when p.Value.ValueKind is JsonValueKind.Object:
                    CheckKeywords(p.Value, uri, $"{at}/{p.Name}");
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    var i = 0;
                    foreach (var sub in p.Value.EnumerateArray())
                    {
                        CheckKeywords(sub, uri, $"{at}/{p.Name}/{i++}");
                    }

                    break;
            }
        }
    }

    private (JsonElement Schema, string BaseUri) Resolve(string reference, string baseUri)
    {
        var absolute = new Uri(new Uri(baseUri), reference);
        var document = absolute.GetLeftPart(UriPartial.Query);
        if (!_byUri.TryGetValue(document, out var schema))
        {
            throw new ArgumentException($"no schema '{document}' (referenced as '{reference}')");
        }

        var fragment = Uri.UnescapeDataString(absolute.Fragment.TrimStart('#'));
        if (fragment.Length > 0)
        {
            foreach (var token in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (!schema.TryGetProperty(key, out schema))
                {
                    throw new ArgumentException($"'{reference}' points to nothing in '{document}'");
                }
            }
        }

        return (schema, document);
    }

    private void Check(JsonElement value, JsonElement schema, string baseUri, string path, List<SchemaError> errors)
    {
        if (errors.Count >= MaxErrors)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new SchemaError(path, "no value is allowed here"));
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var (target, targetBase) = Resolve(reference.GetString()!, baseUri);
            Check(value, target, targetBase, path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type))
        {
            errors.Add(new SchemaError(path, $"expected {TypeText(type)}, found {Kind(value)}"));
            return;
        }

        if (_impliedObjectType && value.ValueKind != JsonValueKind.Object && !schema.TryGetProperty("type", out _) && schema.TryGetProperty("properties", out _))
        {
            errors.Add(new SchemaError(path, $"expected object, found {Kind(value)}"));
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(value, constant))
        {
            errors.Add(new SchemaError(path, $"must be {constant.GetRawText()}, found {Short(value)}"));
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(value, o)))
        {
            errors.Add(new SchemaError(path, $"{Short(value)} is not one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}"));
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, baseUri, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, baseUri, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(value.GetDouble(), schema, path, errors);
                break;
        }

        CheckCombinations(value, schema, baseUri, path, errors);
    }

    private void CheckCombinations(JsonElement value, JsonElement schema, string baseUri, string path, List<SchemaError> errors)
    {
        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var sub in all.EnumerateArray())
            {
                Check(value, sub, baseUri, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var any) && !any.EnumerateArray().Any(sub => Passes(value, sub, baseUri)))
        {
            errors.Add(new SchemaError(path, $"matches none of the {any.GetArrayLength()} schemas of anyOf"));
        }

        if (schema.TryGetProperty("oneOf", out var one))
        {
            var matches = one.EnumerateArray().Count(sub => Passes(value, sub, baseUri));
            if (matches != 1)
            {
                errors.Add(new SchemaError(path, matches == 0
                    ? $"matches none of the {one.GetArrayLength()} schemas of oneOf"
                    : $"matches {matches} schemas of oneOf, not exactly one"));
            }
        }

        if (schema.TryGetProperty("not", out var not) && Passes(value, not, baseUri))
        {
            errors.Add(new SchemaError(path, "matches a schema it must not match (not)"));
        }
    }

    private bool Passes(JsonElement value, JsonElement schema, string baseUri)
    {
        var scratch = new List<SchemaError>();
        Check(value, schema, baseUri, "$", scratch);
        return scratch.Count == 0;
    }

    private void CheckObject(JsonElement value, JsonElement schema, string baseUri, string path, List<SchemaError> errors)
    {
        schema.TryGetProperty("properties", out var properties);
        var hasProperties = properties.ValueKind == JsonValueKind.Object;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!value.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add(new SchemaError(path, $"missing required property '{name.GetString()}'"));
                }
            }
        }

        schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var p in value.EnumerateObject())
        {
            var at = $"{path}.{p.Name}";
            if (hasProperties && properties.TryGetProperty(p.Name, out var sub))
            {
                Check(p.Value, sub, baseUri, at, errors);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                var allowed = hasProperties ? string.Join(", ", properties.EnumerateObject().Select(x => x.Name)) : "none";
                errors.Add(new SchemaError(at, $"unknown property '{p.Name}'; allowed: {allowed}"));
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(p.Value, additional, baseUri, at, errors);
            }
        }
    }

    private void CheckArray(JsonElement value, JsonElement schema, string baseUri, string path, List<SchemaError> errors)
    {
        var n = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var min) && n < min.GetInt32())
        {
            errors.Add(new SchemaError(path, $"has {n} items, at least {min.GetInt32()} required"));
        }

        if (schema.TryGetProperty("maxItems", out var max) && n > max.GetInt32())
        {
            errors.Add(new SchemaError(path, $"has {n} items, at most {max.GetInt32()} allowed"));
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, baseUri, $"{path}[{i++}]", errors);
            }
        }
    }

    private void CheckString(string value, JsonElement schema, string path, List<SchemaError> errors)
    {
        var length = value.EnumerateRunes().Count();
        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            errors.Add(new SchemaError(path, $"is {length} characters long, at least {min.GetInt32()} required"));
        }

        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            errors.Add(new SchemaError(path, $"is {length} characters long, at most {max.GetInt32()} allowed"));
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Pattern(pattern.GetString()!).IsMatch(value))
        {
            errors.Add(new SchemaError(path, $"'{Clip(value)}' does not match the pattern {pattern.GetString()}"));
        }

        if (schema.TryGetProperty("format", out var format))
        {
            var ok = format.GetString() switch
            {
                "date-time" => IsDateTime(value),
                "uuid" => IsUuid(value),
                _ => true,
            };
            if (!ok)
            {
                errors.Add(new SchemaError(path, $"'{Clip(value)}' is not a valid {format.GetString()}"));
            }
        }
    }

    private static void CheckNumber(double value, JsonElement schema, string path, List<SchemaError> errors)
    {
        void Bound(string keyword, Func<double, bool> ok, string text)
        {
            if (schema.TryGetProperty(keyword, out var b) && b.ValueKind == JsonValueKind.Number && !ok(b.GetDouble()))
            {
                errors.Add(new SchemaError(path, string.Create(CultureInfo.InvariantCulture, $"{value} must be {text} {b.GetDouble()}")));
            }
        }

        Bound("minimum", b => value >= b, ">=");
        Bound("maximum", b => value <= b, "<=");
        Bound("exclusiveMinimum", b => value > b, ">");
        Bound("exclusiveMaximum", b => value < b, "<");
    }

    private Regex Pattern(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                _patterns[pattern] = regex;
            }

            return regex;
        }
    }

    /// <summary>RFC 3339 <c>date-time</c>: full date, 'T', full time with seconds, optional fraction, 'Z' or an offset.</summary>
    internal static bool IsDateTime(string s) =>
        DateTimeFormat().IsMatch(s)
        && DateTimeOffset.TryParse(s.ToUpperInvariant(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    private static bool IsUuid(string s) => UuidFormat().IsMatch(s);

    private static bool HasType(JsonElement value, JsonElement type) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => IsType(value, t.GetString()!))
            : IsType(value, type.GetString()!);

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool IsInteger(JsonElement value) =>
        value.TryGetInt64(out _) || (value.TryGetDouble(out var d) && double.IsFinite(d) && Math.Floor(d) == d);

    private static string TypeText(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString()!;

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Short(JsonElement value) => Clip(value.GetRawText());

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeFormat();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidFormat();
}

/// <summary>One schema violation: where (<see cref="Path"/>, e.g. <c>$.actuators[0].id</c>) and what.</summary>
public readonly record struct SchemaError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
