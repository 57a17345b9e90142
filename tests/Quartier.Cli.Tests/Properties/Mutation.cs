using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FsCheck;
using FsCheck.Fluent;

namespace Quartier.Cli.Tests.Properties;

/// <summary>What a mutation does to a valid input.</summary>
internal enum MutationKind
{
    /// <summary>Cut the input at a point.</summary>
    Truncate,

    /// <summary>XOR one byte with a non-zero mask.</summary>
    FlipByte,

    /// <summary>Insert one byte.</summary>
    InsertByte,

    /// <summary>Delete a run of 1–64 bytes.</summary>
    DeleteBytes,

    /// <summary>Drop one XML element, JSON member or array item, or text line.</summary>
    DropElement,

    /// <summary>Repeat one XML element, JSON member or array item, or text line.</summary>
    DuplicateElement,

    /// <summary>Replace one number with an extreme: 0, −1, ±1e308, NaN, a word, a huge integer, …</summary>
    ExtremeNumber,
}

/// <summary>How an input's text is structured, for the structural mutations.</summary>
internal enum InputShape
{
    /// <summary>XML (ESDL, PySSMic editor files): elements.</summary>
    Xml,

    /// <summary>JSON: members and array items.</summary>
    Json,

    /// <summary>Anything else (CSV, EPW): lines.</summary>
    Lines,
}

/// <summary>
/// One mutation of a valid input; <see cref="Position"/> and <see cref="Pick"/> are scaled to the input, so the same
/// mutation applies to any input. A gzip input (a result bundle) is mutated inside (the JSON, recompressed) when
/// <see cref="Inside"/> is set or the mutation is structural, else as bytes.
/// </summary>
internal sealed record Mutation(MutationKind Kind, double Position, int Pick, byte Value, bool Inside)
{
    /// <summary>What <see cref="MutationKind.ExtremeNumber"/> puts in place of a number.</summary>
    public static readonly string[] Extremes =
        ["0", "-1", "1e308", "-1e308", "NaN", "abc", "99999999999999999999999999", "-0", "1e-320", "Infinity", "-99999999999", "4.9e-324", "\"12\"", ""];

    private static readonly Regex NumberPattern = new(@"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])", RegexOptions.CultureInvariant);

    /// <summary>The generator: every kind, anywhere in the input.</summary>
    public static Gen<Mutation> Generator { get; } =
        from kind in Gen.Elements(Enum.GetValues<MutationKind>())
        from position in Gen.Choose(0, 1_000_000)
        from pick in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(1, 255)
        from inside in Gen.Elements(true, false)
        select new Mutation(kind, position / 1_000_000.0, pick, (byte)value, inside);

    /// <summary>The FsCheck arbitrary (no shrinking: a counterexample is reported as it was found).</summary>
    public static Arbitrary<Mutation> Arbitrary { get; } = Arb.From(Generator);

