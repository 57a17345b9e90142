using Quartier.Core.Errors;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Solvers;

/// <summary>The available back ends.</summary>
public static class Solvers
{
    /// <summary>CBC (COIN-OR branch and cut), the default.</summary>
    public static ISolver Default => Cbc;

    /// <summary>CBC through libCbcSolver.so.3.</summary>
    public static ISolver Cbc { get; } = new CbcSolver();

    /// <summary>GLPK through libglpk.so.40.</summary>
    public static ISolver Glpk { get; } = new GlpkSolver();

    /// <summary>All back-end names accepted by <see cref="ByName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["cbc", "glpk"];

    /// <summary>The back end called <paramref name="name"/> (<c>cbc</c>, <c>glpk</c> or <c>default</c>; case-insensitive).</summary>
    public static ISolver ByName(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "cbc" or "coin-or" or "coin" or "default" or "" or null => Cbc,
        "glpk" => Glpk,
        _ => throw new InputException($"Unknown solver '{name}'; allowed: cbc, glpk (or default).", elementId: "solver"),
    };
}
