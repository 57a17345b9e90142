using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads a plain CSV weather file. Line 1 names the columns, each with its unit in brackets:
/// <c>time,ghi [W/m2],temp_air [degC],wind_speed [m/s]</c> (comma, semicolon or tab separated; lines starting with
/// <c>#</c> are comments). The time column (<c>time</c>, <c>timestamp</c>, <c>datetime</c>, <c>date_time</c>,
/// <c>time_utc</c>; or <c>time_end</c>/<c>period_end</c> for interval-end stamps) holds ISO 8601 times, with an offset
/// (<c>Z</c>, <c>+01:00</c>) or in the clock of <see cref="WeatherReadOptions.UtcOffsetHours"/>; a stamp is the start of
/// its interval. Quantities and their aliases: ghi (global_horizontal, global_horizontal_irradiance, G(h)), dni
/// (direct_normal, Gb(n)), dhi (diffuse_horizontal, Gd(h)), temp_air (temperature, air_temperature, T, t2m), temp_dew
/// (dew_point), relative_humidity (rh, humidity), wind_speed (ws, ws10m, wind), pressure (sp, surface_pressure),
/// cloud_cover (clouds). A unit left out means the series unit (W/m2, degC, %, m/s, Pa, 0..1). Empty cells and
/// <c>NA</c>/<c>null</c> are missing (counted in the notes); <c>NaN</c> or infinity is refused, and so is a value outside
/// its quantity's <see cref="WeatherRanges"/>. Times must be regular: a gap, repeat or backward step is an error naming both lines.
/// </summary>
public static class CsvWeatherReader
{
    private static readonly Dictionary<string, WeatherQuantity> Aliases = new(StringComparer.Ordinal)
    {
        ["ghi"] = WeatherQuantity.Ghi,
        ["global_horizontal"] = WeatherQuantity.Ghi,
        ["global_horizontal_irradiance"] = WeatherQuantity.Ghi,
        ["g(h)"] = WeatherQuantity.Ghi,
        ["dni"] = WeatherQuantity.Dni,
        ["direct_normal"] = WeatherQuantity.Dni,
        ["direct_normal_irradiance"] = WeatherQuantity.Dni,
        ["gb(n)"] = WeatherQuantity.Dni,
        ["dhi"] = WeatherQuantity.Dhi,
        ["diffuse_horizontal"] = WeatherQuantity.Dhi,
        ["diffuse_horizontal_irradiance"] = WeatherQuantity.Dhi,
        ["gd(h)"] = WeatherQuantity.Dhi,
        ["temp_air"] = WeatherQuantity.AirTemperature,
        ["temperature"] = WeatherQuantity.AirTemperature,
        ["air_temperature"] = WeatherQuantity.AirTemperature,
        ["t"] = WeatherQuantity.AirTemperature,
        ["t2m"] = WeatherQuantity.AirTemperature,
        ["temp"] = WeatherQuantity.AirTemperature,
        ["dry_bulb"] = WeatherQuantity.AirTemperature,
        ["temp_dew"] = WeatherQuantity.DewPoint,
        ["dew_point"] = WeatherQuantity.DewPoint,
        ["dewpoint"] = WeatherQuantity.DewPoint,
        ["relative_humidity"] = WeatherQuantity.RelativeHumidity,
        ["rh"] = WeatherQuantity.RelativeHumidity,
        ["humidity"] = WeatherQuantity.RelativeHumidity,
        ["wind_speed"] = WeatherQuantity.WindSpeed,
        ["windspeed"] = WeatherQuantity.WindSpeed,
        ["ws"] = WeatherQuantity.WindSpeed,
        ["ws10m"] = WeatherQuantity.WindSpeed,
        ["wind"] = WeatherQuantity.WindSpeed,
        ["pressure"] = WeatherQuantity.Pressure,
        ["sp"] = WeatherQuantity.Pressure,
        ["surface_pressure"] = WeatherQuantity.Pressure,
        ["air_pressure"] = WeatherQuantity.Pressure,
        ["cloud_cover"] = WeatherQuantity.CloudCover,
        ["clouds"] = WeatherQuantity.CloudCover,
        ["total_cloud_cover"] = WeatherQuantity.CloudCover,
    };

