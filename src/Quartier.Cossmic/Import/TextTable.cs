using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;

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
        if (Directory.Exists(path))
        {
            throw new InputException($"{what} is a folder, not a file", path);
        }

        if (!File.Exists(path))
        {
            throw new InputException($"{what} not found: {path}", path);
        }

        string[] raw;
        try
        {
            raw = InputFiles.ReadAllText(path, what).Split('\n');
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
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new InputException($"the {what} contains a NUL byte; it must be text", path, i + 1);
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

        throw new InputException($"{what} '{Clip(field.Trim())}' is not a whole number", file, line);
    }

    public static double ParseDouble(string field, string what, string file, int line)
    {
        if (double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        throw new InputException($"{what} '{Clip(field.Trim())}' is not a finite number", file, line);
    }

    /// <summary>A whole number checked against <paramref name="range"/> (the message names <paramref name="what"/> and the range).</summary>
    public static long ParseLong(string field, string what, PhysicalRange range, string file, int line, string? elementId = null)
    {
        var value = ParseLong(field, what, file, line);
        range.Check(value, what, file, line, elementId);
        return value;
    }

    /// <summary>A finite number checked against <paramref name="range"/>.</summary>
    public static double ParseDouble(string field, string what, PhysicalRange range, string file, int line, string? elementId = null) =>
        range.Check(ParseDouble(field, what, file, line), what, file, line, elementId);

    /// <summary>Text quoted in a message, cut to 60 characters.</summary>
    public static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");
}
