using System.Globalization;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Quartier.Application.Sweeps;

/// <summary>
/// A sweep written in YAML: the same document as the JSON form (mappings are objects, sequences arrays), read into
/// JSON nodes so that one parser checks both. Plain scalars that read as numbers, <c>true</c>/<c>false</c> or
/// <c>null</c>/<c>~</c> are those; quoted scalars stay text. Syntax errors and duplicate keys name the line and column;
/// anchors and aliases are refused (a sweep has no use for them, and they are how YAML bombs grow).
/// </summary>
internal static class SweepYaml
{
    /// <summary>Whether <paramref name="path"/> names a YAML file (.yaml or .yml).</summary>
    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="InputException">Not YAML, several documents, an alias or a tag, naming the line.</exception>
    public static JsonNode? Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new InputException($"the sweep is not valid YAML: {e.Message} (line {e.Start.Line}, column {e.Start.Column})", path, (int)e.Start.Line);
        }

        var root = stream.Documents.Count switch
        {
            0 => throw new InputException("the sweep is empty", path),
            1 => Node(stream.Documents[0].RootNode, path),
            _ => throw new InputException($"a sweep is one YAML document; this file has {stream.Documents.Count}", path, (int)stream.Documents[1].RootNode.Start.Line),
        };

        // Read back as JSON text, so that the sweep parser sees the same kind of nodes as from a JSON file.
        return root is null ? null : JsonNode.Parse(root.ToJsonString());
    }

    private static JsonNode? Node(YamlNode node, string path)
    {
        if (!node.Anchor.IsEmpty)
        {
            throw new InputException("anchors and aliases are not used in sweeps; write the value out", path, (int)node.Start.Line);
        }

        switch (node)
        {
            case YamlMappingNode map:
                var o = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InputException("a mapping key in a sweep is a plain name", path, (int)key.Start.Line);
                    }

                    o[name] = Node(value, path);
                }

                return o;
            case YamlSequenceNode list:
                var a = new JsonArray();
                foreach (var item in list.Children)
                {
                    a.Add(Node(item, path));
                }

                return a;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InputException($"unexpected YAML node {node.NodeType}", path, (int)node.Start.Line);
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
