using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>
/// Reads any supported weather file into a <see cref="WeatherSeries"/> (UTC, interval beginning, fixed units, NaN for
/// missing), detecting the format from the content: <c>LOCATION,</c> on line 1 → EPW; PVGIS header with
/// <c>time(UTC),</c> → PVGIS TMY, with <c>time,</c> → PVGIS hourly series; JSON with <c>weather[]</c> → Bright Sky, with
/// <c>hourly</c> → Open-Meteo, with <c>records[]</c> → EOS weather records; anything else → plain CSV.
/// </summary>
public static class WeatherReader
{
    /// <summary>Reads <paramref name="path"/> with default options (format detected).</summary>
    public static WeatherSeries Read(string path) => Read(path, WeatherReadOptions.Default);

    /// <summary>Reads <paramref name="path"/> in <paramref name="format"/> (<see cref="WeatherFormat.Auto"/> detects it).</summary>
    public static WeatherSeries Read(string path, WeatherFormat format) => Read(path, new WeatherReadOptions { Format = format });

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static WeatherSeries Read(string path, WeatherReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = WeatherText.ReadAll(path);
        var format = options.Format == WeatherFormat.Auto ? Detect(text, path) : options.Format;
        switch (format)
        {
            case WeatherFormat.Epw:
                return EpwReader.Parse(Lines(text), path, options);
            case WeatherFormat.PvgisTmy:
                return PvgisTmyReader.Parse(Lines(text), path, options);
            case WeatherFormat.PvgisHourly:
                return PvgisHourlyReader.Parse(Lines(text), path);
            case WeatherFormat.Csv:
                return CsvWeatherReader.Parse(Lines(text), path, options);
            case WeatherFormat.BrightSky:
            case WeatherFormat.OpenMeteo:
            case WeatherFormat.ClearOutside:
            case WeatherFormat.EosRecords:
                return ReadJson(text, path, format);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), format, "unknown weather format");
        }
    }

    /// <summary>The format of <paramref name="path"/> judged from its content.</summary>
    public static WeatherFormat Detect(string path) => Detect(WeatherText.ReadAll(path), path);

    /// <summary>Human name of a format (<c>EPW</c>, <c>PVGIS TMY CSV</c> …).</summary>
    public static string Describe(WeatherFormat format) => format switch
    {
        WeatherFormat.Auto => "auto",
        WeatherFormat.Epw => "EPW (EnergyPlus weather)",
        WeatherFormat.PvgisTmy => "PVGIS TMY CSV",
        WeatherFormat.PvgisHourly => "PVGIS hourly series CSV",
        WeatherFormat.BrightSky => "Bright Sky (DWD) JSON",
        WeatherFormat.OpenMeteo => "Open-Meteo JSON",
        WeatherFormat.ClearOutside => "ClearOutside (EOS weather records)",
        WeatherFormat.EosRecords => "EOS weather records JSON",
        WeatherFormat.Csv => "CSV",
        _ => format.ToString(),
    };

    internal static WeatherFormat Detect(string text, string file)
    {
        var head = text.AsSpan().TrimStart('\uFEFF').TrimStart();
        if (head.IsEmpty)
        {
            throw new InputException("empty file", file);
        }

        if (head[0] == '<')
        {
            throw new InputException("an HTML/XML page, not weather data (ClearOutside's forecast page is HTML: Quartier reads ClearOutside forecasts as EOS stores them, records[] JSON)", file, 1);
        }

        if (head[0] is '{' or '[')
        {
            using var doc = WeatherJson.Parse(text, file);
            return DetectJson(doc.RootElement, file);
        }

        if (head.StartsWith("LOCATION,", StringComparison.OrdinalIgnoreCase))
        {
            return WeatherFormat.Epw;
        }

        if (head.StartsWith("Latitude", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var line in Lines(text))
            {
                if (line.StartsWith("time(UTC)", StringComparison.OrdinalIgnoreCase))
                {
                    return WeatherFormat.PvgisTmy;
                }

                if (line.StartsWith("time,", StringComparison.OrdinalIgnoreCase))
                {
                    return WeatherFormat.PvgisHourly;
                }
            }

            throw new InputException("a PVGIS-like header without a 'time(UTC),…' (TMY) or 'time,…' (hourly series) column line", file, 1);
        }

        return WeatherFormat.Csv;
    }

    private static WeatherFormat DetectJson(JsonElement root, string file)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("weather", out var w) && w.ValueKind == JsonValueKind.Array)
            {
                return WeatherFormat.BrightSky;
            }

            if (root.TryGetProperty("hourly", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                return WeatherFormat.OpenMeteo;
            }

            if (root.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Array)
            {
                return WeatherFormat.EosRecords;
            }
        }

        throw new InputException("JSON weather not recognised: expected Bright Sky (weather[]), Open-Meteo (hourly{}) or EOS weather records (records[])", file);
    }

    private static WeatherSeries ReadJson(string text, string file, WeatherFormat format)
    {
        using var doc = WeatherJson.Parse(text, file);
        var root = doc.RootElement;
        bool records = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Array;
        return format switch
        {
            WeatherFormat.BrightSky when records => EosWeatherRecordsReader.Parse(root, file, "Bright Sky"),
            WeatherFormat.BrightSky => BrightSkyReader.Parse(root, file),
            WeatherFormat.OpenMeteo when records => EosWeatherRecordsReader.Parse(root, file, "Open-Meteo"),
            WeatherFormat.OpenMeteo => OpenMeteoReader.Parse(root, file),
            WeatherFormat.ClearOutside => EosWeatherRecordsReader.Parse(root, file, "ClearOutside"),
            _ => EosWeatherRecordsReader.Parse(root, file, null),
        };
    }

    private static string[] Lines(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n');
}
