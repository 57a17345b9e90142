using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>PowerForecastValue</c>: the expected power of one <see cref="CommodityQuantity"/> with optional bounds of the
/// 68 %, 95 % and 100 % probability ranges (lower ≤ … ≤ expected ≤ … ≤ upper).
/// </summary>
public sealed record PowerForecastValue
{
    [JsonPropertyName("value_upper_limit")]
    public double? ValueUpperLimit { get; init; }

    [JsonPropertyName("value_upper_95PPR")]
    public double? ValueUpper95Ppr { get; init; }

    [JsonPropertyName("value_upper_68PPR")]
    public double? ValueUpper68Ppr { get; init; }

    [JsonPropertyName("value_expected")]
    public required double ValueExpected { get; init; }

    [JsonPropertyName("value_lower_68PPR")]
    public double? ValueLower68Ppr { get; init; }

    [JsonPropertyName("value_lower_95PPR")]
    public double? ValueLower95Ppr { get; init; }

    [JsonPropertyName("value_lower_limit")]
    public double? ValueLowerLimit { get; init; }

    [JsonPropertyName("commodity_quantity")]
    public required CommodityQuantity CommodityQuantity { get; init; }
}
