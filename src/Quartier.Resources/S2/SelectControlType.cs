using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>SelectControlType</c>: the CEM activates one of the resource manager's available control types.</summary>
public sealed record SelectControlType : S2IdentifiedMessage
{
    public const string MessageTypeName = "SelectControlType";

    public SelectControlType()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("control_type")]
    public required ControlType ControlType { get; init; }
}
