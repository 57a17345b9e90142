using Quartier.Core.Errors;

namespace Quartier.Cli;

/// <summary>
/// Runs a command body and turns exceptions into one-line messages and exit codes: bad input 2, a failure 1.
/// Nothing reaches the user as a stack trace; <c>QUARTIER_DEBUG=1</c> prints it for a bug report. A long command runs
/// with a token that SIGINT and SIGTERM cancel (<see cref="CliSignals"/>); stopped so, it exits with 130 or 143.
/// </summary>
internal static class CliGuard
{
    /// <summary>Runs a long command: <paramref name="body"/> gets a token that a signal (or <paramref name="command"/>) cancels.</summary>
    public static int Run(Func<CancellationToken, int> body, CancellationToken command)
    {
        using var scope = CliSignals.Begin(command);
        return Run(() => body(scope.Token));
    }

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputException ex)
        {
            // An error in an option's value (no file) names the option: "--record: pattern … matches no signal";
            // the library names the input's field ("runs"), the command line shows it as the flag ("--runs").
            var flag = ex.Field is { } option ? (option.StartsWith('-') ? option : "--" + option) : null;
            var located = ex.File is null && flag is not null && ex.Line is null && ex.ElementId is null && !ex.Message.Contains(flag, StringComparison.Ordinal)
                ? $"{flag}: {ex.Message}"
                : ex.Located;
            return Report("error", located, ex, ExitCodes.BadInput);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return CliSignals.CancelledExitCode;
        }
        catch (SimulationException ex)
        {
            return Report("failed", ex.Message, ex, ExitCodes.Failure);
        }
        catch (IOException ex)
        {
            return Report("failed", ex.Message, ex, ExitCodes.Failure);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Report("failed", ex.Message, ex, ExitCodes.Failure);
        }
        catch (OutOfMemoryException ex)
        {
            return Report("failed", "out of memory; the input is too large for this machine (see the input limits in the README)", ex, ExitCodes.Failure);
        }
        catch (Exception ex) when (ex is not StackOverflowException)
        {
            return Report("failed", $"internal error ({ex.GetType().Name}: {ex.Message}); this is a bug in Quartier — please report it with the input (QUARTIER_DEBUG=1 prints the details)", ex, ExitCodes.Failure);
        }
    }

    private static int Report(string kind, string message, Exception ex, int code)
    {
        Console.Error.WriteLine($"{kind}: {OneLine(message)}");
        if (Environment.GetEnvironmentVariable("QUARTIER_DEBUG") is "1" or "true")
        {
            Console.Error.WriteLine(ex);
        }

        return code;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
