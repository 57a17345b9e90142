namespace Quartier.Optimization.Modeling;

/// <summary>Solver-neutral options.</summary>
public sealed record SolveOptions
{
    /// <summary>Wall-clock limit in seconds (must be positive).</summary>
    public double TimeLimitSeconds { get; init; } = 30;

    /// <summary>Relative MIP gap at which the search stops and reports <see cref="SolveStatus.Optimal"/>.</summary>
    public double RelativeGap { get; init; } = 1e-6;

    /// <summary>
    /// Branch-and-bound node limit (CBC; GLPK has none and ignores it): unlike the time limit it stops at the same
    /// point on every machine, so a limited search gives reproducible results. Null: no limit.
    /// </summary>
    public int? MaxNodes { get; init; }

    /// <summary>
    /// Stops the solve within a fraction of a second when cancelled (CBC through its cut callback, GLPK through its
    /// branch-and-cut callback); the solver then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Let the solver write its log to the console.</summary>
    public bool Log { get; init; }

    /// <summary>The defaults.</summary>
    public static SolveOptions Default { get; } = new();
}
