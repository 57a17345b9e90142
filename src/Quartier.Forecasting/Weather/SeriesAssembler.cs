using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>Puts collected records on a regular UTC grid: strictly regular, with gaps filled by NaN, or as a typical year.</summary>
internal static class SeriesAssembler
{
    /// <summary>Step of the records (difference of the first two times), in seconds.</summary>
    public static int StepOf(RecordTable t, string file, string clock, string row = "line")
    {
        if (t.Count < 2)
        {
            throw new InputException($"{t.Count} record(s): at least two are needed to know the time step", file, t.Count == 1 ? LineOf(row, t.Lines[0]) : null);
        }

        double seconds = (t.Times[1] - t.Times[0]).TotalSeconds;
        if (seconds <= 0 || seconds != Math.Floor(seconds) || seconds > 86_400 * 31.0)
        {
            throw new InputException($"time does not increase between {row} {t.Lines[0]} ({Show(t.Times[0], clock)}) and {row} {t.Lines[1]} ({Show(t.Times[1], clock)})", file, LineOf(row, t.Lines[1]));
        }

        return (int)seconds;
    }

    /// <summary>True when every record follows the previous one by exactly <paramref name="stepSeconds"/>.</summary>
    public static bool IsRegular(RecordTable t, int stepSeconds)
    {
        var step = TimeSpan.FromSeconds(stepSeconds);
        for (int i = 1; i < t.Count; i++)
        {
            if (t.Times[i] - t.Times[i - 1] != step)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A strictly regular series: any gap, repeat or backward step is an error naming both lines.</summary>
    public static WeatherGrid Regular(RecordTable t, int stepSeconds, double offsetHours, string file, string clock, string row = "line")
    {
        var step = TimeSpan.FromSeconds(stepSeconds);
        for (int i = 1; i < t.Count; i++)
        {
            var d = t.Times[i] - t.Times[i - 1];
            if (d == step)
            {
                continue;
            }

            var between = $"{row} {t.Lines[i - 1]} ({Show(t.Times[i - 1], clock)}) and {row} {t.Lines[i]} ({Show(t.Times[i], clock)})";
            string message = d <= TimeSpan.Zero
                ? $"time does not increase between {between}"
                : d > step && d.Ticks % step.Ticks == 0
                    ? $"gap between {between}: {Duration(d)} apart, the step is {Duration(step)} ({d.Ticks / step.Ticks - 1} interval(s) missing)"
                    : $"irregular time step between {between}: {Duration(d)} apart, the step is {Duration(step)}";
            throw new InputException(message, file, LineOf(row, t.Lines[i]));
        }

        return new WeatherGrid(t.Times[0] - TimeSpan.FromHours(offsetHours), stepSeconds, Copy(t));
    }

    /// <summary>
    /// A series whose missing intervals (a provider's skipped hour) are NaN; a repeat, backward or off-grid time is an error.
    /// </summary>
    public static WeatherGrid FillGaps(RecordTable t, int stepSeconds, double offsetHours, string file, string clock, List<string> notes, string row = "line")
    {
        if (t.Count == 0)
        {
            throw new InputException("no weather records", file);
        }

        var step = TimeSpan.FromSeconds(stepSeconds);
        var slot = new long[t.Count];
        for (int i = 1; i < t.Count; i++)
        {
            var d = t.Times[i] - t.Times[i - 1];
            if (d <= TimeSpan.Zero || d.Ticks % step.Ticks != 0)
            {
                var between = $"{row} {t.Lines[i - 1]} ({Show(t.Times[i - 1], clock)}) and {row} {t.Lines[i]} ({Show(t.Times[i], clock)})";
                throw new InputException(d <= TimeSpan.Zero ? $"time does not increase between {between}" : $"irregular time step between {between}: {Duration(d)} apart, the step is {Duration(step)}", file, LineOf(row, t.Lines[i]));
            }

            slot[i] = slot[i - 1] + (d.Ticks / step.Ticks);
        }

        int n = checked((int)(slot[^1] + 1));
        var columns = new double[t.ColumnCount][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[n];
            Array.Fill(columns[c], double.NaN);
            for (int i = 0; i < t.Count; i++)
            {
                columns[c][slot[i]] = t.Value(c, i);
            }
        }

        var start = t.Times[0] - TimeSpan.FromHours(offsetHours);
        if (n > t.Count)
        {
            var missing = new List<string>();
            for (int i = 1; i < t.Count && missing.Count < 5; i++)
            {
                for (long s = slot[i - 1] + 1; s < slot[i] && missing.Count < 5; s++)
                {
                    missing.Add(start.AddTicks(s * step.Ticks).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC");
                }
            }

            notes.Add($"{n - t.Count} missing interval(s) filled with NaN (first: {string.Join(", ", missing)})");
        }

        return new WeatherGrid(start, stepSeconds, columns);
    }

    /// <summary>
    /// A typical year: each record goes to the same month, day and time of one calendar year (see
    /// <see cref="WeatherReadOptions.Year"/> for the choice of year and 29 February). Times are in the file's clock.
    /// </summary>
    public static WeatherGrid TypicalYear(RecordTable t, int stepSeconds, int? year, double offsetHours, string file, List<string> notes)
    {
        if (t.Count == 0)
        {
            throw new InputException("no weather records", file);
        }

        if (86_400 % stepSeconds != 0)
        {
            throw new InputException($"a typical year needs a step that divides a day, not {stepSeconds} s", file);
        }

        bool hasLeapDay = false;
        var sourceYears = new SortedSet<int>();
        for (int i = 0; i < t.Count; i++)
        {
            hasLeapDay |= t.Times[i] is { Month: 2, Day: 29 };
            sourceYears.Add(t.Times[i].Year);
        }

        int y = year ?? t.Times[0].Year;
        if (year is null && DateTime.IsLeapYear(y) && !hasLeapDay)
        {
            notes.Add($"the typical year has no 29 February and its first record is from leap year {y}: put on {y - 1} instead (give a year to choose another)");
            y--;
        }

        int perDay = 86_400 / stepSeconds;
        int days = DateTime.IsLeapYear(y) ? 366 : 365;
        var jan1 = new DateTime(y, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var columns = new double[t.ColumnCount][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[days * perDay];
            Array.Fill(columns[c], double.NaN);
        }

        var lineAt = new int[days * perDay];
        int dropped = 0;
        long stepTicks = TimeSpan.TicksPerSecond * stepSeconds;
        for (int i = 0; i < t.Count; i++)
        {
            var time = t.Times[i];
            if (time is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(y))
            {
                dropped++;
                continue;
            }

            if (time.TimeOfDay.Ticks % stepTicks != 0)
            {
                throw new InputException($"time {time:HH:mm:ss} is not on the {Duration(TimeSpan.FromTicks(stepTicks))} grid of the typical year", file, t.Lines[i]);
            }

            int s = ((new DateTime(y, time.Month, time.Day) - jan1).Days * perDay) + (int)(time.TimeOfDay.Ticks / stepTicks);
            if (lineAt[s] != 0)
            {
                throw new InputException($"line {lineAt[s]} and line {t.Lines[i]} both give {time:MM-dd HH:mm} of the typical year", file, t.Lines[i]);
            }

            lineAt[s] = t.Lines[i];
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c][s] = t.Value(c, i);
            }
        }

        if (dropped > 0)
        {
            notes.Add($"29 February ({dropped} records) dropped: {y} is not a leap year");
        }

        if (DateTime.IsLeapYear(y) && !hasLeapDay)
        {
            int feb28 = 58 * perDay;
            int feb29 = 59 * perDay;
            for (int k = 0; k < perDay; k++)
            {
                lineAt[feb29 + k] = lineAt[feb28 + k];
                for (int c = 0; c < columns.Length; c++)
                {
                    columns[c][feb29 + k] = columns[c][feb28 + k];
                }
            }

            notes.Add($"{y} is a leap year and the typical year has no 29 February: 29 February repeats 28 February");
        }

        int first = Array.FindIndex(lineAt, l => l != 0);
        int last = Array.FindLastIndex(lineAt, l => l != 0);
        if (first < 0)
        {
            throw new InputException("no weather records left after year mapping", file);
        }

        for (int s = first; s <= last; s++)
        {
            if (lineAt[s] == 0)
            {
                var when = jan1.AddTicks(s * stepTicks);
                throw new InputException($"the typical year has no record for {when:MM-dd HH:mm} (after line {lineAt[s - 1]})", file, lineAt[s - 1]);
            }
        }

        if (first > 0 || last < lineAt.Length - 1)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                columns[c] = columns[c][first..(last + 1)];
            }
        }

        string from = sourceYears.Count == 1 ? sourceYears.Min.ToString(CultureInfo.InvariantCulture) : $"{sourceYears.Min}–{sourceYears.Max}";
        notes.Add($"typical year: records from {from} put on calendar year {y}");
        var start = jan1.AddTicks(first * stepTicks) - TimeSpan.FromHours(offsetHours);
        return new WeatherGrid(start, stepSeconds, columns);
    }

