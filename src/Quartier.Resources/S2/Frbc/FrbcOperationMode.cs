using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>
/// S2 <c>FRBC.OperationMode</c>: a mode of an actuator whose fill rate, power and costs depend on the storage fill level,
/// given as elements over contiguous fill level ranges.
/// </summary>
public sealed record FrbcOperationMode
{
    /// <summary>Unique within the actuator.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }

    /// <summary>1..100 elements whose fill level ranges are contiguous, in ascending order.</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<FrbcOperationModeElement> Elements { get; init; }

    [JsonPropertyName("abnormal_condition_only")]
    public required bool AbnormalConditionOnly { get; init; }
}
