using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Resources.Eos;

/// <summary>
/// EOS's <c>TimeWindowSequence</c>: a set of allowed time windows (e.g. when a dishwasher may start). An empty set
/// allows nothing. Parses EOS's JSON (<c>{"windows": [{"start_time": "08:00", "duration": "5 hours", "day_of_week": 0,
/// "date": "2025-07-25", "locale": "de"}]}</c>) with errors that name the bad value.
/// </summary>
public sealed class TimeWindowSequence
{
    private readonly TimeWindow[] _windows;

    /// <summary>Creates a sequence from windows.</summary>
    public TimeWindowSequence(IEnumerable<TimeWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        _windows = [.. windows];
    }

    /// <summary>The windows, in the order given.</summary>
    public IReadOnlyList<TimeWindow> Windows => _windows;

    /// <summary>True when some window contains <paramref name="instant"/>.</summary>
    public bool Contains(DateTime instant)
    {
        foreach (var w in _windows)
        {
            if (w.Contains(instant))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some window holds a whole run from <paramref name="start"/> lasting <paramref name="duration"/>.</summary>
    public bool Contains(DateTime start, TimeSpan duration)
    {
        foreach (var w in _windows)
        {
            if (w.Contains(start, duration))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The earliest window start on the day of <paramref name="day"/> among windows a run of <paramref name="duration"/> fits in; <c>null</c> if none.</summary>
    public DateTime? EarliestStart(TimeSpan duration, DateTime day)
    {
        DateTime? best = null;
        foreach (var w in _windows)
        {
            if (w.EarliestStart(duration, day) is { } t && (best is null || t < best))
            {
                best = t;
            }
        }

        return best;
    }

    /// <summary>The latest start on the day of <paramref name="day"/> that lets a run of <paramref name="duration"/> finish within a window; <c>null</c> if none.</summary>
    public DateTime? LatestStart(TimeSpan duration, DateTime day)
    {
        DateTime? best = null;
        foreach (var w in _windows)
        {
            if (w.LatestStart(duration, day) is { } t && (best is null || t > best))
            {
                best = t;
            }
        }

        return best;
    }

    /// <summary>Parses EOS's JSON for a window sequence: an object with <c>windows</c>, or the bare array of windows.</summary>
    public static TimeWindowSequence Parse(string json, string source = "time_windows")
    {
        using var doc = EosJson.Parse(json, source);
        return Parse(doc.RootElement, string.Empty, source);
    }

    internal static TimeWindowSequence Parse(JsonElement element, string path, string source)
    {
        JsonElement list;
        string listPath;
        if (element.ValueKind == JsonValueKind.Array)
        {
            list = element;
            listPath = path;
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            list = EosJson.Require(element, path, source, "windows", null, out listPath);
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InputException($"{listPath} must be an array of time windows, found {EosJson.Kind(list)}", source);
            }
        }
        else
        {
            throw new InputException($"{Name(path)} must be an object with 'windows' or an array of time windows, found {EosJson.Kind(element)}", source);
        }

        var windows = new List<TimeWindow>();
        int i = 0;
        foreach (var item in list.EnumerateArray())
        {
            windows.Add(ParseWindow(item, $"{listPath}[{i}]", source));
            i++;
        }

        return new TimeWindowSequence(windows);
    }

    private static TimeWindow ParseWindow(JsonElement w, string path, string source)
    {
        EosJson.RequireObject(w, path, source);
        var startElement = EosJson.Require(w, path, source, "start_time", null, out var startPath);
        TimeSpan start;
        if (startElement.ValueKind == JsonValueKind.Number)
        {
            var hours = EosJson.Number(startElement, startPath, source);
            start = TimeSpan.FromSeconds(Math.Round(Math.Clamp(hours, -1, 25) * 3600, 6));
            if (hours < 0 || start >= TimeSpan.FromDays(1))
            {
                throw new InputException($"{startPath} is {startElement.GetRawText()}; a start hour must be ≥ 0 and < 24", source);
            }
        }
        else if (!EosTimeParsing.TryParseTimeOfDay(EosJson.String(startElement, startPath, source), out start))
        {
            throw new InputException($"{startPath} \"{startElement.GetString()}\" is not a time of day (e.g. {EosTimeParsing.TimeFormats})", source);
        }

        var durationElement = EosJson.Require(w, path, source, "duration", null, out var durationPath);
        var duration = ParseDuration(durationElement, durationPath, source);

        string? locale = EosJson.OptionalString(w, path, source, "locale");
        DayOfWeek? weekday = null;
        if (EosJson.TryGet(w, path, source, "day_of_week", null, out var dow, out var dowPath))
        {
            if (dow.ValueKind == JsonValueKind.Number)
            {
                var n = EosJson.Integer(dow, dowPath, source);
                if (n < 0 || n > 6)
                {
                    throw new InputException($"{dowPath} is {n}; allowed are 0 (Monday) … 6 (Sunday) or a weekday name", source);
                }

                weekday = EosTimeParsing.FromEosWeekday(n);
            }
            else
            {
                var name = EosJson.String(dow, dowPath, source);
                if (!EosTimeParsing.TryParseWeekday(name, locale, out var day, out var unknownLocale))
                {
                    throw new InputException(
                        unknownLocale
                            ? $"{dowPath} \"{name}\" is not an English weekday name and locale '{locale}' is not supported (supported: {EosTimeParsing.SupportedLocales})"
                            : $"{dowPath} \"{name}\" is not a weekday name{(locale is null ? string.Empty : $" in English or locale '{locale}'")}; allowed are 0 (Monday) … 6 (Sunday), Monday … Sunday, or localized names with 'locale'",
                        source);
                }

                weekday = day;
            }
        }

        DateOnly? date = null;
        if (EosJson.TryGet(w, path, source, "date", null, out var dateElement, out var datePath))
        {
            var text = EosJson.String(dateElement, datePath, source);
            if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                throw new InputException($"{datePath} \"{text}\" is not a date; use YYYY-MM-DD", source);
            }

            date = d;
        }

        return new TimeWindow(start, duration, weekday, date);
    }

    private static TimeSpan ParseDuration(JsonElement element, string path, string source)
    {
        TimeSpan duration;
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                if (!EosTimeParsing.TrySeconds(EosJson.Number(element, path, source), out duration))
                {
                    throw new InputException($"{path} is {element.GetRawText()} seconds; a duration must be positive (and at most 100 years)", source);
                }

                return duration;
            case JsonValueKind.Array:
                var parts = EosJson.NumberArray(element, path, source);
                if (parts.Length != 4 || !EosTimeParsing.TrySeconds((parts[0] * 86400) + (parts[1] * 3600) + (parts[2] * 60) + parts[3], out duration))
                {
                    throw new InputException($"{path} {element.GetRawText()} is not a duration; an array must be [days, hours, minutes, seconds] and positive", source);
                }

                return duration;
            default:
                var text = EosJson.String(element, path, source);
                if (!EosTimeParsing.TryParseDuration(text, out duration))
                {
                    throw new InputException($"{path} \"{text}\" is not a positive duration (e.g. {EosTimeParsing.DurationFormats})", source);
                }

                return duration;
        }
    }

    private static string Name(string path) => path.Length == 0 ? "the time windows" : path;
}
