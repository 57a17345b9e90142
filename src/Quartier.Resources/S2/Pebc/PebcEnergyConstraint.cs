using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Pebc;

/// <summary>
/// S2 <c>PEBC.EnergyConstraint</c>: bounds on the average power between <see cref="ValidFrom"/> and
/// <see cref="ValidUntil"/>, i.e. on the energy the CEM's envelopes must let through in that period.
/// </summary>
public sealed record PebcEnergyConstraint : S2IdentifiedMessage
{
    public const string MessageTypeName = "PEBC.EnergyConstraint";

    public PebcEnergyConstraint()
        : base(MessageTypeName)
    {
    }

    /// <summary>Constraint id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("valid_from")]
    public required DateTimeOffset ValidFrom { get; init; }

    [JsonPropertyName("valid_until")]
    public required DateTimeOffset ValidUntil { get; init; }

    /// <summary>Highest average power over the period; at least <see cref="LowerAveragePower"/>.</summary>
    [JsonPropertyName("upper_average_power")]
    public required double UpperAveragePower { get; init; }

    /// <summary>Lowest average power over the period (negative for production).</summary>
    [JsonPropertyName("lower_average_power")]
    public required double LowerAveragePower { get; init; }

    [JsonPropertyName("commodity_quantity")]
    public required CommodityQuantity CommodityQuantity { get; init; }
}
