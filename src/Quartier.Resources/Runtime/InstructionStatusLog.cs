namespace Quartier.Resources.Runtime;

/// <summary>
/// The status updates a simulation emitted (ACCEPTED/REJECTED at instruction time, STARTED at execution,
/// SUCCEEDED when the transition completes, ABORTED/REVOKED). Read them, then <see cref="Clear"/>.
/// Recording can be switched off with <see cref="Enabled"/> (devices start with it off, so a long run
/// instructed every step does not grow a list).
/// </summary>
public sealed class InstructionStatusLog
{
    private readonly List<InstructionStatusUpdate> _updates = new(8);

    internal InstructionStatusLog(bool enabled)
    {
        Enabled = enabled;
    }

    /// <summary>Whether updates are recorded.</summary>
    public bool Enabled { get; set; }

    /// <summary>Number of recorded updates.</summary>
    public int Count => _updates.Count;

    /// <summary>The recorded updates, oldest first.</summary>
    public IReadOnlyList<InstructionStatusUpdate> Updates => _updates;

    /// <summary>The update at <paramref name="index"/>.</summary>
    public InstructionStatusUpdate this[int index] => _updates[index];

    /// <summary>The most recent update, or <c>null</c>.</summary>
    public InstructionStatusUpdate? Last => _updates.Count == 0 ? null : _updates[^1];

    /// <summary>Forgets all recorded updates (keeps the capacity).</summary>
    public void Clear() => _updates.Clear();

    internal void Add(string? instructionId, string? actuatorId, InstructionStatus status, long ticks, string? reason = null)
    {
        if (Enabled)
        {
            _updates.Add(new InstructionStatusUpdate(instructionId, actuatorId, status, Ticks.ToTime(ticks), reason));
        }
    }
}
