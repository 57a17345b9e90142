namespace Quartier.Resources.Runtime;

/// <summary>
/// One S2 <c>InstructionStatusUpdate</c>: instruction <paramref name="InstructionId"/> (the caller's id, or
/// <c>null</c>) for <paramref name="ActuatorId"/> (actuator, container or envelope id; <c>null</c> for OMBC)
/// reached <paramref name="Status"/> at <paramref name="Timestamp"/>.
/// </summary>
public readonly record struct InstructionStatusUpdate(
    string? InstructionId,
    string? ActuatorId,
    InstructionStatus Status,
    DateTimeOffset Timestamp,
    string? Reason = null);
