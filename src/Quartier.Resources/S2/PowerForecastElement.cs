using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>PowerForecastElement</c>: forecast power values (at most one per commodity quantity) for a period.</summary>
public sealed record PowerForecastElement
{
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    /// <summary>1..10 values, at most one per <see cref="CommodityQuantity"/>.</summary>
    [JsonPropertyName("power_values")]
    public required IReadOnlyList<PowerForecastValue> PowerValues { get; init; }
}
