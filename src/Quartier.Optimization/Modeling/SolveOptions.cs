namespace Quartier.Optimization.Modeling;

/// <summary>Solver-neutral options.</summary>
public sealed record SolveOptions
{
    /// <summary>Wall-clock limit in seconds (must be positive).</summary>
    public double TimeLimitSeconds { get; init; } = 30;

    /// <summary>Relative MIP gap at which the search stops and reports <see cref="SolveStatus.Optimal"/>.</summary>
    public double RelativeGap { get; init; } = 1e-6;

    /// <summary>
    /// Absolute MIP gap (in the objective's unit) at which the search stops as well, for objectives near 0 where a relative
    /// gap is hard to close (a home's day of EUR cents). CBC only; GLPK ignores it. 0 (default): none.
    /// </summary>
    public double AbsoluteGap { get; init; }

    /// <summary>
    /// Branch-and-bound node limit (CBC; GLPK has none and ignores it): unlike the time limit it stops at the same
    /// point on every machine, so a limited search gives reproducible results. Null: no limit.
    /// </summary>
    public int? MaxNodes { get; init; }

    /// <summary>
    /// Stops the solve within a fraction of a second when cancelled (CBC through its interrupt handler, see
    /// <see cref="Interrupt"/>; GLPK through its
    /// branch-and-cut callback); the solver then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Whether a running CBC MILP search may be stopped mid-search (through CBC's own SIGINT handler, which Quartier's
    /// watchdog triggers; GLPK is always stopped through its callback). Off for many short solves, such as an EMS's plan
    /// at every step: while CbcMain1 holds SIGINT, before its branch and bound, a user's Ctrl-C is swallowed by CBC, and
    /// short solves are stopped between solves (every step checks the token) anyway. On by default.
    /// </summary>
    public bool Interrupt { get; init; } = true;

    /// <summary>
    /// A starting solution for the branch and bound (CBC's MIP start; GLPK ignores it): values of columns, usually every
    /// integer one. CBC checks it and, when it is feasible, starts from it as its first incumbent.
    /// </summary>
    public IReadOnlyList<KeyValuePair<Variable, double>>? Start { get; init; }

    /// <summary>Let the solver write its log to the console.</summary>
    public bool Log { get; init; }

    /// <summary>The defaults.</summary>
    public static SolveOptions Default { get; } = new();
}
