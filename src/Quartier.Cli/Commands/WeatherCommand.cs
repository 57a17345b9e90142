using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Forecasting.Weather;
using Spectre.Console;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier weather show</c>: read a weather file and print what Quartier makes of it.</summary>
internal static class WeatherCommand
{
    private static readonly Dictionary<string, WeatherFormat> Formats = new(StringComparer.Ordinal)
    {
        ["auto"] = WeatherFormat.Auto,
        ["epw"] = WeatherFormat.Epw,
        ["pvgis-tmy"] = WeatherFormat.PvgisTmy,
        ["pvgis-hourly"] = WeatherFormat.PvgisHourly,
        ["brightsky"] = WeatherFormat.BrightSky,
        ["openmeteo"] = WeatherFormat.OpenMeteo,
        ["clearoutside"] = WeatherFormat.ClearOutside,
        ["eos"] = WeatherFormat.EosRecords,
        ["csv"] = WeatherFormat.Csv,
    };

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "weather file: EPW, PVGIS TMY or hourly CSV, Bright Sky or Open-Meteo JSON, EOS weather records, or CSV with named columns" };
        var format = new Option<string>("--format") { Description = "file format (auto detects it from the content)", DefaultValueFactory = _ => "auto" };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var year = new Option<int?>("--year") { Description = "calendar year to put a typical year (EPW, PVGIS TMY) on; default: the first record's year" };
        var utcOffset = new Option<double?>("--utc-offset") { Description = "hours east of UTC of CSV times written without an offset; overrides an EPW's time zone" };
        var json = new Option<bool>("--json") { Description = "print the summary as JSON" };
        var show = new Command("show", "Show a weather file: source, location, period, step, quantities and monthly figures") { file, format, year, utcOffset, json };
        show.SetAction(parse => CliGuard.Run(() => Show(
            parse.GetValue(file)!,
            Formats[parse.GetValue(format) ?? "auto"],
            parse.GetValue(year),
            parse.GetValue(utcOffset),
            parse.GetValue(json))));

        return new Command("weather", "Weather files (EPW, PVGIS, Bright Sky, Open-Meteo, EOS, CSV)") { show };
    }

    private static int Show(string path, WeatherFormat format, int? year, double? utcOffset, bool json)
    {
        if (year is < 1 or > 9998)
        {
            throw new InputException($"--year {year} is outside 1…9998");
        }

        if (utcOffset is < -14 or > 14)
        {
            throw new InputException($"--utc-offset {utcOffset} is outside −14…+14 hours");
        }

        var detected = format == WeatherFormat.Auto ? WeatherReader.Detect(path) : format;
        var series = WeatherReader.Read(path, new WeatherReadOptions { Format = detected, Year = year, UtcOffsetHours = utcOffset });
        var months = WeatherSummary.Monthly(series);
        if (json)
        {
            WriteJson(series, detected, months);
            return ExitCodes.Ok;
        }

        var offset = TimeSpan.FromHours(series.Location.UtcOffsetHours);
        string zone = Zone(series.Location.UtcOffsetHours);
        Console.WriteLine($"Source:    {series.Source}");
        Console.WriteLine($"Format:    {WeatherReader.Describe(detected)}");
        Console.WriteLine($"Location:  {LocationText(series.Location)}");
        if (series.Count > 0)
        {
            var first = series.TimeAt(0);
            var last = series.TimeAt(series.Count - 1);
            Console.WriteLine($"Period:    first interval {Stamp(first)} UTC ({Stamp(first + offset)} {zone}), last interval {Stamp(last)} UTC ({Stamp(last + offset)} {zone}); ends {Stamp(series.End)} UTC");
        }

        Console.WriteLine($"Records:   {series.Count.ToString(CultureInfo.InvariantCulture)}");
        Console.WriteLine($"Step:      {series.StepSeconds.ToString(CultureInfo.InvariantCulture)} s ({StepText(series.StepSeconds)})");
        foreach (var note in series.Notes)
        {
            Console.WriteLine($"Note:      {note}");
        }

        if (series.PlaneOfArray is { } poa)
        {
            Console.WriteLine($"Plane of array: slope {F(poa.SlopeDegrees, "0.#")}°, azimuth {F(poa.AzimuthDegrees, "0.#")}° (0 = south, −90 = east); "
                + $"total {F(WeatherSummary.KwhPerM2(poa.Total, poa.StepSeconds), "0.000")} kWh/m², beam {F(WeatherSummary.KwhPerM2(poa.Beam, poa.StepSeconds), "0.000")} kWh/m²");
        }

        var available = new Table().Title("quantities").AddColumn("Quantity").AddColumn("Unit").AddColumn(new TableColumn("Values").RightAligned()).AddColumn(new TableColumn("Available").RightAligned());
        foreach (var q in WeatherQuantities.All)
        {
            int n = WeatherSummary.Available(series, q);
            available.AddRow(
                WeatherQuantities.Label(q),
                Markup.Escape(WeatherQuantities.Unit(q)),
                n.ToString(CultureInfo.InvariantCulture),
                series.Count == 0 ? "–" : F(100.0 * n / series.Count, "0.#") + " %");
        }

        AnsiConsole.Write(available);

        var table = new Table().Title($"monthly ({Markup.Escape(zone)})").AddColumn("Month").AddColumn(new TableColumn("Hours").RightAligned())
            .AddColumn(new TableColumn("T mean °C").RightAligned()).AddColumn(new TableColumn("GHI kWh/m²").RightAligned())
            .AddColumn(new TableColumn("DNI kWh/m²").RightAligned()).AddColumn(new TableColumn("DHI kWh/m²").RightAligned())
            .AddColumn(new TableColumn("Wind m/s").RightAligned());
        bool partial = false;
        foreach (var m in months)
        {
            string ghi = Value(m.GhiKwhPerM2, "0.0");
            if (m.MissingGhi > 0 && m.MissingGhi < m.Intervals)
            {
                ghi += "*";
                partial = true;
            }

            table.AddRow(
                $"{m.Year:0000}-{m.Month:00}",
                F(m.Intervals * (double)series.StepSeconds / 3600, "0.##"),
                Value(m.MeanAirTemperature, "0.0"),
                ghi,
                Value(m.DniKwhPerM2, "0.0"),
                Value(m.DhiKwhPerM2, "0.0"),
                Value(m.MeanWindSpeed, "0.0"));
        }

        table.AddRow(
            "year",
            F(series.Count * (double)series.StepSeconds / 3600, "0.##"),
            Value(Mean(series.AirTemperature), "0.0"),
            Value(WeatherSummary.KwhPerM2(series.Ghi, series.StepSeconds), "0.0"),
            Value(WeatherSummary.KwhPerM2(series.Dni, series.StepSeconds), "0.0"),
            Value(WeatherSummary.KwhPerM2(series.Dhi, series.StepSeconds), "0.0"),
            Value(Mean(series.WindSpeed), "0.0"));
        AnsiConsole.Write(table);
        Console.WriteLine(partial ? "* sum of the hours with data; some hours of the month have no GHI. – = no data." : "– = no data.");
        return ExitCodes.Ok;
    }

    private static void WriteJson(WeatherSeries s, WeatherFormat format, IReadOnlyList<MonthlyWeather> months)
    {
        var offset = TimeSpan.FromHours(s.Location.UtcOffsetHours);
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("source", s.Source);
            w.WriteString("format", Formats.First(kv => kv.Value == format).Key);
            w.WriteStartObject("location");
            if (s.Location.Name is null)
            {
                w.WriteNull("name");
            }
            else
            {
                w.WriteString("name", s.Location.Name);
            }

            Number(w, "latitude", s.Location.Latitude);
            Number(w, "longitude", s.Location.Longitude);
            Number(w, "elevation_m", s.Location.ElevationM);
            Number(w, "utc_offset_hours", s.Location.UtcOffsetHours);
            w.WriteEndObject();
            w.WriteNumber("records", s.Count);
            w.WriteNumber("step_seconds", s.StepSeconds);
            if (s.Count > 0)
            {
                var dto = new DateTimeOffset(DateTime.SpecifyKind(s.TimeAt(0) + offset, DateTimeKind.Unspecified), offset);
                var last = new DateTimeOffset(DateTime.SpecifyKind(s.TimeAt(s.Count - 1) + offset, DateTimeKind.Unspecified), offset);
                w.WriteString("first_interval_utc", s.TimeAt(0).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteString("first_interval_local", dto.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                w.WriteString("last_interval_utc", s.TimeAt(s.Count - 1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteString("last_interval_local", last.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                w.WriteString("end_utc", s.End.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            }

            w.WriteStartArray("notes");
            foreach (var note in s.Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            w.WriteStartObject("available");
            foreach (var q in WeatherQuantities.All)
            {
                w.WriteNumber(WeatherQuantities.Key(q), WeatherSummary.Available(s, q));
            }

            w.WriteEndObject();
            if (s.PlaneOfArray is { } poa)
            {
                w.WriteStartObject("plane_of_array");
                Number(w, "slope_deg", poa.SlopeDegrees);
                Number(w, "azimuth_deg", poa.AzimuthDegrees);
                Number(w, "total_kwh_m2", WeatherSummary.KwhPerM2(poa.Total, poa.StepSeconds));
                Number(w, "beam_kwh_m2", WeatherSummary.KwhPerM2(poa.Beam, poa.StepSeconds));
                Number(w, "diffuse_kwh_m2", WeatherSummary.KwhPerM2(poa.Diffuse, poa.StepSeconds));
                Number(w, "reflected_kwh_m2", WeatherSummary.KwhPerM2(poa.Reflected, poa.StepSeconds));
                w.WriteEndObject();
            }

            w.WriteStartArray("monthly");
            foreach (var m in months)
            {
                w.WriteStartObject();
                w.WriteNumber("year", m.Year);
                w.WriteNumber("month", m.Month);
                w.WriteNumber("intervals", m.Intervals);
                Number(w, "mean_air_temperature_c", m.MeanAirTemperature);
                Number(w, "ghi_kwh_m2", m.GhiKwhPerM2);
                Number(w, "dni_kwh_m2", m.DniKwhPerM2);
                Number(w, "dhi_kwh_m2", m.DhiKwhPerM2);
                Number(w, "mean_wind_speed_m_s", m.MeanWindSpeed);
                w.WriteNumber("missing_ghi", m.MissingGhi);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Number(w, "ghi_kwh_m2", WeatherSummary.KwhPerM2(s.Ghi, s.StepSeconds));
            Number(w, "dni_kwh_m2", WeatherSummary.KwhPerM2(s.Dni, s.StepSeconds));
            Number(w, "dhi_kwh_m2", WeatherSummary.KwhPerM2(s.Dhi, s.StepSeconds));
            w.WriteEndObject();
        }

        Console.WriteLine();
    }

    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string LocationText(WeatherLocation l)
    {
        var parts = new List<string>();
        if (l.Name is not null)
        {
            parts.Add(l.Name);
        }

        parts.Add(double.IsNaN(l.Latitude) || double.IsNaN(l.Longitude)
            ? "position not given"
            : $"{F(Math.Abs(l.Latitude), "0.0000")}° {(l.Latitude < 0 ? 'S' : 'N')}, {F(Math.Abs(l.Longitude), "0.0000")}° {(l.Longitude < 0 ? 'W' : 'E')}, {F(l.ElevationM, "0.#")} m");
        parts.Add($"time zone {Zone(l.UtcOffsetHours)}");
        return string.Join("; ", parts);
    }

    private static string Zone(double hours)
    {
        if (hours == 0)
        {
            return "UTC";
        }

        var span = TimeSpan.FromHours(Math.Abs(hours));
        return $"UTC{(hours < 0 ? '-' : '+')}{span.Hours:00}:{span.Minutes:00}";
    }

    private static string StepText(int seconds) =>
        seconds % 3600 == 0 ? $"{seconds / 3600} h" : seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds} s";

    private static string Stamp(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static double Mean(double[] values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    private static string Value(double v, string format) => double.IsNaN(v) ? "–" : F(v, format);

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
