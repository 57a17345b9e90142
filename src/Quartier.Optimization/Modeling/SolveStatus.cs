namespace Quartier.Optimization.Modeling;

/// <summary>Outcome of a solve, mapped honestly from the back end's status.</summary>
public enum SolveStatus
{
    /// <summary>Proven optimal (within the requested relative gap).</summary>
    Optimal,

    /// <summary>An incumbent exists but optimality was not proven (gap not closed).</summary>
    Feasible,

    /// <summary>Proven infeasible.</summary>
    Infeasible,

    /// <summary>Proven unbounded (or infeasible-or-unbounded; see <see cref="Solution.Message"/>).</summary>
    Unbounded,

    /// <summary>The time limit was hit; values are available when <see cref="Solution.HasValues"/>.</summary>
    TimedOut,

    /// <summary>The solver did not run.</summary>
    NotSolved,

    /// <summary>The back end failed or stopped for another reason; see <see cref="Solution.Message"/>.</summary>
    Error,
}