    private static readonly HashSet<string> StartTimes = new(StringComparer.Ordinal) { "time", "timestamp", "datetime", "date_time", "time_utc", "period_start", "time_start" };

    private static readonly HashSet<string> EndTimes = new(StringComparer.Ordinal) { "time_end", "period_end" };

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path, WeatherReadOptions? options = null) => Parse(WeatherText.ReadLines(path), path, options ?? WeatherReadOptions.Default);

    internal static WeatherSeries Parse(string[] lines, string file, WeatherReadOptions options)
    {
        int headerIndex = 0;
        while (headerIndex < lines.Length && (string.IsNullOrWhiteSpace(lines[headerIndex]) || lines[headerIndex].TrimStart().StartsWith('#')))
        {
            headerIndex++;
        }

        if (headerIndex == lines.Length)
        {
            throw new InputException("empty CSV: no header line", file, 1);
        }

        int headerLine = headerIndex + 1;
        char sep = Separator(lines[headerIndex]);
        var header = lines[headerIndex].Split(sep);
        int timeColumn = -1;
        bool timeIsEnd = false;
        var quantities = new WeatherQuantity?[header.Length];
        var conversions = new UnitConversion[header.Length];
        for (int c = 0; c < header.Length; c++)
        {
            var (name, unit) = SplitHeader(header[c]);
            var key = name.ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
            if (StartTimes.Contains(key) || EndTimes.Contains(key))
            {
                if (timeColumn >= 0)
                {
                    throw new InputException($"column {c + 1} '{header[c].Trim()}': a second time column (column {timeColumn + 1} is one)", file, headerLine);
                }

                timeColumn = c;
                timeIsEnd = EndTimes.Contains(key);
                continue;
            }

            if (!Aliases.TryGetValue(key, out var q))
            {
                throw new InputException($"column {c + 1} '{header[c].Trim()}': unknown quantity; known: time, ghi, dni, dhi, temp_air, temp_dew, relative_humidity, wind_speed, pressure, cloud_cover (and aliases such as global_horizontal, temperature, T, rh, ws)", file, headerLine);
            }

            int previous = Array.IndexOf(quantities, q);
            if (previous >= 0)
            {
                throw new InputException($"column {c + 1} '{header[c].Trim()}': {WeatherQuantities.Key(q)} is already column {previous + 1}", file, headerLine);
            }

            quantities[c] = q;
            if (unit is null)
            {
                conversions[c] = UnitConversion.Identity;
            }
            else if (!WeatherUnits.TryGet(q, unit, out conversions[c]))
            {
                throw new InputException($"column {c + 1} '{header[c].Trim()}': unit '{unit}' is not a unit of {WeatherQuantities.Label(q).ToLowerInvariant()}; use {WeatherUnits.Accepted(q)}", file, headerLine);
            }
        }

        if (timeColumn < 0)
        {
            throw new InputException("no time column: name one time, timestamp, datetime, date_time, time_utc (interval start) or time_end, period_end (interval end)", file, headerLine);
        }

        var table = new RecordTable(header.Length);
        var values = new double[header.Length];
        double? firstOffset = null;
        for (int i = headerIndex + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            int lineNo = i + 1;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var f = line.Split(sep);
            if (f.Length != header.Length)
            {
                throw new InputException($"{f.Length} fields, the header has {header.Length}", file, lineNo);
            }

            var (utc, offset) = Time(f[timeColumn], file, lineNo, timeColumn, options.UtcOffsetHours);
            firstOffset ??= offset;
            for (int c = 0; c < f.Length; c++)
            {
                values[c] = quantities[c] is null ? double.NaN : Cell(f[c], file, lineNo, c, header[c]);
            }

            table.Add(utc, lineNo, values);
        }

        if (table.Count == 0)
        {
            throw new InputException("no data rows after the header", file, headerLine);
        }

        int step = SeriesAssembler.StepOf(table, file, "UTC");
        var notes = new List<string>();
        WeatherRanges.Check(table, WeatherColumn.For(quantities, c => header[c].Trim(), (c, v) => conversions[c].Apply(v, step)), file, notes);
        var grid = SeriesAssembler.Regular(table, step, 0, file, "UTC");
        var start = timeIsEnd ? grid.StartUtc.AddSeconds(-step) : grid.StartUtc;
        double offsetHours = options.UtcOffsetHours ?? firstOffset ?? 0;
        if (timeIsEnd)
        {
            notes.Add("time stamps are interval ends: each value moved to the interval that ends then");
        }

        var series = new WeatherSeries(file, new WeatherLocation(double.NaN, double.NaN, 0, offsetHours), DateTime.SpecifyKind(start, DateTimeKind.Utc), step, grid.Count) { Notes = notes };
        for (int c = 0; c < header.Length; c++)
        {
            if (quantities[c] is { } q)
            {
                var target = series.Values(q);
                var source = grid.Columns[c];
                var conversion = conversions[c];
                for (int i = 0; i < source.Length; i++)
                {
                    target[i] = conversion.Apply(source[i], step);
                }
            }
        }

        return series;
    }

    /// <summary>Name and bracketed unit of a header cell: <c>ghi [W/m2]</c> → (ghi, W/m2); no brackets → unit null.</summary>
    private static (string Name, string? Unit) SplitHeader(string cell)
    {
        var text = cell.Trim().Trim('"').Trim();
        int open = text.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && text.EndsWith(']'))
        {
            return (text[..open].Trim(), text[(open + 1)..^1].Trim());
        }

        return (text, null);
    }

    private static char Separator(string header)
    {
        int commas = header.Count(ch => ch == ',');
        int semicolons = header.Count(ch => ch == ';');
        int tabs = header.Count(ch => ch == '\t');
        return tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }

    private static double Cell(string text, string file, int line, int column, string header)
    {
        var t = text.Trim().Trim('"');
        if (t.Length == 0 || t.Equals("na", StringComparison.OrdinalIgnoreCase) || t.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        if (WeatherText.TryNumber(t, out double v))
        {
            return v;
        }

        throw double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? new InputException($"column {column + 1} ({header.Trim()}): '{t}' is not a finite number; leave the cell empty (or write NA) for a missing value", file, line, field: header.Trim())
            : new InputException($"column {column + 1} ({header.Trim()}): '{t}' is not a number", file, line, field: header.Trim());
    }

    /// <summary>UTC time and the stamp's own offset (hours) of an ISO 8601 cell.</summary>
    private static (DateTime Utc, double? Offset) Time(string text, string file, int line, int column, double? utcOffsetHours)
    {
        var t = text.Trim().Trim('"');
        if (HasOffset(t))
        {
            if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
            {
                return (dto.UtcDateTime, dto.Offset.TotalHours);
            }
        }
        else if (DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (utcOffsetHours is not { } offset)
            {
                throw new InputException($"column {column + 1}: time '{t}' has no UTC offset; write it with one (2024-01-01T00:00Z, 2024-01-01T01:00+01:00) or give the clock (utc_offset)", file, line);
            }

            return (DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - TimeSpan.FromHours(offset), null);
        }

        throw new InputException($"column {column + 1}: '{t}' is not an ISO 8601 time (e.g. 2024-01-01T00:00:00Z)", file, line);
    }

    /// <summary>True when the time part ends with <c>Z</c> or a <c>±hh:mm</c> offset.</summary>
    private static bool HasOffset(string t)
    {
        int timeStart = t.IndexOfAny(['T', 't', ' ']);
        if (timeStart < 0)
        {
            return false;
        }

        var time = t.AsSpan(timeStart + 1);
        return time.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || time.IndexOfAny('+', '-') >= 0;
    }
}
