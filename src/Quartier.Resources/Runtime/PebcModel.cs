namespace Quartier.Resources.Runtime;

/// <summary>Which side of the envelope a limit is (S2 <c>PEBC.PowerEnvelopeLimitType</c>).</summary>
public enum PebcLimitType
{
    /// <summary><c>UPPER_LIMIT</c>: the power must stay at or below it.</summary>
    UpperLimit,

    /// <summary><c>LOWER_LIMIT</c>: the power must stay at or above it (production is negative).</summary>
    LowerLimit,
}

/// <summary>What happens to limited energy (S2 <c>PEBC.PowerEnvelopeConsequenceType</c>).</summary>
public enum PebcConsequenceType
{
    /// <summary><c>VANISH</c>: it is lost (curtailed PV).</summary>
    Vanish,

    /// <summary><c>DEFER</c>: it is caught up later.</summary>
    Defer,
}

/// <summary>Values the CEM may choose for one limit of one commodity quantity (S2 <c>PEBC.AllowedLimitRange</c>).</summary>
public sealed record PebcAllowedLimitRange(
    CommodityQuantity Quantity,
    PebcLimitType LimitType,
    NumberRange RangeBoundary,
    bool AbnormalConditionOnly = false);

/// <summary>The limits a PEBC resource accepts, valid from <paramref name="ValidFrom"/> until <paramref name="ValidUntil"/> (null = open).</summary>
public sealed record PebcPowerConstraints(
    string Id,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    PebcConsequenceType ConsequenceType,
    IReadOnlyList<PebcAllowedLimitRange> AllowedLimitRanges);

/// <summary>A power envelope for one commodity quantity: consecutive elements from the instruction's execution time.</summary>
public sealed record PebcPowerEnvelope(string Id, CommodityQuantity Quantity, IReadOnlyList<PebcPowerEnvelopeElement> Elements);

/// <summary>One envelope element: for <paramref name="Duration"/> the power stays within <paramref name="LowerLimit"/>..<paramref name="UpperLimit"/>.</summary>
public sealed record PebcPowerEnvelopeElement(TimeSpan Duration, double LowerLimit, double UpperLimit);
