using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>An S2 message with a <c>message_id</c>: every message type except <see cref="ReceptionStatus"/>.</summary>
public abstract record S2IdentifiedMessage : S2Message
{
    private protected S2IdentifiedMessage(string messageType)
        : base(messageType)
    {
    }

    /// <summary>Id of this message; a <see cref="ReceptionStatus"/> refers to it as its subject.</summary>
    [JsonPropertyName("message_id")]
    [JsonPropertyOrder(-1)]
    public required string MessageId { get; init; }
}
