using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads an EnergyPlus weather file (EPW). Line 1 <c>LOCATION,city,state,country,source,WMO,lat,lon,tz,elevation</c>;
/// lines 2–8 other headers (<c>DATA PERIODS</c> gives the records per hour); then one record per line:
/// year, month, day, hour 1..24, minute, flags, dry bulb °C (field 7), dew point °C (8), relative humidity % (9),
/// station pressure Pa (10), …, GHI (14), DNI (15), DHI (16) in Wh/m² over the hour (= mean W/m²), …, wind speed m/s (22),
/// total sky cover in tenths (23). Hour h is the hour ending at h:00 local standard time, so it starts at (h−1):00 local
/// and at (h−1):00 − time zone in UTC. EPW's missing codes (99.9 °C, 999 %, 999999 Pa, 9999 Wh/m², 999 m/s, 99 tenths)
/// become NaN. Records whose years jump (a typical year assembled from months of different years) are put on one
/// calendar year (see <see cref="WeatherReadOptions.Year"/>).
/// PVGIS writes its typical-year EPW with UTC hours although its LOCATION line says time zone 1 (its values equal the
/// PVGIS TMY CSV's UTC rows and its comment gives the irradiance time offset in UTC); such a file (comment
/// <c>Irradiance Time Offset</c>) is read as UTC, with a note.
/// </summary>
public static class EpwReader
{
    private const int DryBulb = 6;
    private const int DewPoint = 7;
    private const int Humidity = 8;
    private const int Pressure = 9;
    private const int Ghi = 13;
    private const int Dni = 14;
    private const int Dhi = 15;
    private const int Wind = 21;
    private const int Sky = 22;

    private static readonly WeatherQuantity?[] Map =
    [
        WeatherQuantity.AirTemperature, WeatherQuantity.DewPoint, WeatherQuantity.RelativeHumidity, WeatherQuantity.Pressure,
        WeatherQuantity.Ghi, WeatherQuantity.Dni, WeatherQuantity.Dhi, WeatherQuantity.WindSpeed, WeatherQuantity.CloudCover,
    ];

