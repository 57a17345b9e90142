using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads a Bright Sky (DWD) <c>/weather</c> response: <c>weather[]</c> records with <c>timestamp</c> (ISO 8601 with
/// offset), and <c>sources[]</c> (station position and height). In Bright Sky's default DWD units: <c>temperature</c> and
/// <c>dew_point</c> °C, <c>relative_humidity</c> %, <c>pressure_msl</c> hPa and <c>cloud_cover</c> % at the timestamp;
/// <c>wind_speed</c> km/h and <c>solar</c> kWh/m² over the preceding hour (SI units — K, m/s, Pa, J/m² — are recognised by
/// temperatures above 150). Stamped values become interval means: the hour <c>[T, T+1h)</c> takes the solar energy and mean
/// wind stamped <c>T+1h</c> and the average of the instantaneous values at <c>T</c> and <c>T+1h</c>, so n records give
/// n−1 hours. Sea-level pressure becomes station pressure with the station height (standard atmosphere). Bright Sky
/// gives no DNI or DHI; its <c>solar</c> is often null (then GHI is NaN).
/// </summary>
public static class BrightSkyReader
{
    private const int Temperature = 0;
    private const int Dew = 1;
    private const int Humidity = 2;
    private const int Pressure = 3;
    private const int Cloud = 4;
    private const int Wind = 5;
    private const int Solar = 6;

    private static readonly WeatherQuantity?[] Map =
    [
        WeatherQuantity.AirTemperature, WeatherQuantity.DewPoint, WeatherQuantity.RelativeHumidity, WeatherQuantity.Pressure,
        WeatherQuantity.CloudCover, WeatherQuantity.WindSpeed, WeatherQuantity.Ghi,
    ];

    private static readonly string[] Names = ["temperature", "dew_point", "relative_humidity", "pressure_msl", "cloud_cover", "wind_speed", "solar"];

    private static readonly bool[] PrecedingHour = [false, false, false, false, false, true, true];

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path)
    {
        var text = WeatherText.ReadAll(path);
        using var doc = WeatherJson.Parse(text, path);
        return Parse(doc.RootElement, path);
    }

    internal static WeatherSeries Parse(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weather", out var weather) || weather.ValueKind != JsonValueKind.Array)
        {
            throw new InputException("not a Bright Sky response: no 'weather' array", file);
        }

        bool si = false;
        foreach (var r in weather.EnumerateArray())
        {
            si |= WeatherJson.Number(r, "temperature") > 150;
        }

        var notes = new List<string>();
        var table = new RecordTable(Map.Length);
        Span<double> v = stackalloc double[Map.Length];
        int index = 0;
        double minOffset = double.PositiveInfinity;
        foreach (var r in weather.EnumerateArray())
        {
            index++;
            string path = $"weather[{index - 1}]";
            var stamp = WeatherJson.Stamp(WeatherJson.Text(r, "timestamp"), file, path + ".timestamp");
            minOffset = Math.Min(minOffset, stamp.Offset.TotalHours);
            v[Temperature] = WeatherJson.Value(r, "temperature", file, path) - (si ? 273.15 : 0);
            v[Dew] = WeatherJson.Value(r, "dew_point", file, path) - (si ? 273.15 : 0);
            v[Humidity] = WeatherJson.Value(r, "relative_humidity", file, path);
            v[Pressure] = WeatherJson.Value(r, "pressure_msl", file, path) * (si ? 1 : 100);
            v[Cloud] = WeatherJson.Value(r, "cloud_cover", file, path) / 100;
            v[Wind] = WeatherJson.Value(r, "wind_speed", file, path) / (si ? 1 : 3.6);
            v[Solar] = WeatherJson.Value(r, "solar", file, path) * (si ? 1 : 3.6e6) / 3600; // energy over the preceding hour → mean W/m²
            table.Add(stamp.UtcDateTime, index, v);
        }

        if (table.Count < 2)
        {
            throw new InputException($"{table.Count} Bright Sky record(s): at least two are needed for one hour", file);
        }

        WeatherRanges.Check(table, WeatherColumn.For(Map, c => Names[c]), file, notes, "weather[]");
        var stamps = SeriesAssembler.FillGaps(table, 3600, 0, file, "UTC", notes, "record");
        var grid = SeriesAssembler.StampsToIntervals(stamps, PrecedingHour);
        notes.Add($"{table.Count} stamped records → {grid.Count} hourly intervals: solar and wind are preceding-hour values, the others are averaged between the stamps");
        if (si)
        {
            notes.Add("SI units (K, m/s, Pa, J/m²) recognised from the temperatures");
        }

        double lat = double.NaN, lon = double.NaN, height = double.NaN;
        string? station = null;
        if (root.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array && sources.GetArrayLength() > 0)
        {
            var s0 = sources[0];
            lat = Location(WeatherRanges.Latitude, WeatherJson.Value(s0, "lat", file, "sources[0]"), "sources[0].lat", file);
            lon = Location(WeatherRanges.Longitude, WeatherJson.Value(s0, "lon", file, "sources[0]"), "sources[0].lon", file);
            height = Location(WeatherRanges.Elevation, WeatherJson.Value(s0, "height", file, "sources[0]"), "sources[0].height", file);
            station = WeatherJson.Text(s0, "station_name");
        }

        var pressure = grid.Columns[Pressure];
        if (double.IsFinite(height))
        {
            for (int i = 0; i < pressure.Length; i++)
            {
                pressure[i] = WeatherJson.StationPressure(pressure[i], height);
            }

            notes.Add($"sea-level pressure reduced to the station height {height:0.#} m (standard atmosphere)");
        }
        else
        {
            notes.Add("pressure is sea-level pressure (no station height)");
        }

        if (Array.TrueForAll(grid.Columns[Solar], double.IsNaN))
        {
            notes.Add("no solar values (null in every record): GHI is NaN");
        }

        var location = new WeatherLocation(lat, lon, double.IsFinite(height) ? height : 0, minOffset, station is null ? "Bright Sky" : $"Bright Sky: {station}");
        var series = new WeatherSeries(file, location, DateTime.SpecifyKind(grid.StartUtc, DateTimeKind.Utc), 3600, grid.Count) { Notes = notes };
        SeriesAssembler.Fill(series, grid, Map);
        return series;
    }

    private static double Location(Quartier.Core.Input.PhysicalRange range, double value, string field, string file) =>
        double.IsNaN(value) ? value : WeatherRanges.CheckLocation(range, value, field, file, null);
}
