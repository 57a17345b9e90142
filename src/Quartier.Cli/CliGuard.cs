using Quartier.Core.Errors;

namespace Quartier.Cli;

/// <summary>Runs a command body and turns exceptions into one-line messages and exit codes.</summary>
internal static class CliGuard
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException ex)
        {
            Console.Error.WriteLine($"error: {ex.Located}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return ExitCodes.Failure;
        }
        catch (SimulationException ex)
        {
            Console.Error.WriteLine($"failed: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"failed: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"failed: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
