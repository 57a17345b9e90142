using Quartier.Application;

namespace Quartier.Cli;

/// <summary>Prints a run's diagnostics to standard error as <c>note: …</c> and <c>warning: …</c> lines.</summary>
internal static class Diagnostics
{
    public static void Print(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            Console.Error.WriteLine(d.ToString());
        }
    }
}
