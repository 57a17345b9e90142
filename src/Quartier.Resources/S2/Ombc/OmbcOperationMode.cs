using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ombc;

/// <summary>S2 <c>OMBC.OperationMode</c>: a device mode with its power over the operation mode factor.</summary>
public sealed record OmbcOperationMode
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }

    /// <summary>1..10 power ranges, at most one per commodity quantity, from factor 0 (start) to factor 1 (end).</summary>
    [JsonPropertyName("power_ranges")]
    public required IReadOnlyList<PowerRange> PowerRanges { get; init; }

    /// <summary>Extra costs per second (wear, service), excluding energy; the range is uncertainty, not factor dependent.</summary>
    [JsonPropertyName("running_costs")]
    public NumberRange? RunningCosts { get; init; }

    [JsonPropertyName("abnormal_condition_only")]
    public required bool AbnormalConditionOnly { get; init; }
}
