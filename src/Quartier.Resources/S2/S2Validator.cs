using Quartier.Core.Errors;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;

namespace Quartier.Resources.S2;

/// <summary>
/// Checks an S2 message against the rules of the standard that its JSON schema cannot express or that parsing does not
/// enforce: unique and resolvable ids, contiguous fill levels, ordered ranges, factors and durations in range, array
/// cardinalities, supported commodities and the other cheap "shall" rules of the schema descriptions (see
/// <see cref="S2Rules"/>). It looks at one message only; rules that need other messages (e.g. an instruction's mode exists
/// in the last system description) are the session's job.
/// </summary>
public static class S2Validator
{
    /// <summary>All broken rules of <paramref name="message"/>, in document order; empty when it is valid.</summary>
    public static IReadOnlyList<S2ValidationError> Validate(S2Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var check = new S2Checks();
        switch (message)
        {
            case Handshake m: check.Handshake(m); break;
            case HandshakeResponse m: check.MessageId(m); break;
            case InstructionStatusUpdate m: check.InstructionStatusUpdate(m); break;
            case PowerForecast m: check.PowerForecast(m); break;
            case PowerMeasurement m: check.PowerMeasurement(m); break;
            case ReceptionStatus m: check.Id("subject_message_id", m.SubjectMessageId); break;
            case ResourceManagerDetails m: check.ResourceManagerDetails(m); break;
            case RevokeObject m: check.MessageId(m); check.Id("object_id", m.ObjectId); break;
            case SelectControlType m: check.MessageId(m); break;
            case SessionRequest m: check.MessageId(m); break;
            case FrbcSystemDescription m: check.FrbcSystemDescription(m); break;
            case FrbcActuatorStatus m: check.Status(m, m.ActuatorId, m.ActiveOperationModeId, m.OperationModeFactor, m.PreviousOperationModeId); break;
            case FrbcFillLevelTargetProfile m: check.FrbcFillLevelTargetProfile(m); break;
            case FrbcInstruction m: check.Instruction(m, m.Id, m.ActuatorId, "operation_mode", m.OperationMode, m.OperationModeFactor); break;
            case FrbcLeakageBehaviour m: check.FrbcLeakageBehaviour(m); break;
            case FrbcStorageStatus m: check.MessageId(m); break;
            case FrbcTimerStatus m: check.TimerStatus(m, m.TimerId, m.ActuatorId); break;
            case FrbcUsageForecast m: check.FrbcUsageForecast(m); break;
            case OmbcSystemDescription m: check.OmbcSystemDescription(m); break;
            case OmbcInstruction m: check.Instruction(m, m.Id, null, "operation_mode_id", m.OperationModeId, m.OperationModeFactor); break;
            case OmbcStatus m: check.Status(m, null, m.ActiveOperationModeId, m.OperationModeFactor, m.PreviousOperationModeId); break;
            case OmbcTimerStatus m: check.TimerStatus(m, m.TimerId, null); break;
            case DdbcSystemDescription m: check.DdbcSystemDescription(m); break;
            case DdbcActuatorStatus m: check.Status(m, m.ActuatorId, m.ActiveOperationModeId, m.OperationModeFactor, m.PreviousOperationModeId); break;
            case DdbcAverageDemandRateForecast m: check.DdbcAverageDemandRateForecast(m); break;
            case DdbcInstruction m: check.Instruction(m, m.Id, m.ActuatorId, "operation_mode_id", m.OperationModeId, m.OperationModeFactor); break;
            case DdbcTimerStatus m: check.TimerStatus(m, m.TimerId, m.ActuatorId); break;
            case PpbcPowerProfileDefinition m: check.PpbcPowerProfileDefinition(m); break;
            case PpbcPowerProfileStatus m: check.PpbcPowerProfileStatus(m); break;
            case PpbcSequenceInstruction m: check.PpbcSequenceInstruction(m); break;
            case PebcPowerConstraints m: check.PebcPowerConstraints(m); break;
            case PebcEnergyConstraint m: check.PebcEnergyConstraint(m); break;
            case PebcInstruction m: check.PebcInstruction(m); break;
            default: throw new ArgumentException($"no validation for {message.GetType().Name}", nameof(message));
        }

        return check.Errors;
    }

    /// <summary>
    /// Throws an <see cref="InputException"/> listing every broken rule (inner exception: <see cref="S2ValidationException"/>
    /// with the errors) when <paramref name="message"/> is invalid; <paramref name="source"/> names where it came from.
    /// </summary>
    public static void ThrowIfInvalid(S2Message message, string? source = null)
    {
        var errors = Validate(message);
        if (errors.Count == 0)
        {
            return;
        }

        var id = message.GetMessageId();
        var what = id is null ? message.MessageType : $"{message.MessageType} '{id}'";
        var text = $"S2 {what} breaks {errors.Count} rule{(errors.Count == 1 ? string.Empty : "s")}: {string.Join("; ", errors)}";
        throw new InputException(text, source, elementId: id, inner: new S2ValidationException(text, errors));
    }
}
