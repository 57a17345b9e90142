using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Forecasts;

/// <summary>
/// Reads two-column series CSV files (<c>time,&lt;quantity&gt; [&lt;unit&gt;]</c>) for the load and price importers.
/// Delimiter <c>,</c>, <c>;</c> or tab (taken from the header); numbers with a decimal point; blank lines and
/// lines starting with <c>#</c> are skipped. Time is ISO 8601 (with <c>Z</c> or an offset; without one it is read
/// in the given zone) or Unix seconds. The unit comes from the value header: <c>power [W]</c>, <c>power (W)</c>
/// or <c>power_W</c>.
/// </summary>
internal static class SeriesCsv
{
    /// <summary>One data row: the instant (UTC), the value and the 1-based line number.</summary>
    internal readonly record struct Row(DateTime Utc, double Value, int Line);

    /// <summary>The parsed file: value header split into quantity and unit, and the rows in file order.</summary>
    internal sealed record Table(string Quantity, string Unit, int HeaderLine, List<Row> Rows);

    public static Table Read(TextReader reader, string file, TimeZoneInfo? naiveZone)
    {
        naiveZone ??= TimeZoneInfo.Utc;
        string? header = null;
        int headerLine = 0;
        int line = 0;
        char delimiter = ',';
        var rows = new List<Row>();
        string quantity = string.Empty;
        string unit = string.Empty;
        while (reader.ReadLine() is { } text)
        {
            line++;
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            if (header is null)
            {
                header = trimmed.TrimStart('\uFEFF');
                headerLine = line;
                delimiter = header.Contains(';') ? ';' : header.Contains('\t') ? '\t' : ',';
                var names = header.Split(delimiter);
                if (names.Length < 2)
                {
                    throw new InputException(
                        $"header '{header}' must have two columns: time and a value with its unit, e.g. 'time,power [W]'", file, line);
                }

                (quantity, unit) = SplitUnit(names[1].Trim().Trim('"'));
                if (unit.Length == 0)
                {
                    throw new InputException(
                        $"value column '{names[1].Trim()}' names no unit; write it as 'power [W]', 'power (W)' or 'power_W'", file, line);
                }

                continue;
            }

            var cells = trimmed.Split(delimiter);
            if (cells.Length < 2)
            {
                throw new InputException($"expected two cells separated by '{delimiter}', found '{trimmed}'", file, line);
            }

            var time = ParseTime(cells[0].Trim().Trim('"'), naiveZone, file, line);
            var cell = cells[1].Trim().Trim('"');
            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw new InputException($"'{cell}' is not a number (use a decimal point, e.g. 1234.5)", file, line);
            }

            rows.Add(new Row(time, value, line));
        }

        if (header is null)
        {
            throw new InputException("the file is empty: expected a header 'time,<quantity> [<unit>]' and data rows", file, 1);
        }

        return new Table(quantity, unit, headerLine, rows);
    }

    /// <summary>
    /// Checks that row times rise by one fixed step (the first difference) and returns it in seconds;
    /// names the lines of a gap, a repeated or backwards time, or an irregular step.
    /// </summary>
    public static int RequireRegular(List<Row> rows, string file, int defaultStepSeconds)
    {
        if (rows.Count < 2)
        {
            return defaultStepSeconds;
        }

        long step = rows[1].Utc.Ticks - rows[0].Utc.Ticks;
        for (int i = 1; i < rows.Count; i++)
        {
            long d = rows[i].Utc.Ticks - rows[i - 1].Utc.Ticks;
            if (d <= 0)
            {
                throw new InputException(
                    $"time {rows[i].Utc:yyyy-MM-ddTHH:mm:ssZ} is not after {rows[i - 1].Utc:yyyy-MM-ddTHH:mm:ssZ} on line {rows[i - 1].Line}: times must rise strictly",
                    file,
                    rows[i].Line);
            }

            if (d != step)
            {
                string what = d > step ? "gap" : "irregular step";
                throw new InputException(
                    $"{what}: {TimeSpan.FromTicks(d)} after line {rows[i - 1].Line} ({rows[i - 1].Utc:yyyy-MM-ddTHH:mm:ssZ}), expected the step {TimeSpan.FromTicks(step)} set by the first two rows; fill missing intervals",
                    file,
                    rows[i].Line);
            }
        }

        if (step % TimeSpan.TicksPerSecond != 0)
        {
            throw new InputException($"step {TimeSpan.FromTicks(step)} is not a whole number of seconds", file, rows[1].Line);
        }

        return checked((int)(step / TimeSpan.TicksPerSecond));
    }

    /// <summary>Splits <c>power [W]</c>, <c>power (W)</c>, <c>power_W</c> or <c>power W</c> into quantity and unit.</summary>
    public static (string Quantity, string Unit) SplitUnit(string header)
    {
        int open = header.IndexOf('[', StringComparison.Ordinal);
        char close = ']';
        if (open < 0)
        {
            open = header.IndexOf('(', StringComparison.Ordinal);
            close = ')';
        }

        if (open >= 0)
        {
            int end = header.IndexOf(close, open + 1);
            if (end > open)
            {
                return (header[..open].Trim(), header[(open + 1)..end].Trim());
            }
        }

        int cut = Math.Max(header.LastIndexOf('_'), header.LastIndexOf(' '));
        return cut > 0 ? (header[..cut].Trim(), header[(cut + 1)..].Trim()) : (header, string.Empty);
    }

    private static DateTime ParseTime(string text, TimeZoneInfo naiveZone, string file, int line)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long unix))
        {
            return unix is >= 0 and <= 7_258_118_400 // 1970 … 2200
                ? DateTime.UnixEpoch.AddSeconds(unix)
                : throw new InputException($"'{text}' is not a time between 1970 and 2200 (Unix seconds)", file, line);
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dt))
        {
            if (dt.Kind == DateTimeKind.Unspecified)
            {
                if (naiveZone.IsInvalidTime(dt))
                {
                    throw new InputException($"local time '{text}' does not exist in {naiveZone.Id} (skipped by a clock change); write times with an offset or in UTC", file, line);
                }

                return TimeZoneInfo.ConvertTimeToUtc(dt, naiveZone);
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
            {
                return dto.UtcDateTime;
            }
        }

        throw new InputException($"'{text}' is not a time: use ISO 8601 (2024-03-01T00:00:00Z, 2024-03-01 01:00+01:00) or Unix seconds", file, line);
    }
}
