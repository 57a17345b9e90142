using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Pebc;

/// <summary>S2 <c>PEBC.Instruction</c>: the power envelopes the resource manager should keep to, one per commodity quantity.</summary>
public sealed record PebcInstruction : S2IdentifiedMessage
{
    public const string MessageTypeName = "PEBC.Instruction";

    public PebcInstruction()
        : base(MessageTypeName)
    {
    }

    /// <summary>Instruction id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>When the envelopes start; a time in the past means as soon as possible.</summary>
    [JsonPropertyName("execution_time")]
    public required DateTimeOffset ExecutionTime { get; init; }

    [JsonPropertyName("abnormal_condition")]
    public required bool AbnormalCondition { get; init; }

    /// <summary>Id of the <see cref="PebcPowerConstraints"/> the envelopes are based on.</summary>
    [JsonPropertyName("power_constraints_id")]
    public required string PowerConstraintsId { get; init; }

    /// <summary>1..10 envelopes, at most one per commodity quantity.</summary>
    [JsonPropertyName("power_envelopes")]
    public required IReadOnlyList<PebcPowerEnvelope> PowerEnvelopes { get; init; }
}

/// <summary>S2 <c>PEBC.PowerEnvelope</c>: upper and lower power limits of one commodity quantity over time.</summary>
public sealed record PebcPowerEnvelope
{
    /// <summary>Envelope id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("commodity_quantity")]
    public required CommodityQuantity CommodityQuantity { get; init; }

    /// <summary>1..288 consecutive elements.</summary>
    [JsonPropertyName("power_envelope_elements")]
    public required IReadOnlyList<PebcPowerEnvelopeElement> PowerEnvelopeElements { get; init; }
}

/// <summary>S2 <c>PEBC.PowerEnvelopeElement</c>: power limits during one period; lower at most upper.</summary>
public sealed record PebcPowerEnvelopeElement
{
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    [JsonPropertyName("upper_limit")]
    public required double UpperLimit { get; init; }

    [JsonPropertyName("lower_limit")]
    public required double LowerLimit { get; init; }
}
