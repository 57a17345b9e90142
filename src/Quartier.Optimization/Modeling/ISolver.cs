namespace Quartier.Optimization.Modeling;

/// <summary>A MILP back end. Implementations are thread-safe: each call builds its own native problem.</summary>
public interface ISolver
{
    /// <summary>Short lower-case name, e.g. <c>cbc</c> or <c>glpk</c>.</summary>
    string Name { get; }

    /// <summary>Solves <paramref name="model"/>; never throws for infeasible/unbounded models (see the status).</summary>
    Solution Solve(Model model, SolveOptions? options = null);
}
