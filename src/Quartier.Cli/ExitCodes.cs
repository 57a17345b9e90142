namespace Quartier.Cli;

/// <summary>
/// The CLI's exit codes: 0 ok, 1 failure, 2 bad input (with a message naming file, line, element); a long command
/// stopped by a signal exits with 128 + the signal's number, as a shell reports it: 130 after SIGINT, 143 after SIGTERM.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Interrupted = 130;
    public const int Terminated = 143;
}
