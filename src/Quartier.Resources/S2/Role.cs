using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>Role</c>: the energy role a resource plays for one commodity.</summary>
public sealed record Role
{
    [JsonPropertyName("role")]
    public required RoleType RoleType { get; init; }

    [JsonPropertyName("commodity")]
    public required Commodity Commodity { get; init; }
}
