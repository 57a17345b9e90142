namespace Quartier.Optimization.Solvers;

/// <summary>The native library of a solver back end could not be loaded; the message says how to install it.</summary>
public sealed class SolverUnavailableException : Exception
{
    public SolverUnavailableException(string message)
        : base(message)
    {
    }

    public SolverUnavailableException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    public SolverUnavailableException()
        : base("The solver's native library is not installed.")
    {
    }
}
