using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Model;

namespace Quartier.Simulation.External;

/// <summary>One input of a calculation: the publisher's ESDL type and output name, as DOTS's <c>input.json</c> has it.</summary>
public sealed record DeclaredInput(string Name, AssetKind EsdlType, string DataType, string Unit);

/// <summary>One output (or explicitly recorded value) of a calculation.</summary>
public sealed record DeclaredOutput(string Name, string DataType, string Unit);

/// <summary>One calculation: its own period and offset (DOTS: first run at offset, or at one period without one), inputs and outputs.</summary>
public sealed record DeclaredCalculation(string Name, int PeriodSeconds, int OffsetSeconds, IReadOnlyList<DeclaredInput> Inputs, IReadOnlyList<DeclaredOutput> Outputs, IReadOnlyList<DeclaredOutput> Recorded);

/// <summary>
/// A calculation service as DOTS's template declares it in <c>input.json</c>: <c>name</c>, <c>esdl_type</c>,
/// <c>calculations[]</c> with <c>name</c>, <c>time_period_in_seconds</c>, <c>offset_in_seconds</c>, <c>inputs[]</c>
/// (<c>name</c>, <c>esdl_type</c> of the publisher, <c>data_type</c>, <c>unit</c>) and <c>outputs[]</c> (<c>name</c>,
/// <c>data_type</c>, <c>unit</c>). Quartier adds an optional <c>recorded[]</c> per calculation (<c>name</c>, <c>unit</c>):
/// values the service stores explicitly (DOTS's <c>set_time_step_data_point</c>) besides its outputs. Values travel as
/// doubles: <c>DOUBLE</c>, <c>INT</c> and <c>BOOLEAN</c> are taken; <c>STRING</c>, <c>VECTOR</c>, <c>COMPLEX</c>,
/// <c>COMPLEX_VECTOR</c> and <c>TIME</c> are refused naming the field.
/// </summary>
public sealed record ServiceDeclaration(string Name, AssetKind EsdlType, IReadOnlyList<DeclaredCalculation> Calculations)
{
    private static readonly string[] Numeric = ["DOUBLE", "INT", "BOOLEAN"];
    private static readonly string[] Known = ["DOUBLE", "INT", "BOOLEAN", "STRING", "VECTOR", "COMPLEX", "COMPLEX_VECTOR", "TIME"];

    /// <summary>Reads a declaration; <paramref name="source"/> names it in errors (the service or file).</summary>
    /// <exception cref="InputException">Malformed JSON, a missing field, an unknown ESDL or data type, an impossible period or offset.</exception>
    public static ServiceDeclaration Parse(string json, string source)
    {
        using (var doc = Document(json, source, "the declaration (input.json)"))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{source}: the declaration (input.json) must be an object with name, esdl_type and calculations", source, field: "$");
            }

