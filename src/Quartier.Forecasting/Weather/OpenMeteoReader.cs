using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads an Open-Meteo forecast or archive response: <c>hourly</c> arrays with <c>time</c> (local ISO times shifted by
/// <c>utc_offset_seconds</c>, or unix seconds), converted with the units in <c>hourly_units</c>. Instantaneous values at the
/// stamp: <c>temperature_2m</c>, <c>dew_point_2m</c>, <c>relative_humidity_2m</c>, <c>surface_pressure</c> (or
/// <c>pressure_msl</c> reduced to the grid elevation), <c>cloud_cover</c>, <c>wind_speed_10m</c>; means over the preceding
/// hour: <c>shortwave_radiation</c> (GHI), <c>direct_normal_irradiance</c> (DNI), <c>diffuse_radiation</c> (DHI).
/// The hour <c>[T, T+1h)</c> takes the radiation stamped <c>T+1h</c> and the average of the instantaneous values at both
/// stamps, so n stamps give n−1 hours. Older names (<c>windspeed_10m</c>, <c>cloudcover</c> …) are accepted. With only
/// <c>direct_radiation</c> (beam on the horizontal) DNI stays NaN: it needs the sun's position.
/// </summary>
public static class OpenMeteoReader
{
    private static readonly (string[] Names, WeatherQuantity Quantity, bool Preceding, string DefaultUnit)[] Fields =
    [
        (["temperature_2m"], WeatherQuantity.AirTemperature, false, "°C"),
        (["dew_point_2m", "dewpoint_2m"], WeatherQuantity.DewPoint, false, "°C"),
        (["relative_humidity_2m", "relativehumidity_2m"], WeatherQuantity.RelativeHumidity, false, "%"),
        (["surface_pressure"], WeatherQuantity.Pressure, false, "hPa"),
        (["cloud_cover", "cloudcover"], WeatherQuantity.CloudCover, false, "%"),
        (["wind_speed_10m", "windspeed_10m"], WeatherQuantity.WindSpeed, false, "km/h"),
        (["shortwave_radiation"], WeatherQuantity.Ghi, true, "W/m²"),
        (["direct_normal_irradiance"], WeatherQuantity.Dni, true, "W/m²"),
        (["diffuse_radiation"], WeatherQuantity.Dhi, true, "W/m²"),
    ];

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path)
    {
        var text = WeatherText.ReadAll(path);
        using var doc = WeatherJson.Parse(text, path);
        return Parse(doc.RootElement, path);
    }

    internal static WeatherSeries Parse(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("hourly", out var hourly) || hourly.ValueKind != JsonValueKind.Object
            || !hourly.TryGetProperty("time", out var times) || times.ValueKind != JsonValueKind.Array)
        {
            throw new InputException("not an Open-Meteo response: no 'hourly.time' array", file);
        }

        double offsetSeconds = WeatherJson.Value(root, "utc_offset_seconds", file, "$");
        if (double.IsNaN(offsetSeconds))
        {
            offsetSeconds = 0;
        }

        WeatherRanges.CheckLocation(WeatherRanges.TimeZone, offsetSeconds / 3600, "utc_offset_seconds / 3600", file, null);
        double latitude = WeatherJson.Value(root, "latitude", file, "$");
        double longitude = WeatherJson.Value(root, "longitude", file, "$");
        if (!double.IsNaN(latitude) || !double.IsNaN(longitude))
        {
            WeatherRanges.CheckLocation(WeatherRanges.Latitude, latitude, "latitude", file, null);
            WeatherRanges.CheckLocation(WeatherRanges.Longitude, longitude, "longitude", file, null);
        }

        root.TryGetProperty("hourly_units", out var units);
        double elevation = WeatherJson.Value(root, "elevation", file, "$");
        if (!double.IsNaN(elevation))
        {
            WeatherRanges.CheckLocation(WeatherRanges.Elevation, elevation, "elevation", file, null);
        }

        var notes = new List<string>();
        int n = times.GetArrayLength();
        var columns = new List<(double[] Values, WeatherQuantity Quantity, bool Preceding, string Name)>();
        foreach (var (names, quantity, preceding, defaultUnit) in Fields)
        {
            foreach (var name in names)
            {
                if (hourly.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array)
                {
                    columns.Add((Column(array, name, quantity, WeatherJson.Text(units, name) ?? defaultUnit, n, file), quantity, preceding, name));
                    break;
                }
            }
        }

        if (!columns.Exists(c => c.Quantity == WeatherQuantity.Pressure) && hourly.TryGetProperty("pressure_msl", out var msl) && msl.ValueKind == JsonValueKind.Array)
        {
            var p = Column(msl, "pressure_msl", WeatherQuantity.Pressure, WeatherJson.Text(units, "pressure_msl") ?? "hPa", n, file);
            if (double.IsFinite(elevation))
            {
                for (int i = 0; i < n; i++)
                {
                    p[i] = WeatherJson.StationPressure(p[i], elevation);
                }

                notes.Add($"no surface_pressure: pressure_msl reduced to the elevation {elevation:0.#} m (standard atmosphere)");
            }
            else
            {
                notes.Add("pressure is sea-level pressure (no surface_pressure, no elevation)");
            }

            columns.Add((p, WeatherQuantity.Pressure, false, "pressure_msl"));
        }

        if (!columns.Exists(c => c.Quantity == WeatherQuantity.Dni) && hourly.TryGetProperty("direct_radiation", out _))
        {
            notes.Add("only direct_radiation (beam on the horizontal): DNI left NaN (it needs the sun's position)");
        }

        var table = new RecordTable(columns.Count);
        var v = new double[columns.Count];
        var offset = TimeSpan.FromSeconds(offsetSeconds);
        int index = 0;
        foreach (var t in times.EnumerateArray())
        {
            DateTime utc;
            if (t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out long unix))
            {
                utc = DateTime.UnixEpoch.AddSeconds(unix);
            }
            else if (t.ValueKind == JsonValueKind.String && DateTime.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                utc = DateTime.SpecifyKind(local, DateTimeKind.Unspecified) - offset;
            }
            else
            {
                throw new InputException($"hourly.time[{index}]: '{t}' is not an ISO time or unix seconds", file);
            }

            for (int c = 0; c < columns.Count; c++)
            {
                v[c] = columns[c].Values[index];
            }

            table.Add(utc, index + 1, v);
            index++;
        }

        if (table.Count < 2)
        {
            throw new InputException($"{table.Count} Open-Meteo time(s): at least two are needed for one interval", file);
        }

        WeatherRanges.Check(table, columns.ConvertAll(c => (WeatherColumn?)WeatherColumn.Of(c.Quantity, $"hourly.{c.Name}[]")), file, notes, "hourly[]");
        int step = SeriesAssembler.StepOf(table, file, "UTC", "record");
        var stamps = SeriesAssembler.FillGaps(table, step, 0, file, "UTC", notes, "record");
        var grid = SeriesAssembler.StampsToIntervals(stamps, columns.ConvertAll(c => c.Preceding));
        notes.Add($"{table.Count} stamps → {grid.Count} intervals: radiation is the preceding interval's mean, the other values are averaged between the stamps");
        var location = new WeatherLocation(latitude, longitude, double.IsFinite(elevation) ? elevation : 0, offsetSeconds / 3600, WeatherJson.Text(root, "timezone") is { } tz ? $"Open-Meteo ({tz})" : "Open-Meteo");
        var series = new WeatherSeries(file, location, DateTime.SpecifyKind(grid.StartUtc, DateTimeKind.Utc), step, grid.Count) { Notes = notes };
        SeriesAssembler.Fill(series, grid, columns.ConvertAll(c => (WeatherQuantity?)c.Quantity));
        return series;
    }

    private static double[] Column(JsonElement array, string name, WeatherQuantity quantity, string unit, int n, string file)
    {
        if (array.GetArrayLength() != n)
        {
            throw new InputException($"hourly.{name} has {array.GetArrayLength()} values, hourly.time {n}", file);
        }

        if (!WeatherUnits.TryGet(quantity, unit, out var conversion))
        {
            throw new InputException($"hourly_units.{name} '{unit}' is not a unit of {WeatherQuantities.Label(quantity).ToLowerInvariant()}; expected {WeatherUnits.Accepted(quantity)}", file);
        }

        var values = new double[n];
        int i = 0;
        foreach (var e in array.EnumerateArray())
        {
            values[i] = conversion.Apply(WeatherJson.Value(e, file, $"hourly.{name}[{i}]"), 3600);
            i++;
        }

        return values;
    }
}
