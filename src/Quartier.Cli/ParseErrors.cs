using System.Text.RegularExpressions;
using Quartier.Core.Input;

namespace Quartier.Cli;

/// <summary>The command-line parser's errors as one line in the user's words (no .NET type names).</summary>
internal static partial class ParseErrors
{
    public static string OneLine(IEnumerable<string> messages) =>
        string.Join("; ", messages.Select(Describe)) + " (try 'quartier --help')";

    public static string Describe(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = ExpectedType().Replace(message.ReplaceLineEndings(" "), m => "as " + SafeJson.Describe(m.Groups["type"].Value));
        return text.TrimEnd('.', ' ');
    }

    [GeneratedRegex(@"as expected type '(?<type>[^']+)'")]
    private static partial Regex ExpectedType();
}
