using Spectre.Console;

namespace Quartier.Cli;

/// <summary>The progress bar of long commands, shown only on an interactive terminal.</summary>
internal static class ProgressBar
{
    /// <summary>Whether both output streams are a terminal that can redraw a bar.</summary>
    public static bool Interactive =>
        !Console.IsErrorRedirected && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> under a bar from 0 to <paramref name="max"/>; the work reports its position.</summary>
    public static T Run<T>(string description, double max, Func<IProgress<double>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(description, maxValue: max);
                result = work(new Progress<double>(p => task.Value = p));
                task.Value = max;
            });
        return result;
    }
}
