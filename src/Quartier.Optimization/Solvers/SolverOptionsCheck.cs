using Quartier.Core.Errors;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Solvers;

/// <summary>Validates <see cref="SolveOptions"/> before they reach a native library.</summary>
internal static class SolverOptionsCheck
{
    internal static void Validate(SolveOptions options)
    {
        if (!(options.TimeLimitSeconds > 0) || double.IsNaN(options.TimeLimitSeconds))
        {
            throw new InputException($"Solver option TimeLimitSeconds = {options.TimeLimitSeconds}; it must be a positive number of seconds.", elementId: "TimeLimitSeconds");
        }

        if (!(options.RelativeGap >= 0) || !double.IsFinite(options.RelativeGap))
        {
            throw new InputException($"Solver option RelativeGap = {options.RelativeGap}; it must be a finite number >= 0 (e.g. 1e-6).", elementId: "RelativeGap");
        }

        if (!(options.AbsoluteGap >= 0) || !double.IsFinite(options.AbsoluteGap))
        {
            throw new InputException($"Solver option AbsoluteGap = {options.AbsoluteGap}; it must be a finite number >= 0 (0: none).", elementId: "AbsoluteGap");
        }

        foreach (var (variable, value) in options.Start ?? [])
        {
            if (variable.Index < 0 || !double.IsFinite(value))
            {
                throw new InputException($"Solver option Start: column {variable.Index} = {value}; a start gives finite values of the model's columns.", elementId: "Start");
            }
        }

        if (options.MaxNodes is < 0)
        {
            throw new InputException($"Solver option MaxNodes = {options.MaxNodes}; it must be 0 or more branch-and-bound nodes.", elementId: "MaxNodes");
        }
    }
}
