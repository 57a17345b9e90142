using Spectre.Console;

namespace Quartier.Cli;

/// <summary>
/// Chooses plain or coloured output once: no ANSI escape codes when standard output is a file or a pipe,
/// when <c>NO_COLOR</c> is set (https://no-color.org), or when <c>TERM=dumb</c>.
/// </summary>
internal static class ConsoleSetup
{
    public static bool Plain =>
        Console.IsOutputRedirected
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || Environment.GetEnvironmentVariable("TERM") == "dumb";

    public static void Apply()
    {
        if (!Plain)
        {
            return;
        }

        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
    }
}
