using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Quartier.Core.Errors;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// JSON for S2 messages, compatible with the S2 JSON schemas: snake_case names exactly as the schemas spell them, enums as
/// their schema strings, durations as integer milliseconds, timestamps as RFC 3339. Reading is strict like the schemas
/// (<c>additionalProperties: false</c>, required members, no nulls for required values, no duplicate properties) and
/// every failure is an <see cref="InputException"/> with the source, JSON path and line. Parsing checks structure (types,
/// required and unknown properties, enum strings, timestamp and integer formats); the schemas' value constraints (ID
/// pattern, minItems/maxItems, non-negative durations) and the standard's rules are checked by <see cref="S2Validator"/>.
/// </summary>
public static class S2Json
{
    /// <summary>
    /// The options used by this class (read-only). They may be passed to <see cref="JsonSerializer"/> directly for S2 types;
    /// deserialising a concrete message type with them checks its <c>message_type</c> const.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Compact JSON of <paramref name="message"/> (its runtime type), <c>message_type</c> first.</summary>
    public static string Serialize(S2Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Serialize(message, message.GetType(), Options);
    }

    /// <summary>
    /// Reads any S2 message, choosing its type by <c>message_type</c>. <paramref name="source"/> (a file name, a connection)
    /// goes into error messages and <see cref="InputException.File"/>.
    /// </summary>
    /// <exception cref="InputException">Malformed JSON, missing or unknown <c>message_type</c>, missing required or unknown
    /// properties, or values of the wrong type or enum string.</exception>
    public static S2Message Parse(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new InputException("empty input: expected an S2 message (a JSON object with message_type)", source, 1);
        }

        var utf8 = Encoding.UTF8.GetBytes(json);
        var (messageType, line) = FindMessageType(utf8, source);
        if (!S2MessageTypes.TryGetType(messageType, out var type))
        {
            throw new InputException(
                $"unknown message_type '{messageType}' (at $.message_type, line {line}); allowed: {string.Join(", ", S2MessageTypes.Names)}",
                source,
                line);
        }

        return (S2Message)Deserialize(utf8, type, source);
    }

    /// <summary>
    /// Reads a <typeparamref name="T"/>. For message types the <c>message_type</c> must name <typeparamref name="T"/> (or a
    /// subtype, e.g. any message for <see cref="S2Message"/>); other S2 types (e.g. <see cref="NumberRange"/>) are read as is.
    /// </summary>
    /// <exception cref="InputException">As <see cref="Parse(string, string?)"/>, or the message is not a <typeparamref name="T"/>.</exception>
    public static T Parse<T>(string json, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (typeof(S2Message).IsAssignableFrom(typeof(T)))
        {
            var message = Parse(json, source);
            if (message is T typed)
            {
                return typed;
            }

            var expected = S2MessageTypes.NameOf(typeof(T)) ?? typeof(T).Name;
            throw new InputException($"expected a {expected} message but message_type is '{message.MessageType}'", source, 1);
        }

        return (T)Deserialize(Encoding.UTF8.GetBytes(json), typeof(T), source);
    }

    /// <summary>Turns a <see cref="JsonException"/> into an <see cref="InputException"/> naming path, line and position.</summary>
    internal static InputException ToInputException(JsonException ex, string? source)
    {
        int? line = ex.LineNumber is { } l ? (int)l + 1 : null;
        var position = ex.BytePositionInLine is { } b ? $", position {b + 1}" : string.Empty;
        var at = line is null ? $"at {ex.Path ?? "$"}" : $"at {ex.Path ?? "$"}, line {line}{position}";
        return new InputException($"invalid S2 JSON {at}: {WithoutLocation(ex.Message)}", source, line, inner: ex);
    }

    private static object Deserialize(byte[] utf8, Type type, string? source)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, type, Options)
                ?? throw new InputException($"expected a JSON object for {type.Name}, found null", source, 1);
        }
        catch (JsonException ex)
        {
            throw ToInputException(ex, source);
        }
    }

    /// <summary>Finds the root object's <c>message_type</c> string and its 1-based line without deserialising.</summary>
    private static (string MessageType, int Line) FindMessageType(byte[] utf8, string? source)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InputException(
                    $"expected an S2 message (a JSON object with message_type), found {reader.TokenType}",
                    source,
                    LineOf(utf8, reader.TokenStartIndex));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessageType = reader.ValueTextEquals("message_type"u8);
                reader.Read();
                if (isMessageType)
                {
                    var line = LineOf(utf8, reader.TokenStartIndex);
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new InputException(
                            $"message_type must be a string (at $.message_type, line {line}), found {reader.TokenType}",
                            source,
                            line);
                    }

                    return (reader.GetString()!, line);
                }

                reader.Skip();
            }

            throw new InputException(
                $"missing required property 'message_type' (at $); allowed: {string.Join(", ", S2MessageTypes.Names)}",
                source,
                LineOf(utf8, reader.TokenStartIndex));
        }
        catch (JsonException ex)
        {
            throw ToInputException(ex, source);
        }
    }

    private static int LineOf(byte[] utf8, long index)
    {
        var line = 1;
        var end = (int)Math.Min(index, utf8.Length);
        for (int i = 0; i < end; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>System.Text.Json appends " Path: $.x | LineNumber: 0 | BytePositionInLine: 3." to its own messages; drop it.</summary>
    private static string WithoutLocation(string message)
    {
        var i = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (i < 0)
        {
            i = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        return i < 0 ? message : message[..i];
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(CheckMessageTypeConst);
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = resolver,

            // S2 travels over WebSockets, not inside HTML: keep '+' in offsets and non-ASCII labels ("°C") readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };
        options.Converters.Add(new S2DateTimeOffsetConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Makes <c>message_type</c> required on every concrete message and refuses a value other than the type's const
    /// (the property itself is read-only, so without this a wrong value would be silently ignored).
    /// </summary>
    private static void CheckMessageTypeConst(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || S2MessageTypes.NameOf(typeInfo.Type) is not { } expected)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "message_type")
            {
                property.IsRequired = true;
                property.Set = (_, value) =>
                {
                    if (!string.Equals(value as string, expected, StringComparison.Ordinal))
                    {
                        throw new JsonException($"message_type '{value}' does not match the expected '{expected}'");
                    }
                };
            }
        }
    }
}
