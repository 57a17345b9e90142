using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// Base of every S2 message. <see cref="MessageType"/> is the <c>message_type</c> discriminator (the schema's const, e.g.
/// <c>FRBC.SystemDescription</c>), fixed by the concrete type. All messages but <see cref="ReceptionStatus"/> also carry a
/// <c>message_id</c>: they derive from <see cref="S2IdentifiedMessage"/>. Parse and write messages with <see cref="S2Json"/>;
/// check the standard's rules with <see cref="S2Validator"/>. The hierarchy is closed: the registry is
/// <see cref="S2MessageTypes"/>.
/// </summary>
public abstract record S2Message
{
    private protected S2Message(string messageType)
    {
        MessageType = messageType;
    }

    /// <summary>The <c>message_type</c> const of this message's schema.</summary>
    [JsonPropertyName("message_type")]
    [JsonPropertyOrder(-2)]
    public string MessageType { get; }

    /// <summary>The <c>message_id</c>, or null for a <see cref="ReceptionStatus"/> (the one message without one).</summary>
    public string? GetMessageId() => (this as S2IdentifiedMessage)?.MessageId;
}
