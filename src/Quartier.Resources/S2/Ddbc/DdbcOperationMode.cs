using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ddbc;

/// <summary>S2 <c>DDBC.OperationMode</c>: a mode of an actuator with the supply rate and power it gives over the factor.</summary>
public sealed record DdbcOperationMode
{
    /// <summary>Unique within the actuator. The JSON name is the schema's capitalised <c>Id</c>.</summary>
    [JsonPropertyName("Id")]
    public required string Id { get; init; }

    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }

    /// <summary>1..10 power ranges, at most one per commodity quantity, from factor 0 (start) to factor 1 (end).</summary>
    [JsonPropertyName("power_ranges")]
    public required IReadOnlyList<PowerRange> PowerRanges { get; init; }

    /// <summary>Supply rate towards the demand, from factor 0 (start) to factor 1 (end).</summary>
    [JsonPropertyName("supply_range")]
    public required NumberRange SupplyRange { get; init; }

    /// <summary>Extra costs per second (wear, service), excluding energy; the range is uncertainty, not factor dependent.</summary>
    [JsonPropertyName("running_costs")]
    public NumberRange? RunningCosts { get; init; }

    [JsonPropertyName("abnormal_condition_only")]
    public required bool AbnormalConditionOnly { get; init; }
}
