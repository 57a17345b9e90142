using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Forecasting.Weather;

/// <summary>Small helpers shared by the text readers: reading a file, invariant numbers.</summary>
internal static class WeatherText
{
    /// <summary>The lines of <paramref name="path"/> (strict UTF-8, within the file-size limit).</summary>
    public static string[] ReadLines(string path) => ReadAll(path).ReplaceLineEndings("\n").Split('\n');

    /// <summary>The text of <paramref name="path"/>: missing, a folder, too large or invalid UTF-8 are refused naming the file.</summary>
    public static string ReadAll(string path) => InputFiles.ReadAllText(path, "weather file");

    public static bool TryNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A number, or an error naming the file, line and field.</summary>
    public static double Number(string text, string file, int line, string field)
    {
        if (TryNumber(text, out double v))
        {
            return v;
        }

        throw new InputException($"{field}: '{text.Trim()}' is not a {(double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? "finite number" : "number")}", file, line);
    }

    /// <summary>An integer, or an error naming the file, line and field.</summary>
    public static int Integer(string text, string file, int line, string field)
    {
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
        {
            return v;
        }

        throw new InputException($"{field}: '{text.Trim()}' is not a whole number", file, line);
    }

    /// <summary>The number after the first ':' of a header line such as <c>Latitude (decimal degrees):	45.000</c>.</summary>
    public static double? HeaderNumber(string line)
    {
        int colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var rest = line.AsSpan(colon + 1).Trim();
        int end = 0;
        while (end < rest.Length && (char.IsDigit(rest[end]) || rest[end] is '.' or '-' or '+' or 'e' or 'E'))
        {
            end++;
        }

        return TryNumber(rest[..end], out double v) ? v : null;
    }
}
