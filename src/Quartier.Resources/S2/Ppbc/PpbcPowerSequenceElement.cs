using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>S2 <c>PPBC.PowerSequenceElement</c>: power values (at most one per commodity quantity) during one period.</summary>
public sealed record PpbcPowerSequenceElement
{
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    /// <summary>1..10 values, at most one per <see cref="CommodityQuantity"/>.</summary>
    [JsonPropertyName("power_values")]
    public required IReadOnlyList<PowerForecastValue> PowerValues { get; init; }
}
