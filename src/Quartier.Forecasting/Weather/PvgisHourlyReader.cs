using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads a PVGIS hourly series (<c>seriescalc</c>) CSV: tab/colon header (latitude, longitude, elevation, radiation
/// database, <c>Slope: 30 deg.</c>, <c>Azimuth: 0 deg.</c>), then <c>time,Gb(i),Gd(i),Gr(i),H_sun,T2m,WS10m,Int</c> rows
/// (or <c>time,G(i),…</c> without components) and a footer. Time <c>20160101:0010</c> is PVGIS's hour with its
/// 10-minute centre shift; the record is read as the UTC hour starting at <c>hh:00</c>. The irradiance is on the tilted
/// plane, so it goes to <see cref="WeatherSeries.PlaneOfArray"/>; the series itself gets air temperature and wind speed
/// (GHI, DNI, DHI stay NaN). Missing hours are NaN (with a note).
/// </summary>
public static class PvgisHourlyReader
{
    private const int Beam = 0;
    private const int Diffuse = 1;
    private const int Reflected = 2;
    private const int SunHeight = 3;
    private const int Temperature = 4;
    private const int Wind = 5;
    private const int Total = 6;

    private static readonly (string Column, int Slot)[] Columns =
    [
        ("Gb(i)", Beam), ("Gd(i)", Diffuse), ("Gr(i)", Reflected), ("H_sun", SunHeight), ("T2m", Temperature), ("WS10m", Wind), ("G(i)", Total),
    ];

    private static readonly WeatherColumn[] Checks =
    [
        new("Gb(i)", "beam irradiance on the plane", WeatherRanges.PlaneOfArrayIrradiance),
        new("Gd(i)", "diffuse irradiance on the plane", WeatherRanges.PlaneOfArrayIrradiance),
        new("Gr(i)", "reflected irradiance on the plane", WeatherRanges.PlaneOfArrayIrradiance),
        new("H_sun", "sun height", WeatherRanges.SunHeight),
        WeatherColumn.Of(WeatherQuantity.AirTemperature, "T2m"),
        WeatherColumn.Of(WeatherQuantity.WindSpeed, "WS10m"),
        new("G(i)", "irradiance on the plane", WeatherRanges.PlaneOfArrayIrradiance),
    ];

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path) => Parse(WeatherText.ReadLines(path), path);

    internal static WeatherSeries Parse(string[] lines, string file)
    {
        double lat = double.NaN, lon = double.NaN, elevation = 0, slope = double.NaN, azimuth = double.NaN;
        string? database = null;
        int headerLine = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("time,", StringComparison.OrdinalIgnoreCase))
            {
                headerLine = i;
                break;
            }

            if (PvgisHeader.TryLocation(line, file, i + 1, ref lat, ref lon, ref elevation))
            {
                continue;
            }

            if (line.StartsWith("Slope", StringComparison.OrdinalIgnoreCase))
            {
                slope = new PhysicalRange(0, 90, "deg").Check(WeatherText.HeaderNumber(line) ?? throw new InputException("slope is not a number", file, i + 1), "Slope", file, i + 1);
            }
            else if (line.StartsWith("Azimuth", StringComparison.OrdinalIgnoreCase))
            {
                azimuth = new PhysicalRange(-180, 180, "deg from south").Check(WeatherText.HeaderNumber(line) ?? throw new InputException("azimuth is not a number", file, i + 1), "Azimuth", file, i + 1);
            }
            else if (line.StartsWith("Radiation database", StringComparison.OrdinalIgnoreCase))
            {
                database = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        if (headerLine < 0)
        {
            throw new InputException("not a PVGIS hourly series: no 'time,…' header line", file);
        }

        var notes = new List<string>();
        if (double.IsNaN(slope) || double.IsNaN(azimuth))
        {
            notes.Add("no Slope/Azimuth header: plane of array taken as horizontal, facing south");
            slope = double.IsNaN(slope) ? 0 : slope;
            azimuth = double.IsNaN(azimuth) ? 0 : azimuth;
        }

        var header = lines[headerLine].Split(',');
        var slotOf = new int[header.Length];
        Array.Fill(slotOf, -1);
        for (int c = 1; c < header.Length; c++)
        {
            foreach (var (column, slot) in Columns)
            {
                if (header[c].Trim().Equals(column, StringComparison.OrdinalIgnoreCase))
                {
                    slotOf[c] = slot;
                }
            }
        }

        var table = new RecordTable(Columns.Length);
        var values = new double[Columns.Length];
        bool shifted = false;
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

            var time = PvgisTmyReader.PvgisTime(f[0], file, i + 1);
            shifted |= time.Minute != 0;
            Array.Fill(values, double.NaN);
            for (int c = 1; c < f.Length; c++)
            {
                if (slotOf[c] >= 0)
                {
                    values[slotOf[c]] = WeatherText.Number(f[c], file, i + 1, $"column {c + 1} ({header[c].Trim()})");
                }
            }

            table.Add(time.AddMinutes(-time.Minute), i + 1, values);
        }

        if (table.Count == 0)
        {
            throw new InputException("no data rows after the header", file, headerLine + 1);
        }

        WeatherRanges.Check(table, Checks, file, notes);
        if (shifted)
        {
            notes.Add("PVGIS times hh:10 (its centre shift) read as the UTC hour starting at hh:00");
        }

        var grid = SeriesAssembler.FillGaps(table, 3600, 0, file, "UTC", notes);
        var poa = new PlaneOfArraySeries(grid.StartUtc, 3600, grid.Count, slope, azimuth);
        Array.Copy(grid.Columns[Beam], poa.Beam, grid.Count);
        Array.Copy(grid.Columns[Diffuse], poa.Diffuse, grid.Count);
        Array.Copy(grid.Columns[Reflected], poa.Reflected, grid.Count);
        Array.Copy(grid.Columns[SunHeight], poa.SunHeight, grid.Count);
        bool hasTotal = Array.IndexOf(slotOf, Total) >= 0;
        for (int i = 0; i < grid.Count; i++)
        {
            poa.Total[i] = hasTotal ? grid.Columns[Total][i] : poa.Beam[i] + poa.Diffuse[i] + poa.Reflected[i];
        }

        notes.Add($"plane-of-array irradiance (slope {slope.ToString(CultureInfo.InvariantCulture)}°, azimuth {azimuth.ToString(CultureInfo.InvariantCulture)}° from south) in PlaneOfArray; no horizontal GHI/DNI/DHI in this file");
        string name = database is null ? "PVGIS hourly" : $"PVGIS hourly ({database})";
        var series = new WeatherSeries(file, new WeatherLocation(lat, lon, elevation, 0, name), DateTime.SpecifyKind(grid.StartUtc, DateTimeKind.Utc), 3600, grid.Count)
        {
            Notes = notes,
            PlaneOfArray = poa,
        };
        Array.Copy(grid.Columns[Temperature], series.AirTemperature, grid.Count);
        Array.Copy(grid.Columns[Wind], series.WindSpeed, grid.Count);
        return series;
    }
}
