using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Input;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// The physical range of every weather quantity, in the series' units — stated once here and enforced by every weather
/// reader on every record, so a value outside it (a unit mix-up, a sensor fault, a typo) is refused naming the file, the
/// line or record, the column and the range instead of running silently. Missing values (NaN from an empty cell, a
/// provider's null, an EPW missing code) are allowed and counted in the series' notes.
/// </summary>
public static class WeatherRanges
{
    /// <summary>Irradiance on the horizontal or normal to the beam: the solar constant (1361 W/m²) plus cloud enhancement.</summary>
    public static readonly PhysicalRange Irradiance = new(0, 1500, "W/m2");

    /// <summary>Irradiance on a tilted plane (PVGIS plane-of-array components): ground reflection can add to the beam.</summary>
    public static readonly PhysicalRange PlaneOfArrayIrradiance = new(0, 2000, "W/m2");

    /// <summary>Air temperature and dew point: below the coldest (−89 °C) and above the hottest (57 °C) ever measured, with margin.</summary>
    public static readonly PhysicalRange Temperature = new(-90, 70, "degC");

    /// <summary>Relative humidity.</summary>
    public static readonly PhysicalRange Humidity = new(0, 100, "%");

    /// <summary>Wind speed at 10 m (the strongest gusts measured are about 113 m/s).</summary>
    public static readonly PhysicalRange Wind = new(0, 120, "m/s");

    /// <summary>Station or sea-level pressure: Everest's summit (≈ 33 kPa) to the highest sea-level record (≈ 108.4 kPa).</summary>
    public static readonly PhysicalRange Pressure = new(30_000, 110_000, "Pa");

    /// <summary>Cloud cover as a fraction of the sky.</summary>
    public static readonly PhysicalRange Cloud = new(0, 1, "0..1");

    /// <summary>Sun height above the horizon (PVGIS H_sun).</summary>
    public static readonly PhysicalRange SunHeight = new(-90, 90, "deg");

    /// <summary>Latitude of a weather location, degrees north.</summary>
    public static readonly PhysicalRange Latitude = new(-90, 90, "deg");

    /// <summary>Longitude of a weather location, degrees east.</summary>
    public static readonly PhysicalRange Longitude = new(-180, 180, "deg");

    /// <summary>Time zone of a weather file, hours from UTC.</summary>
    public static readonly PhysicalRange TimeZone = new(-14, 14, "h");

    /// <summary>Elevation of a weather location (Dead Sea shore to above Everest).</summary>
    public static readonly PhysicalRange Elevation = new(-500, 9000, "m");

    /// <summary>The range of <paramref name="quantity"/> in the series' unit.</summary>
    public static PhysicalRange Of(WeatherQuantity quantity) => quantity switch
    {
        WeatherQuantity.Ghi or WeatherQuantity.Dni or WeatherQuantity.Dhi => Irradiance,
        WeatherQuantity.AirTemperature or WeatherQuantity.DewPoint => Temperature,
        WeatherQuantity.RelativeHumidity => Humidity,
        WeatherQuantity.WindSpeed => Wind,
        WeatherQuantity.Pressure => Pressure,
        WeatherQuantity.CloudCover => Cloud,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "unknown weather quantity"),
    };

    /// <summary>A location value (latitude, longitude, time zone, elevation) checked against its range, naming the file and line.</summary>
    public static double CheckLocation(PhysicalRange range, double value, string field, string file, int? line) =>
        range.Check(value, field, file, line);

    /// <summary>
    /// Checks every value of <paramref name="table"/> against its column's range (after the column's conversion into series
    /// units) and adds a note per column with missing values. <paramref name="row"/> is <c>line</c> when the records are
    /// text lines, a JSON array such as <c>weather[]</c> (records numbered from 1, shown as JSON paths), else a word such as
    /// <c>record</c>.
    /// </summary>
    internal static void Check(RecordTable table, IReadOnlyList<WeatherColumn?> columns, string file, List<string>? notes, string row = "line")
    {
        var gaps = new List<string>();
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c] is not { } column)
            {
                continue;
            }

            int missing = 0, firstMissing = 0;
            for (int i = 0; i < table.Count; i++)
            {
                double raw = table.Value(c, i);
                if (double.IsNaN(raw))
                {
                    firstMissing = missing++ == 0 ? table.Lines[i] : firstMissing;
                    continue;
                }

                double value = column.ToSeries is { } convert ? convert(raw) : raw;
                if (!column.Range.Contains(value))
                {
                    string shown = PhysicalRange.Number(raw) + (value.Equals(raw) ? $" {column.Range.Unit}" : $" (= {PhysicalRange.Number(value)} {column.Range.Unit})");
                    string where = row == "line" ? $"column {c + 1} ({column.Name})"
                        : column.Name.Contains("[]", StringComparison.Ordinal) ? column.Name.Replace("[]", Index(table.Lines[i]), StringComparison.Ordinal)
                        : $"{Row(row, table.Lines[i])}.{column.Name}";
                    throw new InputException(
                        $"{where}: {shown} is outside the physical range of {column.Label} {column.Range}",
                        file,
                        row == "line" ? table.Lines[i] : null,
                        field: column.Name);
                }
            }

            if (missing > 0 && missing < table.Count)
            {
                gaps.Add($"{column.Name} {missing.ToString(CultureInfo.InvariantCulture)} (first: {Row(row, firstMissing)})");
            }
        }

        if (gaps.Count > 0 && notes is not null)
        {
            notes.Add($"missing values left NaN, of {table.Count.ToString(CultureInfo.InvariantCulture)} records: {string.Join("; ", gaps)}");
        }
    }

    /// <summary><c>line 12</c>, <c>weather[11]</c> (for a JSON array <c>weather[]</c>, numbered from 1) or <c>record 12</c>.</summary>
    private static string Row(string row, int number) =>
        row.EndsWith("[]", StringComparison.Ordinal) ? row[..^2] + Index(number) : $"{row} {number.ToString(CultureInfo.InvariantCulture)}";

    private static string Index(int number) => $"[{(number - 1).ToString(CultureInfo.InvariantCulture)}]";
}

/// <summary>How a reader's column is checked: its name as the file spells it, its range, and the conversion of a raw value into series units.</summary>
internal sealed record WeatherColumn(string Name, string Label, PhysicalRange Range, Func<double, double>? ToSeries = null)
{
    /// <summary>A column holding <paramref name="quantity"/>.</summary>
    public static WeatherColumn Of(WeatherQuantity quantity, string name, Func<double, double>? toSeries = null) =>
        new(name, WeatherQuantities.Label(quantity).ToLowerInvariant(), WeatherRanges.Of(quantity), toSeries);

    /// <summary>Columns for a map of quantities (null = not checked), named by <paramref name="names"/>.</summary>
    public static WeatherColumn?[] For(IReadOnlyList<WeatherQuantity?> map, Func<int, string> names, Func<int, double, double>? toSeries = null)
    {
        var columns = new WeatherColumn?[map.Count];
        for (int c = 0; c < map.Count; c++)
        {
            int column = c;
            columns[c] = map[c] is { } q ? Of(q, names(c), toSeries is null ? null : v => toSeries(column, v)) : null;
        }

        return columns;
    }
}
