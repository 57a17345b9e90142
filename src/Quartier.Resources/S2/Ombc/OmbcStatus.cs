using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ombc;

/// <summary>S2 <c>OMBC.Status</c>: the operation mode and factor the device is in, and the last transition.</summary>
public sealed record OmbcStatus : S2IdentifiedMessage
{
    public const string MessageTypeName = "OMBC.Status";

    public OmbcStatus()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("active_operation_mode_id")]
    public required string ActiveOperationModeId { get; init; }

    /// <summary>Factor of the active mode, 0..1.</summary>
    [JsonPropertyName("operation_mode_factor")]
    public required double OperationModeFactor { get; init; }

    /// <summary>Mode before the active one; absent only when the active mode is the first one known.</summary>
    [JsonPropertyName("previous_operation_mode_id")]
    public string? PreviousOperationModeId { get; init; }

    /// <summary>When the transition into the active mode began; absent only when the active mode is the first one known.</summary>
    [JsonPropertyName("transition_timestamp")]
    public DateTimeOffset? TransitionTimestamp { get; init; }
}