            var name = Text(root, "name", source, "name");
            var type = Kind(Text(root, "esdl_type", source, "esdl_type"), source, "esdl_type");
            if (!root.TryGetProperty("calculations", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new InputException($"{source}: 'calculations' must be a non-empty array", source, field: "calculations");
            }

            var calculations = new List<DeclaredCalculation>();
            int c = 0;
            foreach (var calc in list.EnumerateArray())
            {
                var at = $"calculations[{c}]";
                var calcName = Text(calc, "name", source, at + ".name");
                int period = Seconds(calc, "time_period_in_seconds", source, at, required: true);
                if (period <= 0)
                {
                    throw new InputException($"{source}: {at}.time_period_in_seconds is {period}; a calculation runs every period of at least one second", source, field: at + ".time_period_in_seconds");
                }

                int offset = Seconds(calc, "offset_in_seconds", source, at, required: false);
                if (offset < 0)
                {
                    throw new InputException($"{source}: {at}.offset_in_seconds is {offset}; it cannot be negative", source, field: at + ".offset_in_seconds");
                }

                var inputs = Items(calc, "inputs", source, at).Select((e, i) => new DeclaredInput(
                    Text(e, "name", source, $"{at}.inputs[{i}].name"),
                    Kind(Text(e, "esdl_type", source, $"{at}.inputs[{i}].esdl_type"), source, $"{at}.inputs[{i}].esdl_type"),
                    DataType(e, source, $"{at}.inputs[{i}]"),
                    OptionalText(e, "unit"))).ToList();
                var outputs = Items(calc, "outputs", source, at).Select((e, i) => new DeclaredOutput(
                    Text(e, "name", source, $"{at}.outputs[{i}].name"), DataType(e, source, $"{at}.outputs[{i}]"), OptionalText(e, "unit"))).ToList();
                var recorded = Items(calc, "recorded", source, at).Select((e, i) => new DeclaredOutput(
                    Text(e, "name", source, $"{at}.recorded[{i}].name"), "DOUBLE", OptionalText(e, "unit"))).ToList();
                var twice = outputs.Concat(recorded).GroupBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
                if (twice is not null)
                {
                    throw new InputException($"{source}: {at} declares '{twice.Key}' twice (outputs and recorded names are one namespace)", source, field: at);
                }

                calculations.Add(new DeclaredCalculation(calcName, period, offset, inputs, outputs, recorded));
                c++;
            }

            var dup = calculations.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
            {
                throw new InputException($"{source}: two calculations are named '{dup.Key}'", source, field: "calculations");
            }

            return new ServiceDeclaration(name, type, calculations);
        }
    }

    /// <summary>Parses JSON (comments and trailing commas allowed); bad JSON is an error naming <paramref name="what"/> and its line.</summary>
    internal static JsonDocument Document(string json, string source, string what)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: {what} is not valid JSON: {e.Message}", source, (int)(e.LineNumber ?? 0) + 1);
        }
    }

    /// <summary>The ESDL type named <paramref name="text"/>.</summary>
    internal static AssetKind Kind(string text, string source, string field) =>
        Enum.TryParse<AssetKind>(text, ignoreCase: false, out var kind) && kind is not AssetKind.Unknown && Enum.IsDefined(kind)
            ? kind
            : throw new InputException($"{source}: {field} '{text}' is not an ESDL type Quartier simulates; known: {string.Join(", ", Enum.GetNames<AssetKind>().Where(n => n != nameof(AssetKind.Unknown)))}", source, field: field);

    private static IEnumerable<JsonElement> Items(JsonElement calc, string member, string source, string at)
    {
        if (!calc.TryGetProperty(member, out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().ToList()
            : throw new InputException($"{source}: {at}.{member} must be an array", source, field: $"{at}.{member}");
    }

    private static string DataType(JsonElement e, string source, string at)
    {
        var type = (OptionalText(e, "data_type") is { Length: > 0 } t ? t : "DOUBLE").ToUpperInvariant();
        if (Array.IndexOf(Numeric, type) >= 0)
        {
            return type;
        }

        throw new InputException(
            Array.IndexOf(Known, type) >= 0
                ? $"{source}: {at}.data_type {type} is not supported by Quartier's external services (numbers only: DOUBLE, INT, BOOLEAN)"
                : $"{source}: {at}.data_type '{type}' is not a DOTS data type; allowed: {string.Join(", ", Known)}",
            source,
            field: at + ".data_type");
    }

    private static int Seconds(JsonElement e, string member, string source, string at, bool required)
    {
        if (!e.TryGetProperty(member, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new InputException($"{source}: {at}.{member} is missing", source, field: $"{at}.{member}") : 0;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var s)
            ? s
            : throw new InputException($"{source}: {at}.{member} must be a whole number of seconds, not {v.GetRawText()}", source, field: $"{at}.{member}");
    }

    internal static string Text(JsonElement e, string member, string source, string field) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()!.Trim()
            : throw new InputException($"{source}: {field} is missing or not a non-empty text", source, field: field);

    private static string OptionalText(JsonElement e, string member) =>
        e.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : string.Empty;
}
