using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>PowerValue</c>: one measured power value of a <see cref="CommodityQuantity"/>.</summary>
public sealed record PowerValue
{
    [JsonPropertyName("commodity_quantity")]
    public required CommodityQuantity CommodityQuantity { get; init; }

    [JsonPropertyName("value")]
    public required double Value { get; init; }
}
