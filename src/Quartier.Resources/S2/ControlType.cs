using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>The S2 control types a resource manager can offer (S2 <c>ControlType</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<ControlType>))]
public enum ControlType
{
    [JsonStringEnumMemberName("POWER_ENVELOPE_BASED_CONTROL")]
    PowerEnvelopeBasedControl,

    [JsonStringEnumMemberName("POWER_PROFILE_BASED_CONTROL")]
    PowerProfileBasedControl,

    [JsonStringEnumMemberName("OPERATION_MODE_BASED_CONTROL")]
    OperationModeBasedControl,

    [JsonStringEnumMemberName("FILL_RATE_BASED_CONTROL")]
    FillRateBasedControl,

    [JsonStringEnumMemberName("DEMAND_DRIVEN_BASED_CONTROL")]
    DemandDrivenBasedControl,

    /// <summary>The resource cannot be controlled (the spelling is the standard's).</summary>
    [JsonStringEnumMemberName("NOT_CONTROLABLE")]
    NotControlable,

    /// <summary>No control type selected yet.</summary>
    [JsonStringEnumMemberName("NO_SELECTION")]
    NoSelection,
}
