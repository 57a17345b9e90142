using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>Kinds of object a <see cref="RevokeObject"/> message can withdraw; the wire names are the message types (S2 <c>RevokableObjects</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<RevokableObjects>))]
public enum RevokableObjects
{
    [JsonStringEnumMemberName("PEBC.PowerConstraints")]
    PebcPowerConstraints,

    [JsonStringEnumMemberName("PEBC.EnergyConstraint")]
    PebcEnergyConstraint,

    [JsonStringEnumMemberName("PEBC.Instruction")]
    PebcInstruction,

    [JsonStringEnumMemberName("PPBC.PowerProfileDefinition")]
    PpbcPowerProfileDefinition,

    [JsonStringEnumMemberName("PPBC.ScheduleInstruction")]
    PpbcScheduleInstruction,

    [JsonStringEnumMemberName("PPBC.StartInterruptionInstruction")]
    PpbcStartInterruptionInstruction,

    [JsonStringEnumMemberName("PPBC.EndInterruptionInstruction")]
    PpbcEndInterruptionInstruction,

    [JsonStringEnumMemberName("OMBC.SystemDescription")]
    OmbcSystemDescription,

    [JsonStringEnumMemberName("OMBC.Instruction")]
    OmbcInstruction,

    [JsonStringEnumMemberName("FRBC.SystemDescription")]
    FrbcSystemDescription,

    [JsonStringEnumMemberName("FRBC.Instruction")]
    FrbcInstruction,

    [JsonStringEnumMemberName("DDBC.SystemDescription")]
    DdbcSystemDescription,

    [JsonStringEnumMemberName("DDBC.Instruction")]
    DdbcInstruction,
}
