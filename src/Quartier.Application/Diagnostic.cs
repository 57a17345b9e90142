namespace Quartier.Application;

/// <summary>How much a diagnostic matters: a note informs, a warning says a result may not be what the user expects.</summary>
public enum DiagnosticLevel
{
    Note,
    Warning,
}

/// <summary>
/// Something a run wants its user to know, as a value rather than a printed line: the CLI prints it as
/// <c>note: …</c>/<c>warning: …</c>, the server returns it in the run's status and log.
/// </summary>
/// <param name="Source">What it is about: an ESDL element id, a service, or "input"; null for the run as a whole.</param>
public sealed record Diagnostic(DiagnosticLevel Level, string Message, string? Source = null)
{
    public static Diagnostic Note(string message, string? source = null) => new(DiagnosticLevel.Note, message, source);

    public static Diagnostic Warning(string message, string? source = null) => new(DiagnosticLevel.Warning, message, source);

    public override string ToString() => $"{(Level == DiagnosticLevel.Warning ? "warning" : "note")}: {Message}";
}
