using Quartier.Resources.S2;

namespace Quartier.Server.S2;

/// <summary>
/// One instruction the CEM sent or holds for a resource, and what became of it: its reception status (with the resource
/// manager's diagnostic label, where a refusal's reason arrives) and every <c>InstructionStatusUpdate</c>.
/// </summary>
public sealed class S2InstructionRecord
{
    private readonly List<(string Status, DateTimeOffset At)> _updates = [];

    internal S2InstructionRecord(string resourceId, S2IdentifiedMessage message, string id, DateTimeOffset executionTime, string source, string summary)
    {
        ResourceId = resourceId;
        Message = message;
        Id = id;
        ExecutionTime = executionTime;
        Source = source;
        Summary = summary;
    }

    public string ResourceId { get; }

    /// <summary>The instruction message.</summary>
    public S2IdentifiedMessage Message { get; }

    /// <summary>The instruction's <c>id</c> (instruction status updates refer to it).</summary>
    public string Id { get; }

    public DateTimeOffset ExecutionTime { get; }

    /// <summary>Who made it: <c>planner</c>, <c>ddbc-rule</c> or <c>api</c>.</summary>
    public string Source { get; }

    /// <summary>What it asks, e.g. <c>battery/FORCED_CHARGE 0.6</c>.</summary>
    public string Summary { get; }

    /// <summary>The actuator's mode when it was sent (for a mode change: the transition's <c>from</c>), if known.</summary>
    public string? FromMode { get; internal set; }

    /// <summary>Simulated time it was sent; null while it waits for its execution time or a timer.</summary>
    public DateTimeOffset? SentAt { get; internal set; }

    /// <summary>Wall-clock milliseconds (<see cref="Environment.TickCount64"/>) when it was sent; 0 before.</summary>
    internal long SentWallMs { get; set; }

    /// <summary>
    /// Sent, and the resource has not yet said that it started (or refused) it: the actuator's mode and timers are unknown
    /// until it does. Expires after an hour of simulated time and <paramref name="wall"/> of real time both, so a lagging
    /// resource manager on an accelerated clock is waited for, and one that never answers blocks the actuator only briefly.
    /// </summary>
    internal bool InFlight(DateTimeOffset now, TimeSpan wall) =>
        Status is "SENT" or "ACCEPTED"
        && (SentAt > now - TimeSpan.FromHours(1) || Environment.TickCount64 - SentWallMs < (long)wall.TotalMilliseconds);

    /// <summary>The ReceptionStatus value the resource manager answered (<c>OK</c>, <c>INVALID_CONTENT</c> …), null before.</summary>
    public string? Reception { get; internal set; }

    /// <summary>The last InstructionStatusUpdate status (<c>ACCEPTED</c>, <c>REJECTED</c> …), or <c>PENDING</c>/<c>SENT</c>/<c>DROPPED</c>.</summary>
    public string Status { get; internal set; } = "PENDING";

    /// <summary>Why it was refused or dropped: the reception status's label, the resource manager's or the CEM's reason.</summary>
    public string? Reason { get; internal set; }

    /// <summary>Every status update, in order.</summary>
    public IReadOnlyList<(string Status, DateTimeOffset At)> Updates => _updates;

    internal void Add(string status, DateTimeOffset at)
    {
        _updates.Add((status, at));
        Status = status;
    }
}
