using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>S2 <c>PPBC.PowerSequenceContainer</c>: alternative power sequences of which the CEM chooses one.</summary>
public sealed record PpbcPowerSequenceContainer
{
    /// <summary>Unique within the power profile definition.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>1..288 alternatives with unique ids.</summary>
    [JsonPropertyName("power_sequences")]
    public required IReadOnlyList<PpbcPowerSequence> PowerSequences { get; init; }
}
