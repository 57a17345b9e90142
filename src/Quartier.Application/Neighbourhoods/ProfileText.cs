using System.Globalization;

namespace Quartier.Application.Neighbourhoods;

/// <summary>
/// PySSMic's two-column text (a load profile: <c>seconds cumulative_Wh</c> from <c>0 0</c>; a prediction:
/// <c>unix_time cumulative_Wh</c>) parsed and checked: times increasing, energies finite and not decreasing.
/// </summary>
public static class ProfileText
{
    public const int MaxRows = 200_000;

    /// <summary>The rows, or the first problem as text naming its line (1-based).</summary>
    public static (double[] Times, double[] Energy, string? Error) Parse(string text, bool fromZero)
    {
        ArgumentNullException.ThrowIfNull(text);
        var times = new List<double>();
        var energy = new List<double>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (times.Count >= MaxRows)
            {
                return ([], [], $"more than {MaxRows:N0} rows");
            }

            var cells = line.Split((char[])[' ', '\t', ';', ','], StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != 2
                || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var t)
                || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
                || !double.IsFinite(t) || !double.IsFinite(e))
            {
                return ([], [], $"line {i + 1} '{Clip(line)}' is not two numbers (time, cumulative Wh)");
            }

            if (times.Count == 0 && fromZero && t != 0)
            {
                return ([], [], $"line {i + 1}: a load profile starts at 0 s, not {t} s");
            }

            if (times.Count > 0 && t <= times[^1])
            {
                return ([], [], $"line {i + 1}: time {t} is not after the previous {times[^1]}");
            }

            if (e < 0 || (energy.Count > 0 && e < energy[^1]))
            {
                return ([], [], $"line {i + 1}: cumulative energy {e} Wh falls (or is negative); it must not decrease");
            }

            times.Add(t);
            energy.Add(e);
        }

        return times.Count < 2 ? ([], [], "needs at least two rows") : ([.. times], [.. energy], null);
    }

    /// <summary>Rows as PySSMic writes them: one <c>time energy</c> pair a line, invariant culture.</summary>
    public static string Format(IReadOnlyList<double> times, IReadOnlyList<double> energy)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(energy);
        var b = new System.Text.StringBuilder();
        for (var i = 0; i < times.Count; i++)
        {
            b.Append(times[i].ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(energy[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return b.ToString();
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
