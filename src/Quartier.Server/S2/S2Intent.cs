using Quartier.Resources.S2;

namespace Quartier.Server.S2;

/// <summary>
/// An instruction the CEM means to send at <see cref="At"/> (its execution time): made by the planner, the DDBC rule or the
/// API. <see cref="Actuator"/> and <see cref="Mode"/> let the CEM check transitions and blocking timers before sending.
/// </summary>
internal sealed record S2Intent(S2IdentifiedMessage Message, DateTimeOffset At, string Summary, string Source, string? Actuator = null, string? Mode = null)
{
    /// <summary>When it may be sent at the earliest (later than <see cref="At"/> while a blocking timer runs).</summary>
    public DateTimeOffset NotBefore { get; set; } = At;

    /// <summary>Handed over through <see cref="IS2Sessions.Deliver"/>: recorded already, sent as it is.</summary>
    public bool Delivered { get; init; }

    /// <summary>The timer it waits for, once the wait is recorded (for a delivered one: its instruction id).</summary>
    public string? WaitingFor { get; set; }
}