    /// <summary>
    /// Turns a provider's stamped values into interval means: from <c>n</c> stamps <c>T_0..T_{n−1}</c> come the n−1
    /// intervals <c>[T_k, T_{k+1})</c>. A column that is a mean over the preceding hour (<paramref name="precedingMean"/>)
    /// gives interval k its value at <c>T_{k+1}</c>; an instantaneous column gives the mean of its values at both ends
    /// (trapezoid rule).
    /// </summary>
    public static WeatherGrid StampsToIntervals(WeatherGrid stamps, IReadOnlyList<bool> precedingMean)
    {
        int n = Math.Max(stamps.Count - 1, 0);
        var columns = new double[stamps.Columns.Length][];
        for (int c = 0; c < columns.Length; c++)
        {
            var src = stamps.Columns[c];
            var dst = columns[c] = new double[n];
            for (int k = 0; k < n; k++)
            {
                dst[k] = precedingMean[c] ? src[k + 1] : 0.5 * (src[k] + src[k + 1]);
            }
        }

        return new WeatherGrid(stamps.StartUtc, stamps.StepSeconds, columns);
    }

    /// <summary>Fills a series' quantity arrays from grid columns: <paramref name="map"/>[c] is the quantity of column c (null = not a weather quantity).</summary>
    public static void Fill(WeatherSeries series, WeatherGrid grid, IReadOnlyList<WeatherQuantity?> map)
    {
        for (int c = 0; c < map.Count; c++)
        {
            if (map[c] is { } q)
            {
                Array.Copy(grid.Columns[c], series.Values(q), grid.Count);
            }
        }
    }

