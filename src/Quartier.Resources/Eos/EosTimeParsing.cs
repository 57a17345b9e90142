using System.Globalization;

namespace Quartier.Resources.Eos;

/// <summary>
/// Parsers for the value formats EOS accepts in time windows: times of day (<c>14:30</c>, <c>1430</c>, <c>14h30</c>,
/// <c>2:30 PM</c>, <c>14.5</c>, with an ignored time-zone suffix), durations (ISO 8601 <c>PT2H30M</c>, <c>2 hours 30 minutes</c>,
/// seconds) and weekday names (English, or German/French/Dutch/Spanish/Italian with a locale).
/// </summary>
internal static class EosTimeParsing
{
    public const string TimeFormats = "HH:MM, HH:MM:SS, HHMM, HH, 14h30, 2:30 PM, 2PM or 14.5";
    public const string DurationFormats = "ISO 8601 like PT2H30M or P1DT2H, '2 hours 30 minutes', '1 day', or seconds";

    /// <summary>Longest duration accepted (100 years): far beyond any window, and safe to add to a date.</summary>
    private const double MaxDurationSeconds = 100 * 366 * 86400.0;

    private static readonly string[] EnglishDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    private static readonly Dictionary<string, string[]> LocalDays = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = EnglishDays,
        ["de"] = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
        ["fr"] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        ["nl"] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
        ["es"] = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        ["it"] = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
    };

    /// <summary>Languages with weekday names, for messages.</summary>
    public static string SupportedLocales => string.Join(", ", LocalDays.Keys.Order(StringComparer.Ordinal));

    /// <summary>Converts EOS's weekday number (0 = Monday … 6 = Sunday) to .NET's <see cref="DayOfWeek"/>.</summary>
    public static DayOfWeek FromEosWeekday(int monday0) => (DayOfWeek)((monday0 + 1) % 7);

    /// <summary>Converts .NET's <see cref="DayOfWeek"/> to EOS's weekday number (0 = Monday … 6 = Sunday).</summary>
    public static int ToEosWeekday(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>Parses a time of day; a trailing time zone is dropped, as EOS keeps start times as naive wall-clock times.</summary>
    public static bool TryParseTimeOfDay(string text, out TimeSpan time)
    {
        time = default;
        var s = StripZone(text.Trim());
        int? meridiem = null;
        if (s.Length >= 2 && (s.EndsWith("am", StringComparison.OrdinalIgnoreCase) || s.EndsWith("pm", StringComparison.OrdinalIgnoreCase)))
        {
            meridiem = char.ToLowerInvariant(s[^2]) == 'p' ? 12 : 0;
            s = s[..^2].TrimEnd();
        }

        int hour, minute = 0;
        double second = 0;
        if (s.Contains(':', StringComparison.Ordinal))
        {
            var parts = s.Split(':');
            if (parts.Length > 3 || !Int(parts[0], 1, 2, out hour) || !Int(parts[1], 2, 2, out minute))
            {
                return false;
            }

            if (parts.Length == 3 && (!double.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out second) || parts[2].Length < 2 || second >= 60))
            {
                return false;
            }
        }
        else if (s.Contains('h', StringComparison.OrdinalIgnoreCase))
        {
            var parts = s.Split('h', 'H');
            if (parts.Length != 2 || !Int(parts[0], 1, 2, out hour) || (parts[1].Length > 0 && !Int(parts[1], 2, 2, out minute)))
            {
                return false;
            }
        }
        else if (s.Contains('.', StringComparison.Ordinal))
        {
            if (meridiem is not null || !double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours) || hours < 0 || hours >= 24)
            {
                return false;
            }

            time = TimeSpan.FromSeconds(Math.Round(hours * 3600, 6));
            return time < TimeSpan.FromDays(1);
        }
        else if (s.Length is 3 or 4 && Int(s, 3, 4, out var compact))
        {
            hour = compact / 100;
            minute = compact % 100;
        }
        else if (!Int(s, 1, 2, out hour))
        {
            return false;
        }

        if (meridiem is { } offset)
        {
            if (hour < 1 || hour > 12)
            {
                return false;
            }

            hour = (hour % 12) + offset;
        }

        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeSpan(hour, minute, 0) + TimeSpan.FromTicks((long)Math.Round(second * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Parses a duration in one of <see cref="DurationFormats"/>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return TrySeconds(seconds, out duration);
        }

        if (s[0] is 'P' or 'p')
        {
            return TryParseIso(s, out duration);
        }

        return TryParseWords(s, out duration);
    }

    /// <summary>A positive number of seconds (at most 100 years) as a duration.</summary>
    public static bool TrySeconds(double seconds, out TimeSpan duration)
    {
        duration = default;
        if (!(seconds > 0) || seconds > MaxDurationSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Resolves a weekday name: English first, then the names of <paramref name="locale"/>'s language.</summary>
    public static bool TryParseWeekday(string text, string? locale, out DayOfWeek day, out bool unknownLocale)
    {
        day = default;
        unknownLocale = false;
        var name = text.Trim();
        int index = Array.FindIndex(EnglishDays, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0 && !string.IsNullOrWhiteSpace(locale))
        {
            var language = locale.Split('_', '-')[0];
            if (!LocalDays.TryGetValue(language, out var names))
            {
                unknownLocale = true;
                return false;
            }

            index = Array.FindIndex(names, d => string.Equals(d, name, StringComparison.OrdinalIgnoreCase));
        }

        if (index < 0)
        {
            return false;
        }

        day = FromEosWeekday(index);
        return true;
    }

    private static bool TryParseIso(string s, out TimeSpan duration)
    {
        duration = default;
        double total = 0;
        bool inTime = false, any = false;
        int i = 1;
        while (i < s.Length)
        {
            char c = s[i];
            if (c is 'T' or 't')
            {
                if (inTime)
                {
                    return false;
                }

                inTime = true;
                i++;
                continue;
            }

            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.' || s[i] == ','))
            {
                i++;
            }

            if (i == start || i == s.Length || !double.TryParse(s[start..i].Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            double factor = (char.ToUpperInvariant(s[i]), inTime) switch
            {
                ('W', false) => 7 * 86400,
                ('D', false) => 86400,
                ('H', true) => 3600,
                ('M', true) => 60,
                ('S', true) => 1,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            total += value * factor;
            any = true;
            i++;
        }

        return any && TrySeconds(total, out duration);
    }

    private static bool TryParseWords(string s, out TimeSpan duration)
    {
        duration = default;
        var tokens = s.Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double total = 0;
        bool any = false;
        int i = 0;
        while (i < tokens.Length)
        {
            if (string.Equals(tokens[i], "and", StringComparison.OrdinalIgnoreCase))
            {
                i++;
                continue;
            }

            var token = tokens[i];
            int split = 0;
            while (split < token.Length && (char.IsAsciiDigit(token[split]) || token[split] == '.'))
            {
                split++;
            }

            if (split == 0 || !double.TryParse(token[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            string unit;
            if (split < token.Length)
            {
                unit = token[split..];
                i++;
            }
            else if (i + 1 < tokens.Length)
            {
                unit = tokens[i + 1];
                i += 2;
            }
            else
            {
                return false;
            }

            double factor = unit.ToLowerInvariant() switch
            {
                "w" or "week" or "weeks" => 7 * 86400,
                "d" or "day" or "days" => 86400,
                "h" or "hr" or "hrs" or "hour" or "hours" => 3600,
                "m" or "min" or "mins" or "minute" or "minutes" => 60,
                "s" or "sec" or "secs" or "second" or "seconds" => 1,
                _ => double.NaN,
            };
            if (double.IsNaN(factor))
            {
                return false;
            }

            total += value * factor;
            any = true;
        }

        return any && TrySeconds(total, out duration);
    }

    private static string StripZone(string s)
    {
        // "Z" or a numeric offset right after the time: 14:30Z, 14:30+05:30, 14:30 -0100.
        if (s.EndsWith('Z') && s.Length > 1 && char.IsAsciiDigit(s[^2]))
        {
            return s[..^1];
        }

        int sign = s.LastIndexOfAny(['+', '-']);
        if (sign > 0 && IsOffset(s[(sign + 1)..]))
        {
            return s[..sign].TrimEnd();
        }

        // A named zone as the last word: "14:30 UTC", "2:30 PM EST".
        int space = s.LastIndexOf(' ');
        if (space > 0)
        {
            var word = s[(space + 1)..];
            if ((word.Length >= 3 && word.All(char.IsAsciiLetter)) || word.Contains('/', StringComparison.Ordinal))
            {
                return s[..space].TrimEnd();
            }
        }

        return s;
    }

    private static bool IsOffset(string s) =>
        (s.Length == 2 && s.All(char.IsAsciiDigit))
        || (s.Length == 4 && s.All(char.IsAsciiDigit))
        || (s.Length == 5 && s[2] == ':' && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[3]) && char.IsAsciiDigit(s[4]));

    private static bool Int(string s, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        if (s.Length < minDigits || s.Length > maxDigits || !s.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
