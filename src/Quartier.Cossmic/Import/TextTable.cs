using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Cossmic.Import;

/// <summary>Line-oriented reading of PySSMic's text files with file/line-accurate errors.</summary>
internal static class TextTable
{
    /// <summary>
    /// The data lines of a file as (1-based line number, trimmed text); lines of two characters or fewer after trimming
    /// are skipped, as PySSMic skips them.
    /// </summary>
    public static List<(int Line, string Text)> ReadLines(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{what} not found: {path}", path);
        }

        string[] raw;
        try
        {
            raw = File.ReadAllLines(path);
        }
        catch (IOException e)
        {
            throw new InputException($"cannot read {what}: {e.Message}", path, inner: e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException($"cannot read {what}: {e.Message}", path, inner: e);
        }

        var lines = new List<(int, string)>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var text = raw[i].Trim();
            if (i == 0 && text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..].Trim();
            }

            if (text.Length > 2)
            {
                lines.Add((i + 1, text));
            }
        }

        return lines;
    }

    public static string[] SplitWhitespace(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static long ParseLong(string field, string what, string file, int line)
    {
        if (long.TryParse(field.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new InputException($"{what} '{field}' is not a whole number", file, line);
    }

    public static double ParseDouble(string field, string what, string file, int line)
    {
        if (double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new InputException($"{what} '{field}' is not a finite number", file, line);
    }
}
