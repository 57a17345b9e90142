using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2.Pebc;

/// <summary>Whether a <see cref="PebcAllowedLimitRange"/> constrains the upper or the lower power limit (S2 <c>PEBC.PowerEnvelopeLimitType</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<PebcPowerEnvelopeLimitType>))]
public enum PebcPowerEnvelopeLimitType
{
    [JsonStringEnumMemberName("UPPER_LIMIT")]
    UpperLimit,

    [JsonStringEnumMemberName("LOWER_LIMIT")]
    LowerLimit,
}