    private static readonly string[] FieldNames =
    [
        "field 7 (dry bulb)", "field 8 (dew point)", "field 9 (relative humidity)", "field 10 (pressure)", "field 14 (global horizontal radiation)",
        "field 15 (direct normal radiation)", "field 16 (diffuse horizontal radiation)", "field 22 (wind speed)", "field 23 (total sky cover)",
    ];

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path, WeatherReadOptions? options = null) => Parse(WeatherText.ReadLines(path), path, options ?? WeatherReadOptions.Default);

    internal static WeatherSeries Parse(string[] lines, string file, WeatherReadOptions options)
    {
        if (lines.Length == 0 || !lines[0].StartsWith("LOCATION", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException("not an EPW file: line 1 must start with LOCATION", file, 1);
        }

        var loc = lines[0].Split(',');
        if (loc.Length < 10)
        {
            throw new InputException($"LOCATION has {loc.Length - 1} fields; EPW gives 9: city, state, country, source, WMO, latitude, longitude, time zone, elevation", file, 1);
        }

        double lat = WeatherText.Number(loc[6], file, 1, "LOCATION latitude");
        double lon = WeatherText.Number(loc[7], file, 1, "LOCATION longitude");
        double tz = WeatherText.Number(loc[8], file, 1, "LOCATION time zone");
        double elevation = WeatherText.Number(loc[9], file, 1, "LOCATION elevation");
        WeatherRanges.CheckLocation(WeatherRanges.Latitude, lat, "LOCATION latitude", file, 1);
        WeatherRanges.CheckLocation(WeatherRanges.Longitude, lon, "LOCATION longitude", file, 1);
        WeatherRanges.CheckLocation(WeatherRanges.TimeZone, tz, "LOCATION time zone", file, 1);
        WeatherRanges.CheckLocation(WeatherRanges.Elevation, elevation, "LOCATION elevation", file, 1);

        var notes = new List<string>();
        int perHour = 1;
        bool pvgis = false;
        int firstData = Math.Min(8, lines.Length);
        for (int i = 1; i < Math.Min(8, lines.Length); i++)
        {
            var line = lines[i];
            if (line.StartsWith("DATA PERIODS", StringComparison.OrdinalIgnoreCase))
            {
                var f = line.Split(',');
                if (f.Length > 2 && int.TryParse(f[2].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 60 && 60 % n == 0)
                {
                    perHour = n;
                }
            }
            else if (line.StartsWith("COMMENTS", StringComparison.OrdinalIgnoreCase) && line.Contains("Irradiance Time Offset", StringComparison.OrdinalIgnoreCase))
            {
                pvgis = true;
            }
        }

        double offset = tz;
        if (options.UtcOffsetHours is { } given)
        {
            offset = given;
            if (given != tz)
            {
                notes.Add($"time zone {Fmt(given)} h given instead of the file's {Fmt(tz)} h");
            }
        }
        else if (pvgis && tz != 0)
        {
            offset = 0;
            notes.Add($"PVGIS-made EPW: its hours are UTC although LOCATION says time zone {Fmt(tz)}; read as UTC");
        }

        int step = 3600 / perHour;
        var table = new RecordTable(Map.Length);
        Span<double> v = stackalloc double[Map.Length];
        for (int i = firstData; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var f = line.Split(',');
            if (f.Length < Wind + 1)
            {
                throw new InputException($"record has {f.Length} fields; an EPW record has 35 (at least 22 up to the wind speed)", file, lineNo);
            }

            int year = WeatherText.Integer(f[0], file, lineNo, "field 1 (year)");
            int month = WeatherText.Integer(f[1], file, lineNo, "field 2 (month)");
            int day = WeatherText.Integer(f[2], file, lineNo, "field 3 (day)");
            int hour = WeatherText.Integer(f[3], file, lineNo, "field 4 (hour)");
            if (year is < 1 or > 9998 || month is < 1 or > 12 || hour is < 1 or > 24 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                throw new InputException($"date {year}-{month}-{day} hour {hour} is not valid (hour runs 1..24, the hour ending then)", file, lineNo);
            }

            var start = new DateTime(year, month, day).AddHours(hour - 1);
            if (perHour > 1)
            {
                int minute = WeatherText.Integer(f[4], file, lineNo, "field 5 (minute)");
                int end = minute == 0 ? 60 : minute;
                if (end % (60 / perHour) != 0 || end > 60)
                {
                    throw new InputException($"minute {minute} is not the end of a {60 / perHour}-minute interval", file, lineNo);
                }

                start = start.AddMinutes(end - (60 / perHour));
            }

            v[0] = Field(f, DryBulb, 99.9, file, lineNo, FieldNames[0]);
            v[1] = Field(f, DewPoint, 99.9, file, lineNo, FieldNames[1]);
            v[2] = Field(f, Humidity, 999, file, lineNo, FieldNames[2]);
            v[3] = Field(f, Pressure, 999999, file, lineNo, FieldNames[3]);
            v[4] = Field(f, Ghi, 9999, file, lineNo, FieldNames[4]);
            v[5] = Field(f, Dni, 9999, file, lineNo, FieldNames[5]);
            v[6] = Field(f, Dhi, 9999, file, lineNo, FieldNames[6]);
            v[7] = Field(f, Wind, 999, file, lineNo, FieldNames[7]);
            v[8] = f.Length > Sky ? Field(f, Sky, 99, file, lineNo, FieldNames[8]) / 10 : double.NaN;
            table.Add(start, lineNo, v);
        }

        if (table.Count == 0)
        {
            throw new InputException("no data records after the 8 header lines", file, lines.Length);
        }

        // Energies over an interval shorter than an hour: Wh/m² per interval → mean W/m².
        double toWatts = 3600.0 / step;
        WeatherRanges.Check(table, WeatherColumn.For(Map, c => FieldNames[c], (c, v) => c is >= 4 and <= 6 ? v * toWatts : v), file, notes);
        WeatherGrid grid;
        if (options.Year is null && (table.Count == 1 || SeriesAssembler.IsRegular(table, step)))
        {
            grid = SeriesAssembler.Regular(table, step, offset, file, "local");
        }
        else
        {
            grid = SeriesAssembler.TypicalYear(table, step, options.Year, offset, file, notes);
        }

        if (toWatts != 1)
        {
            for (int c = 4; c <= 6; c++)
            {
                var col = grid.Columns[c];
                for (int i = 0; i < col.Length; i++)
                {
                    col[i] *= toWatts;
                }
            }
        }

        string name = string.Join(", ", new[] { loc[1], loc[3] }.Select(s => s.Trim()).Where(s => s.Length > 0 && s != "-" && !s.Equals("unknown", StringComparison.OrdinalIgnoreCase)));
        var location = new WeatherLocation(lat, lon, elevation, offset, name.Length == 0 ? null : name);
        var series = new WeatherSeries(file, location, DateTime.SpecifyKind(grid.StartUtc, DateTimeKind.Utc), grid.StepSeconds, grid.Count) { Notes = notes };
        SeriesAssembler.Fill(series, grid, Map);
        return series;
    }

    private static double Field(string[] f, int index, double missing, string file, int line, string name)
    {
        var text = f[index];
        if (string.IsNullOrWhiteSpace(text))
        {
            return double.NaN;
        }

        double v = WeatherText.Number(text, file, line, name);
        return v >= missing ? double.NaN : v;
    }

    private static string Fmt(double v) => v.ToString("+0.##;−0.##;0", CultureInfo.InvariantCulture);
}
