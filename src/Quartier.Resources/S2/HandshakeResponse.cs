using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>HandshakeResponse</c>: the CEM's choice of protocol version for the session.</summary>
public sealed record HandshakeResponse : S2IdentifiedMessage
{
    public const string MessageTypeName = "HandshakeResponse";

    public HandshakeResponse()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("selected_protocol_version")]
    public required string SelectedProtocolVersion { get; init; }
}
