using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>
/// S2 <c>FRBC.SystemDescription</c> (fill rate based control): the storage and the actuators that fill or empty it, valid
/// from <see cref="ValidFrom"/> until the next system description.
/// </summary>
public sealed record FrbcSystemDescription : S2IdentifiedMessage
{
    public const string MessageTypeName = "FRBC.SystemDescription";

    public FrbcSystemDescription()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("valid_from")]
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>1..10 actuators with unique ids.</summary>
    [JsonPropertyName("actuators")]
    public required IReadOnlyList<FrbcActuatorDescription> Actuators { get; init; }

    [JsonPropertyName("storage")]
    public required FrbcStorageDescription Storage { get; init; }
}
