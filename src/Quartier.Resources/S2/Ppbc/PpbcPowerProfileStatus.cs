using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>S2 <c>PPBC.PowerProfileStatus</c>: the state of every container of the current power profile.</summary>
public sealed record PpbcPowerProfileStatus : S2IdentifiedMessage
{
    public const string MessageTypeName = "PPBC.PowerProfileStatus";

    public PpbcPowerProfileStatus()
        : base(MessageTypeName)
    {
    }

    /// <summary>1..1000 container states.</summary>
    [JsonPropertyName("sequence_container_status")]
    public required IReadOnlyList<PpbcPowerSequenceContainerStatus> SequenceContainerStatus { get; init; }
}

/// <summary>S2 <c>PPBC.PowerSequenceContainerStatus</c>: which sequence of a container was chosen and how far it is.</summary>
public sealed record PpbcPowerSequenceContainerStatus
{
    [JsonPropertyName("power_profile_id")]
    public required string PowerProfileId { get; init; }

    [JsonPropertyName("sequence_container_id")]
    public required string SequenceContainerId { get; init; }

    /// <summary>The chosen sequence; absent while none is selected.</summary>
    [JsonPropertyName("selected_sequence_id")]
    public string? SelectedSequenceId { get; init; }

    /// <summary>Time since the selected sequence started; absent while none has started.</summary>
    [JsonPropertyName("progress")]
    public Duration? Progress { get; init; }

    [JsonPropertyName("status")]
    public required PpbcPowerSequenceStatus Status { get; init; }
}