    /// <summary>The mutated input.</summary>
    public byte[] Apply(byte[] input, InputShape shape)
    {
        if (IsGzip(input) && (Inside || Kind is MutationKind.DropElement or MutationKind.DuplicateElement or MutationKind.ExtremeNumber))
        {
            return BadInput.CorpusInputs.Gzip(Apply(Gunzip(input), shape));
        }

        return Kind switch
        {
            MutationKind.Truncate => input[..At(input.Length)],
            MutationKind.FlipByte when input.Length > 0 => Flip(input),
            MutationKind.InsertByte => [.. input[..At(input.Length + 1)], Value, .. input[At(input.Length + 1)..]],
            MutationKind.DeleteBytes => Delete(input),
            MutationKind.DropElement or MutationKind.DuplicateElement => Encoding.UTF8.GetBytes(Structural(Encoding.UTF8.GetString(input), shape)),
            MutationKind.ExtremeNumber => Encoding.UTF8.GetBytes(ReplaceNumber(Encoding.UTF8.GetString(input))),
            _ => input,
        };
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind} at {Position:0.######} pick {Pick} value 0x{Value:x2}{(Inside ? " inside" : string.Empty)}");

    private int At(int length) => Math.Min(length - 1, (int)(Position * length)) is var i && i < 0 ? 0 : i;

    private byte[] Flip(byte[] input)
    {
        var copy = (byte[])input.Clone();
        copy[At(copy.Length)] ^= Value;
        return copy;
    }

    private byte[] Delete(byte[] input)
    {
        int at = At(input.Length);
        int count = Math.Min(1 + (Pick % 64), input.Length - at);
        return [.. input[..at], .. input[(at + count)..]];
    }

    private string Structural(string text, InputShape shape)
    {
        try
        {
            return shape switch
            {
                InputShape.Xml => StructuralXml(text),
                InputShape.Json => StructuralJson(text),
                _ => StructuralLines(text),
            };
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or JsonException)
        {
            return StructuralLines(text);
        }
    }

    private string StructuralXml(string text)
    {
        var doc = XDocument.Parse(text, LoadOptions.PreserveWhitespace);
        var elements = doc.Root!.Descendants().ToList();
        if (elements.Count == 0)
        {
            return text;
        }

        var element = elements[Pick % elements.Count];
        if (Kind == MutationKind.DropElement)
        {
            element.Remove();
        }
        else
        {
            element.AddAfterSelf(new XElement(element));
        }

        return doc.Declaration is { } declaration ? declaration + doc.ToString(SaveOptions.DisableFormatting) : doc.ToString(SaveOptions.DisableFormatting);
    }

    private string StructuralJson(string text)
    {
        var root = JsonNode.Parse(text) ?? throw new JsonException("null");
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        if (nodes.Count == 0)
        {
            return text;
        }

        var target = nodes[Pick % nodes.Count];
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, SkipValidation = true }))
        {
            Write(writer, root, target, null);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is not null)
            {
                nodes.Add(child);
                Collect(child, nodes);
            }
        }
    }

    /// <summary>Writes <paramref name="node"/> with <paramref name="target"/> dropped or written twice (a member twice is a duplicate key).</summary>
    private void Write(Utf8JsonWriter writer, JsonNode? node, JsonNode target, string? name)
    {
        int times = ReferenceEquals(node, target) ? (Kind == MutationKind.DropElement ? 0 : 2) : 1;
        for (int i = 0; i < times; i++)
        {
            if (name is not null)
            {
                writer.WritePropertyName(name);
            }

            switch (node)
            {
                case JsonObject o:
                    writer.WriteStartObject();
                    foreach (var (key, value) in o)
                    {
                        if (value is null)
                        {
                            writer.WriteNull(key);
                        }
                        else
                        {
                            Write(writer, value, target, key);
                        }
                    }

                    writer.WriteEndObject();
                    break;
                case JsonArray a:
                    writer.WriteStartArray();
                    foreach (var item in a)
                    {
                        if (item is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            Write(writer, item, target, null);
                        }
                    }

                    writer.WriteEndArray();
                    break;
                default:
                    node!.WriteTo(writer);
                    break;
            }
        }
    }

    private string StructuralLines(string text)
    {
        var lines = text.Split('\n').ToList();
        int i = Pick % lines.Count;
        if (Kind == MutationKind.DropElement)
        {
            lines.RemoveAt(i);
        }
        else
        {
            lines.Insert(i, lines[i]);
        }

        return string.Join('\n', lines);
    }

    private string ReplaceNumber(string text)
    {
        var numbers = NumberPattern.Matches(text);
        if (numbers.Count == 0)
        {
            return text;
        }

        var m = numbers[Pick % numbers.Count];
        return string.Concat(text.AsSpan(0, m.Index), Extremes[Value % Extremes.Length], text.AsSpan(m.Index + m.Length));
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    /// <summary>The decompressed bytes of a gzip input.</summary>
    public static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
