using System.Globalization;

namespace Quartier.Core.Time;

/// <summary>Parses human durations such as <c>60h</c>, <c>15min</c>, <c>900</c> (seconds), <c>7d</c>, <c>1y</c>.</summary>
public static class DurationParser
{
    public static bool TryParseSeconds(string text, out long seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().ToLowerInvariant();
        int i = 0;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.'))
        {
            i++;
        }

        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        double factor = s[i..].Trim() switch
        {
            "" or "s" or "sec" => 1,
            "m" or "min" => 60,
            "h" or "hr" => 3600,
            "d" or "day" or "days" => 86_400,
            "w" or "week" or "weeks" => 7 * 86_400,
            "y" or "year" => 365 * 86_400,
            _ => double.NaN,
        };
        if (double.IsNaN(factor) || value < 0)
        {
            return false;
        }

        var total = value * factor;
        if (total >= long.MaxValue || Math.Abs(total - Math.Round(total)) > 1e-9)
        {
            return false;
        }

        seconds = (long)Math.Round(total);
        return true;
    }
}
