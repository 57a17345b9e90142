namespace Quartier.Core.Errors;

/// <summary>
/// Bad input from a user's file or request: carries where it is (file, line, element id) so the
/// message can be one line a user acts on. The CLI maps it to exit code 2, the API to a 400/422 problem.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message, string? file = null, int? line = null, string? elementId = null, Exception? inner = null)
        : base(message, inner)
    {
        File = file;
        Line = line;
        ElementId = elementId;
    }

    public string? File { get; }

    public int? Line { get; }

    public string? ElementId { get; }

    /// <summary>One line: <c>file:line: element 'id': message</c>.</summary>
    public string Located
    {
        get
        {
            var where = File ?? "input";
            if (Line is { } l)
            {
                where += $":{l}";
            }

            var what = ElementId is null ? string.Empty : $"element '{ElementId}': ";
            return $"{where}: {what}{Message}";
        }
    }
}
