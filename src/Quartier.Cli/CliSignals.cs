using System.Runtime.InteropServices;

namespace Quartier.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM for the whole process: records which arrived first, and while a long command runs
/// (<see cref="Begin"/>) cancels it instead of letting the runtime end the process, so that the command stores its
/// run as Cancelled and exits with 130 or 143. Registered first in <c>Program.cs</c>, before System.CommandLine's
/// own handlers, which run after this one and see the same signal.
/// </summary>
internal static class CliSignals
{
    private static int _signal;
    private static CancellationTokenSource? _active;

    /// <summary>Starts listening; dispose at the end of <c>Main</c>.</summary>
    public static IDisposable Register() => new Registrations(
        PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));

    /// <summary>The exit code of a command stopped by a signal: 143 after SIGTERM, else 130 (Ctrl-C).</summary>
    public static int CancelledExitCode =>
        Volatile.Read(ref _signal) == (int)PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>
    /// A long command starts: until the scope is disposed, a signal cancels the scope's token (linked to
    /// <paramref name="command"/>, System.CommandLine's token for asynchronous actions).
    /// </summary>
    public static Scope Begin(CancellationToken command)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(command);
        if (Volatile.Read(ref _signal) != 0)
        {
            source.Cancel();
        }

        Volatile.Write(ref _active, source);
        return new Scope(source);
    }

    private static void OnSignal(PosixSignalContext context)
    {
        Interlocked.CompareExchange(ref _signal, (int)context.Signal, 0);
        if (Volatile.Read(ref _active) is { } active)
        {
            context.Cancel = true;
            try
            {
                active.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the command ended just now
            }
        }
    }

    /// <summary>The token of one long command.</summary>
    public sealed class Scope(CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token { get; } = source.Token;

        public void Dispose()
        {
            Interlocked.CompareExchange(ref _active, null, source);
            source.Dispose();
        }
    }

    private sealed class Registrations(params IDisposable[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations)
            {
                r.Dispose();
            }
        }
    }
}
