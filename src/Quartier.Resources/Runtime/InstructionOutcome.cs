namespace Quartier.Resources.Runtime;

/// <summary>
/// What an instruction call returned: <see cref="InstructionStatus.Accepted"/> (no reason) or
/// <see cref="InstructionStatus.Rejected"/> with a one-line <see cref="Reason"/> naming what is wrong.
/// </summary>
public readonly record struct InstructionOutcome(InstructionStatus Status, string? Reason)
{
    /// <summary>The accepted outcome (allocates nothing).</summary>
    public static InstructionOutcome Accepted => new(InstructionStatus.Accepted, null);

    /// <summary>True when the instruction was accepted.</summary>
    public bool IsAccepted => Status == InstructionStatus.Accepted;

    /// <summary>A rejection with its reason.</summary>
    public static InstructionOutcome Rejected(string reason) => new(InstructionStatus.Rejected, reason);
}
