using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Pebc;

/// <summary>
/// S2 <c>PEBC.PowerConstraints</c> (power envelope based control): the ranges within which the CEM may set the upper and
/// lower power limits of its envelopes, and what happens to the energy those limits cut off.
/// </summary>
public sealed record PebcPowerConstraints : S2IdentifiedMessage
{
    public const string MessageTypeName = "PEBC.PowerConstraints";

    public PebcPowerConstraints()
        : base(MessageTypeName)
    {
    }

    /// <summary>Constraints id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("valid_from")]
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity; absent means open-ended.</summary>
    [JsonPropertyName("valid_until")]
    public DateTimeOffset? ValidUntil { get; init; }

    [JsonPropertyName("consequence_type")]
    public required PebcPowerEnvelopeConsequenceType ConsequenceType { get; init; }

    /// <summary>2..100 ranges, with at least one for the upper and one for the lower limit.</summary>
    [JsonPropertyName("allowed_limit_ranges")]
    public required IReadOnlyList<PebcAllowedLimitRange> AllowedLimitRanges { get; init; }
}

/// <summary>S2 <c>PEBC.AllowedLimitRange</c>: values the CEM may choose for one limit of one commodity quantity.</summary>
public sealed record PebcAllowedLimitRange
{
    [JsonPropertyName("commodity_quantity")]
    public required CommodityQuantity CommodityQuantity { get; init; }

    [JsonPropertyName("limit_type")]
    public required PebcPowerEnvelopeLimitType LimitType { get; init; }

    /// <summary>Allowed limit values; start at most end.</summary>
    [JsonPropertyName("range_boundary")]
    public required NumberRange RangeBoundary { get; init; }

    [JsonPropertyName("abnormal_condition_only")]
    public required bool AbnormalConditionOnly { get; init; }
}
