using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>Handshake</c>: first message of each party, stating its role and the protocol versions it speaks.</summary>
public sealed record Handshake : S2IdentifiedMessage
{
    public const string MessageTypeName = "Handshake";

    public Handshake()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("role")]
    public required EnergyManagementRole Role { get; init; }

    /// <summary>Protocol versions the sender supports (at least one); required from a resource manager, optional for a CEM.</summary>
    [JsonPropertyName("supported_protocol_versions")]
    public IReadOnlyList<string>? SupportedProtocolVersions { get; init; }
}
