using System.Globalization;

namespace Quartier.Optimization.Modeling;

/// <summary>Result of <see cref="ISolver.Solve"/>: status, objective, bound and column values.</summary>
public sealed class Solution
{
    private readonly double[]? _values;

    /// <param name="status">Mapped status.</param>
    /// <param name="solver">Back-end name.</param>
    /// <param name="values">Column values (one per variable) when an incumbent exists, else null.</param>
    /// <param name="objective">Objective value including the model's constant (NaN without values).</param>
    /// <param name="bestBound">Best proven bound on the objective, when the back end reports one.</param>
    /// <param name="solveSeconds">Wall time spent in the back end (including building the native problem).</param>
    /// <param name="message">Human-readable detail (which back end, why no solution).</param>
    public Solution(SolveStatus status, string solver, double[]? values, double objective, double? bestBound, double solveSeconds, string? message)
    {
        ArgumentNullException.ThrowIfNull(solver);
        Status = status;
        Solver = solver;
        _values = values;
        Objective = values is null ? double.NaN : objective;
        BestBound = bestBound;
        SolveSeconds = solveSeconds;
        Message = message;
    }

    public SolveStatus Status { get; }

    /// <summary>True when column values are available: Optimal, Feasible, or TimedOut with an incumbent.</summary>
    public bool HasValues => _values is not null;

    /// <summary>Objective of the returned values (including the model's constant); NaN when <see cref="HasValues"/> is false.</summary>
    public double Objective { get; }

    /// <summary>Best proven bound (for MILPs), if known.</summary>
    public double? BestBound { get; }

    /// <summary>Relative gap |objective − bound| / max(1e-10, |objective|) when both are known.</summary>
    public double? RelativeGap =>
        HasValues && BestBound is { } b && double.IsFinite(b)
            ? Math.Abs(Objective - b) / Math.Max(1e-10, Math.Abs(Objective))
            : null;

    public string Solver { get; }

    public double SolveSeconds { get; }

    public string? Message { get; }

    /// <summary>The same result with another message (e.g. how a back end got there).</summary>
    internal Solution WithMessage(string? message) => new(Status, Solver, _values, Objective, BestBound, SolveSeconds, message);

    /// <summary>All column values (index = <see cref="Variable.Index"/>); empty when <see cref="HasValues"/> is false.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Value of a column. Throws <see cref="InvalidOperationException"/> when there are no values.</summary>
    public double Value(Variable v) => RequireValues()[v.Index];

    /// <summary>Value of an expression (including its constant).</summary>
    public double Value(LinearExpression e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Evaluate(RequireValues());
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Solver}: {Status}, objective {Objective}, bound {BestBound?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {SolveSeconds * 1000:F1} ms{(Message is null ? string.Empty : ": " + Message)}");

    private double[] RequireValues() =>
        _values ?? throw new InvalidOperationException(
            $"The {Solver} solution has no values (status {Status}{(Message is null ? string.Empty : ": " + Message)}); check Solution.HasValues first.");
}
