using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;

namespace Quartier.Resources.S2;

/// <summary>Every S2 message type: <c>message_type</c> const ↔ C# type.</summary>
public static class S2MessageTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Handshake.MessageTypeName] = typeof(Handshake),
        [HandshakeResponse.MessageTypeName] = typeof(HandshakeResponse),
        [InstructionStatusUpdate.MessageTypeName] = typeof(InstructionStatusUpdate),
        [PowerForecast.MessageTypeName] = typeof(PowerForecast),
        [PowerMeasurement.MessageTypeName] = typeof(PowerMeasurement),
        [ReceptionStatus.MessageTypeName] = typeof(ReceptionStatus),
        [ResourceManagerDetails.MessageTypeName] = typeof(ResourceManagerDetails),
        [RevokeObject.MessageTypeName] = typeof(RevokeObject),
        [SelectControlType.MessageTypeName] = typeof(SelectControlType),
        [SessionRequest.MessageTypeName] = typeof(SessionRequest),
        [FrbcSystemDescription.MessageTypeName] = typeof(FrbcSystemDescription),
        [FrbcActuatorStatus.MessageTypeName] = typeof(FrbcActuatorStatus),
        [FrbcFillLevelTargetProfile.MessageTypeName] = typeof(FrbcFillLevelTargetProfile),
        [FrbcInstruction.MessageTypeName] = typeof(FrbcInstruction),
        [FrbcLeakageBehaviour.MessageTypeName] = typeof(FrbcLeakageBehaviour),
        [FrbcStorageStatus.MessageTypeName] = typeof(FrbcStorageStatus),
        [FrbcTimerStatus.MessageTypeName] = typeof(FrbcTimerStatus),
        [FrbcUsageForecast.MessageTypeName] = typeof(FrbcUsageForecast),
        [OmbcSystemDescription.MessageTypeName] = typeof(OmbcSystemDescription),
        [OmbcInstruction.MessageTypeName] = typeof(OmbcInstruction),
        [OmbcStatus.MessageTypeName] = typeof(OmbcStatus),
        [OmbcTimerStatus.MessageTypeName] = typeof(OmbcTimerStatus),
        [DdbcSystemDescription.MessageTypeName] = typeof(DdbcSystemDescription),
        [DdbcActuatorStatus.MessageTypeName] = typeof(DdbcActuatorStatus),
        [DdbcAverageDemandRateForecast.MessageTypeName] = typeof(DdbcAverageDemandRateForecast),
        [DdbcInstruction.MessageTypeName] = typeof(DdbcInstruction),
        [DdbcTimerStatus.MessageTypeName] = typeof(DdbcTimerStatus),
        [PpbcPowerProfileDefinition.MessageTypeName] = typeof(PpbcPowerProfileDefinition),
        [PpbcPowerProfileStatus.MessageTypeName] = typeof(PpbcPowerProfileStatus),
        [PpbcScheduleInstruction.MessageTypeName] = typeof(PpbcScheduleInstruction),
        [PpbcStartInterruptionInstruction.MessageTypeName] = typeof(PpbcStartInterruptionInstruction),
        [PpbcEndInterruptionInstruction.MessageTypeName] = typeof(PpbcEndInterruptionInstruction),
        [PebcPowerConstraints.MessageTypeName] = typeof(PebcPowerConstraints),
        [PebcEnergyConstraint.MessageTypeName] = typeof(PebcEnergyConstraint),
        [PebcInstruction.MessageTypeName] = typeof(PebcInstruction),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByType = ByName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>All <c>message_type</c> consts, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The C# type for a <c>message_type</c> (case-sensitive).</summary>
    public static bool TryGetType(string messageType, [NotNullWhen(true)] out Type? type) => ByName.TryGetValue(messageType, out type);

    /// <summary>The <c>message_type</c> of a concrete message type, or null if <paramref name="type"/> is none.</summary>
    public static string? NameOf(Type type) => ByType.GetValueOrDefault(type);
}
