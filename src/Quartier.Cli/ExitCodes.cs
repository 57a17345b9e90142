namespace Quartier.Cli;

/// <summary>The CLI's exit codes: 0 ok, 1 failure, 2 bad input (with a message naming file, line, element).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}
