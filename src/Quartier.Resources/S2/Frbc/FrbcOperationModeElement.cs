using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.OperationModeElement</c>: behaviour of an operation mode while the fill level is in one range.</summary>
public sealed record FrbcOperationModeElement
{
    /// <summary>Fill levels this element applies to; start strictly below end.</summary>
    [JsonPropertyName("fill_level_range")]
    public required NumberRange FillLevelRange { get; init; }

    /// <summary>Change of the fill level per second, from factor 0 (start) to factor 1 (end).</summary>
    [JsonPropertyName("fill_rate")]
    public required NumberRange FillRate { get; init; }

    /// <summary>1..10 power ranges, at most one per commodity quantity, from factor 0 (start) to factor 1 (end).</summary>
    [JsonPropertyName("power_ranges")]
    public required IReadOnlyList<PowerRange> PowerRanges { get; init; }

    /// <summary>Extra costs per second (wear, service), excluding energy; the range is uncertainty, not factor dependent.</summary>
    [JsonPropertyName("running_costs")]
    public NumberRange? RunningCosts { get; init; }
}
