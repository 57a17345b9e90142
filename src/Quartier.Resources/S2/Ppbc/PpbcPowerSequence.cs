using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>S2 <c>PPBC.PowerSequence</c>: a fixed power course, possibly interruptible, possibly paused before it starts.</summary>
public sealed record PpbcPowerSequence
{
    /// <summary>Unique within its container.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>1..288 consecutive elements.</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<PpbcPowerSequenceElement> Elements { get; init; }

    [JsonPropertyName("is_interruptible")]
    public required bool IsInterruptible { get; init; }

    /// <summary>Longest allowed pause between the end of the previous sequence and the start of this one.</summary>
    [JsonPropertyName("max_pause_before")]
    public Duration? MaxPauseBefore { get; init; }

    [JsonPropertyName("abnormal_condition_only")]
    public required bool AbnormalConditionOnly { get; init; }
}
