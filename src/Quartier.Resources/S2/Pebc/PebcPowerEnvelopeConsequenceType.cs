using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2.Pebc;

/// <summary>What happens to energy that a power envelope prevents: lost for good or shifted to later (S2 <c>PEBC.PowerEnvelopeConsequenceType</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<PebcPowerEnvelopeConsequenceType>))]
public enum PebcPowerEnvelopeConsequenceType
{
    /// <summary>Curtailed energy is lost.</summary>
    [JsonStringEnumMemberName("VANISH")]
    Vanish,

    /// <summary>Curtailed energy is consumed or produced later.</summary>
    [JsonStringEnumMemberName("DEFER")]
    Defer,
}
