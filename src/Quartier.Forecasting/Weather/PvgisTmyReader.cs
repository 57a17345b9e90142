using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads a PVGIS typical meteorological year as CSV: header lines (<c>Latitude (decimal degrees): 45.000</c>, longitude,
/// elevation, irradiance time offset), a <c>month,year</c> table saying which year each month comes from, then
/// <c>time(UTC),T2m,RH,G(h),Gb(n),Gd(h),IR(h),WS10m,WD10m,SP</c> rows whose time <c>20180101:0000</c> is the UTC hour
/// starting then, and a footer of column descriptions. Units: °C, %, W/m², m/s, Pa. The months are put on one calendar year
/// (see <see cref="WeatherReadOptions.Year"/>).
/// </summary>
public static class PvgisTmyReader
{
    private static readonly (string Column, WeatherQuantity Quantity)[] Columns =
    [
        ("T2m", WeatherQuantity.AirTemperature),
        ("RH", WeatherQuantity.RelativeHumidity),
        ("G(h)", WeatherQuantity.Ghi),
        ("Gb(n)", WeatherQuantity.Dni),
        ("Gd(h)", WeatherQuantity.Dhi),
        ("WS10m", WeatherQuantity.WindSpeed),
        ("SP", WeatherQuantity.Pressure),
    ];

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path, WeatherReadOptions? options = null) => Parse(WeatherText.ReadLines(path), path, options ?? WeatherReadOptions.Default);

    internal static WeatherSeries Parse(string[] lines, string file, WeatherReadOptions options)
    {
        double lat = double.NaN, lon = double.NaN, elevation = 0;
        var notes = new List<string>();
        int headerLine = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("time(UTC)", StringComparison.OrdinalIgnoreCase))
            {
                headerLine = i;
                break;
            }

            if (PvgisHeader.TryLocation(line, file, i + 1, ref lat, ref lon, ref elevation))
            {
                continue;
            }

            if (line.StartsWith("Irradiance Time Offset", StringComparison.OrdinalIgnoreCase) && WeatherText.HeaderNumber(line) is { } shift)
            {
                notes.Add($"PVGIS irradiance time offset {shift.ToString("0.####", CultureInfo.InvariantCulture)} h: each hour's values are read as that UTC hour's means");
            }
        }

        if (headerLine < 0)
        {
            throw new InputException("not a PVGIS TMY CSV: no 'time(UTC),…' header line", file);
        }

        var header = lines[headerLine].Split(',');
        var map = new WeatherQuantity?[header.Length];
        for (int c = 1; c < header.Length; c++)
        {
            foreach (var (column, quantity) in Columns)
            {
                if (header[c].Trim().Equals(column, StringComparison.OrdinalIgnoreCase))
                {
                    map[c] = quantity;
                }
            }
        }

        var table = new RecordTable(header.Length);
        var values = new double[header.Length];
        for (int i = headerLine + 1; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || !char.IsDigit(line[0]))
            {
                break; // the footer
            }

            var f = line.Split(',');
            if (f.Length != header.Length)
            {
                throw new InputException($"row has {f.Length} fields, the header {header.Length}", file, i + 1);
            }

            var time = PvgisTime(f[0], file, i + 1);
            values[0] = double.NaN;
            for (int c = 1; c < f.Length; c++)
            {
                values[c] = map[c] is null ? double.NaN : WeatherText.Number(f[c], file, i + 1, $"column {c + 1} ({header[c].Trim()})");
            }

            table.Add(time, i + 1, values);
        }

        if (table.Count == 0)
        {
            throw new InputException("no data rows after the header", file, headerLine + 1);
        }

        WeatherRanges.Check(table, WeatherColumn.For(map, c => header[c].Trim()), file, notes);
        var grid = options.Year is null && (table.Count == 1 || SeriesAssembler.IsRegular(table, 3600))
            ? SeriesAssembler.Regular(table, 3600, 0, file, "UTC")
            : SeriesAssembler.TypicalYear(table, 3600, options.Year, 0, file, notes);
        var series = new WeatherSeries(file, new WeatherLocation(lat, lon, elevation, 0, "PVGIS TMY"), DateTime.SpecifyKind(grid.StartUtc, DateTimeKind.Utc), grid.StepSeconds, grid.Count) { Notes = notes };
        SeriesAssembler.Fill(series, grid, map);
        return series;
    }

    /// <summary>PVGIS time <c>yyyyMMdd:HHmm</c> (UTC).</summary>
    internal static DateTime PvgisTime(string text, string file, int line)
    {
        if (DateTime.TryParseExact(text.Trim(), "yyyyMMdd:HHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }

        throw new InputException($"time '{text.Trim()}' is not PVGIS's yyyyMMdd:HHmm", file, line);
    }
}