    /// <summary><c>yyyy-MM-dd HH:mm</c> with the clock's name (<c>UTC</c>, <c>UTC+01:00</c>, <c>local</c>).</summary>
    public static string Show(DateTime t, string clock) =>
        t.ToString(t.Second == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (clock.Length == 0 ? string.Empty : " " + clock);

    /// <summary><c>UTC</c> or <c>UTC+01:00</c> for an offset in hours.</summary>
    public static string Clock(double offsetHours)
    {
        if (offsetHours == 0)
        {
            return "UTC";
        }

        var span = TimeSpan.FromHours(Math.Abs(offsetHours));
        return $"UTC{(offsetHours < 0 ? '−' : '+')}{span.Hours:00}:{span.Minutes:00}";
    }

    public static string Duration(TimeSpan d) =>
        d.TotalSeconds % 3600 == 0 ? $"{d.TotalHours.ToString(CultureInfo.InvariantCulture)} h"
        : d.TotalSeconds % 60 == 0 ? $"{d.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min"
        : $"{d.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";

    /// <summary>The line for an <see cref="InputException"/>: only when the row numbers are text lines.</summary>
    private static int? LineOf(string row, int number) => row == "line" ? number : null;

    private static double[][] Copy(RecordTable t)
    {
        var columns = new double[t.ColumnCount][];
        for (int c = 0; c < columns.Length; c++)
        {
            columns[c] = new double[t.Count];
            for (int i = 0; i < t.Count; i++)
            {
                columns[c][i] = t.Value(c, i);
            }
        }

        return columns;
    }
}
