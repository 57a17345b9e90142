namespace Quartier.Resources.Runtime;

/// <summary>The S2 <c>InstructionStatus</c> of an instruction, in S2 order.</summary>
public enum InstructionStatus
{
    /// <summary><c>NEW</c>: created, not yet handled.</summary>
    New,

    /// <summary><c>ACCEPTED</c>: passed every check and will be executed at its execution time.</summary>
    Accepted,

    /// <summary><c>REJECTED</c>: refused (the outcome's reason says why).</summary>
    Rejected,

    /// <summary><c>REVOKED</c>: withdrawn before it was executed.</summary>
    Revoked,

    /// <summary><c>STARTED</c>: execution began (the transition was initiated).</summary>
    Started,

    /// <summary><c>SUCCEEDED</c>: the device now behaves as instructed (the transition completed).</summary>
    Succeeded,

    /// <summary><c>ABORTED</c>: execution began but did not complete (e.g. a reported status overrode it).</summary>
    Aborted,
}

/// <summary>S2 spelling of <see cref="InstructionStatus"/>.</summary>
public static class InstructionStatuses
{
    /// <summary>The S2 name, e.g. <c>SUCCEEDED</c>.</summary>
    public static string ToS2(InstructionStatus status) => status switch
    {
        InstructionStatus.New => "NEW",
        InstructionStatus.Accepted => "ACCEPTED",
        InstructionStatus.Rejected => "REJECTED",
        InstructionStatus.Revoked => "REVOKED",
        InstructionStatus.Started => "STARTED",
        InstructionStatus.Succeeded => "SUCCEEDED",
        _ => "ABORTED",
    };
}
