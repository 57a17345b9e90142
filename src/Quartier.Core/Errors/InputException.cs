namespace Quartier.Core.Errors;

/// <summary>
/// Bad input from a user's file or request: carries where it is (file, line, element id, field) so the
/// message can be one line a user acts on. The CLI maps it to exit code 2, the API to a 400/422 problem.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(string message, string? file = null, int? line = null, string? elementId = null, Exception? inner = null, string? field = null)
        : base(message, inner)
    {
        File = file;
        Line = line is > 0 ? line : null;
        ElementId = elementId;
        Field = field;
    }

    public string? File { get; }

    public int? Line { get; }

    public string? ElementId { get; }

    /// <summary>The attribute, JSON property or column the problem is in, when there is one.</summary>
    public string? Field { get; }

    /// <summary>One line: <c>file:line: element 'id': field 'name': message</c>.</summary>
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
            if (Field is not null && !Message.Contains(Field, StringComparison.Ordinal))
            {
                what += $"field '{Field}': ";
            }

            return OneLine($"{where}: {what}{Message}");
        }
    }

    /// <summary>The same error placed in <paramref name="file"/> when it named no file (e.g. a string parsed from a request body).</summary>
    public InputException InFile(string file) => File is null ? new InputException(Message, file, Line, ElementId, this, Field) : this;

    private static string OneLine(string text) =>
        text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ')
            : text;
}
