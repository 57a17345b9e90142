using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>PowerMeasurement</c>: measured power values at one instant, at most one per commodity quantity.</summary>
public sealed record PowerMeasurement : S2IdentifiedMessage
{
    public const string MessageTypeName = "PowerMeasurement";

    public PowerMeasurement()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("measurement_timestamp")]
    public required DateTimeOffset MeasurementTimestamp { get; init; }

    /// <summary>1..10 values, at most one per <see cref="CommodityQuantity"/>.</summary>
    [JsonPropertyName("values")]
    public required IReadOnlyList<PowerValue> Values { get; init; }
}
