namespace Quartier.Resources.Schedules;

/// <summary>
/// One timed instruction of an <see cref="InstructionSchedule"/>: at <paramref name="At"/>, resource
/// <paramref name="ResourceId"/> (an asset id or name) goes to operation mode <paramref name="Mode"/> with
/// <paramref name="Factor"/>; <paramref name="Actuator"/> picks one actuator of a DDBC device;
/// <paramref name="AbnormalCondition"/> allows transitions (such as into FAULT) that S2 reserves for abnormal conditions.
/// <paramref name="Line"/> is where it stands in its file (a JSON entry's opening brace).
/// </summary>
public sealed record ScheduledInstruction(DateTimeOffset At, string ResourceId, string Mode, double Factor, string? Actuator, bool AbnormalCondition, int Line);
