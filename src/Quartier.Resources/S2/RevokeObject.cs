using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>RevokeObject</c>: withdraws an earlier system description, constraint or instruction by its id.</summary>
public sealed record RevokeObject : S2IdentifiedMessage
{
    public const string MessageTypeName = "RevokeObject";

    public RevokeObject()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("object_type")]
    public required RevokableObjects ObjectType { get; init; }

    /// <summary>Id of the object to revoke.</summary>
    [JsonPropertyName("object_id")]
    public required string ObjectId { get; init; }
}
