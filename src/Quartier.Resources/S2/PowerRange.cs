using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>PowerRange</c>: the power of one <see cref="CommodityQuantity"/> over an operation mode factor from 0 (start) to
/// 1 (end). Consumption is positive, production negative.
/// </summary>
public sealed record PowerRange
{
    [JsonPropertyName("start_of_range")]
    public required double StartOfRange { get; init; }

    [JsonPropertyName("end_of_range")]
    public required double EndOfRange { get; init; }

    [JsonPropertyName("commodity_quantity")]
    public required CommodityQuantity CommodityQuantity { get; init; }

    /// <summary>The power at <paramref name="factor"/> (0 → start, 1 → end), linearly interpolated.</summary>
    public double At(double factor) => StartOfRange + ((EndOfRange - StartOfRange) * factor);
}
