using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads weather as Akkudoktor-EOS stores it for any provider (Bright Sky, Open-Meteo, ClearOutside …): <c>records[]</c>
/// with <c>date_time</c> (ISO 8601 with offset) and <c>weather_ghi</c>, <c>weather_dni</c>, <c>weather_dhi</c> (W/m²),
/// <c>weather_temp_air</c>, <c>weather_dew_point</c> (°C), <c>weather_relative_humidity</c> (%), <c>weather_wind_speed</c>
/// (km/h), <c>weather_pressure</c> (hPa, as the provider gives it — usually sea level), <c>weather_total_clouds</c> (%).
/// Each record is the hour starting at its <c>date_time</c>, as EOS uses it. A skipped hour (ClearOutside misses one at
/// the end of summer time) is NaN, with a note. EOS records carry no position: latitude and longitude are NaN.
/// For ClearOutside and Bright Sky EOS estimates GHI, DNI and DHI from the cloud cover, so they are model values.
/// </summary>
public static class EosWeatherRecordsReader
{
    private static readonly (string Name, WeatherQuantity Quantity, double Scale)[] Fields =
    [
        ("weather_ghi", WeatherQuantity.Ghi, 1),
        ("weather_dni", WeatherQuantity.Dni, 1),
        ("weather_dhi", WeatherQuantity.Dhi, 1),
        ("weather_temp_air", WeatherQuantity.AirTemperature, 1),
        ("weather_dew_point", WeatherQuantity.DewPoint, 1),
        ("weather_relative_humidity", WeatherQuantity.RelativeHumidity, 1),
        ("weather_wind_speed", WeatherQuantity.WindSpeed, 1 / 3.6),
        ("weather_pressure", WeatherQuantity.Pressure, 100),
        ("weather_total_clouds", WeatherQuantity.CloudCover, 0.01),
    ];

    /// <summary>Reads <paramref name="path"/>; <paramref name="provider"/> names the source in the series' location (e.g. ClearOutside).</summary>
    public static WeatherSeries Read(string path, string? provider = null)
    {
        var text = WeatherText.ReadAll(path);
        using var doc = WeatherJson.Parse(text, path);
        return Parse(doc.RootElement, path, provider);
    }

    internal static WeatherSeries Parse(JsonElement root, string file, string? provider)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
        {
            throw new InputException("not EOS weather records: no 'records' array", file);
        }

        var table = new RecordTable(Fields.Length);
        Span<double> v = stackalloc double[Fields.Length];
        int index = 0;
        double minOffset = double.PositiveInfinity;
        foreach (var r in records.EnumerateArray())
        {
            var stamp = WeatherJson.Stamp(WeatherJson.Text(r, "date_time"), file, $"records[{index}].date_time");
            minOffset = Math.Min(minOffset, stamp.Offset.TotalHours);
            for (int f = 0; f < Fields.Length; f++)
            {
                v[f] = WeatherJson.Value(r, Fields[f].Name, file, $"records[{index}]") * Fields[f].Scale;
            }

            index++;
            table.Add(stamp.UtcDateTime, index, v);
        }

        if (table.Count == 0)
        {
            throw new InputException("no EOS weather records", file);
        }

        var notes = new List<string>();
        int pressure = Array.FindIndex(Fields, f => f.Quantity == WeatherQuantity.Pressure);
        if (PressureInTensOfKilopascals(table, pressure))
        {
            table.Scale(pressure, 100);
            notes.Add("weather_pressure around 10 (hPa/100, as EOS stores Open-Meteo's pressure) read as tens of kPa");
        }

        WeatherRanges.Check(table, Array.ConvertAll(Fields, f => (WeatherColumn?)WeatherColumn.Of(f.Quantity, f.Name)), file, notes, "records[]");
        int step = table.Count >= 2 ? SeriesAssembler.StepOf(table, file, "UTC", "record") : 3600;
        step = Math.Min(step, 3600);
        var grid = SeriesAssembler.FillGaps(table, step, 0, file, "UTC", notes, "record");
        notes.Add("EOS records: each value is the interval starting at its date_time; wind km/h → m/s, pressure hPa → Pa (as the provider gave it)");
        var map = new WeatherQuantity?[Fields.Length];
        for (int f = 0; f < Fields.Length; f++)
        {
            map[f] = Fields[f].Quantity;
        }

        var location = new WeatherLocation(double.NaN, double.NaN, 0, double.IsFinite(minOffset) ? minOffset : 0, provider is null ? "EOS weather records" : $"{provider} (EOS weather records)");
        var series = new WeatherSeries(file, location, DateTime.SpecifyKind(grid.StartUtc, DateTimeKind.Utc), step, grid.Count) { Notes = notes };
        SeriesAssembler.Fill(series, grid, map);
        return series;
    }

    /// <summary>True when every pressure given lies in 3 … 12: hPa divided by 100, as EOS's Open-Meteo provider stores it.</summary>
    private static bool PressureInTensOfKilopascals(RecordTable table, int column)
    {
        bool any = false;
        for (int i = 0; i < table.Count; i++)
        {
            double v = table.Value(column, i);
            if (double.IsNaN(v))
            {
                continue;
            }

            if (v is < 300 or > 1200)
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}
