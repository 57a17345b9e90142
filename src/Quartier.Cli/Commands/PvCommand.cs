using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Forecasting.Pv;
using Quartier.Forecasting.Solar;
using Quartier.Forecasting.Weather;
using Spectre.Console;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier pv estimate</c>: PV yield of one or more roof planes from a weather file.</summary>
internal static class PvCommand
{
    private static readonly string[] MonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Dictionary<string, SkyDiffuseModel> Models = new(StringComparer.Ordinal)
    {
        ["perez"] = SkyDiffuseModel.Perez,
        ["haydavies"] = SkyDiffuseModel.HayDavies,
        ["isotropic"] = SkyDiffuseModel.Isotropic,
    };

    private static readonly Dictionary<string, CellTemperatureModel> CellModels = new(StringComparer.Ordinal)
    {
        ["faiman"] = CellTemperatureModel.Faiman,
        ["sapm"] = CellTemperatureModel.Sapm,
        ["noct"] = CellTemperatureModel.Noct,
    };

    public static Command Create()
    {
        var weather = new Option<string>("--weather") { Description = "weather file with irradiance (EPW, PVGIS TMY, CSV, …; see 'quartier weather show')", Required = true };
        var lat = new Option<double?>("--lat") { Description = "latitude, degrees north (default: the weather file's)" };
        var lon = new Option<double?>("--lon") { Description = "longitude, degrees east (default: the weather file's)" };
        var kwp = new Option<double?>("--kwp") { Description = "DC peak power of the main plane, kWp (with --tilt and --azimuth)" };
        var tilt = new Option<double?>("--tilt") { Description = "tilt of the main plane, degrees from horizontal (0…90)" };
        var azimuth = new Option<double?>("--azimuth") { Description = "facing direction of the main plane, degrees from north (90 east, 180 south, 270 west)" };
        var planes = new Option<string[]>("--plane") { Description = "a further plane as tilt,azimuth,kwp (repeatable), e.g. --plane 35,90,3 --plane 35,270,3" };
        var losses = new Option<double>("--losses") { Description = "system losses, % of DC (PVWatts default 14)", DefaultValueFactory = _ => PvSystem.DefaultLosses * 100 };
        var albedo = new Option<double>("--albedo") { Description = "ground albedo 0…1", DefaultValueFactory = _ => PvSystem.DefaultAlbedo };
        var model = new Option<string>("--model") { Description = "sky diffuse model of the transposition", DefaultValueFactory = _ => "perez" };
        model.AcceptOnlyFromAmong([.. Models.Keys]);
        var cell = new Option<string>("--cell-temp") { Description = "cell temperature model", DefaultValueFactory = _ => "faiman" };
        cell.AcceptOnlyFromAmong([.. CellModels.Keys]);
        var gamma = new Option<double>("--gamma") { Description = "module power temperature coefficient, %/K", DefaultValueFactory = _ => PvPlane.DefaultTemperatureCoefficient * 100 };
        var inverter = new Option<double?>("--inverter-kw") { Description = "inverter AC rating, kW (default: DC kWp / 1.2)" };
        var inverterEfficiency = new Option<double>("--inverter-eff") { Description = "nominal inverter efficiency, % (PVWatts default 96)", DefaultValueFactory = _ => PvWattsInverter.DefaultNominalEfficiency * 100 };
        var sunTime = new Option<string>("--sun-time") { Description = "when in each interval to place the sun: auto (where the file's GHI, DNI, DHI close; else midpoint), mid, or minutes after the interval start", DefaultValueFactory = _ => "auto" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };

        var estimate = new Command("estimate", "Estimate PV output (monthly and annual AC energy) from a weather file")
        {
            weather, lat, lon, kwp, tilt, azimuth, planes, losses, albedo, model, cell, gamma, inverter, inverterEfficiency, sunTime, json,
        };
        estimate.SetAction(parse => CliGuard.Run(() => Estimate(new Request(
            parse.GetValue(weather)!,
            parse.GetValue(lat),
            parse.GetValue(lon),
            parse.GetValue(kwp),
            parse.GetValue(tilt),
            parse.GetValue(azimuth),
            parse.GetValue(planes) ?? [],
            parse.GetValue(losses),
            parse.GetValue(albedo),
            Models[parse.GetValue(model) ?? "perez"],
            CellModels[parse.GetValue(cell) ?? "faiman"],
            parse.GetValue(gamma),
            parse.GetValue(inverter),
            parse.GetValue(inverterEfficiency),
            parse.GetValue(sunTime) ?? "auto",
            parse.GetValue(json)))));

        return new Command("pv", "Photovoltaic yield (NREL SPA sun, Perez/Hay-Davies/isotropic sky, PVWatts DC and inverter)") { estimate };
    }

    private static int Estimate(Request q)
    {
        var system = BuildSystem(q);
        var series = WeatherReader.Read(q.Weather);
        var location = Location(series.Location, q.Lat, q.Lon, q.Weather);
        if (series.Count == 0)
        {
            throw new InputException("the weather file has no records", q.Weather);
        }

        if (series.PlaneOfArray is null && Array.TrueForAll(series.Ghi, double.IsNaN))
        {
            throw new InputException("the weather file has no irradiance (no GHI value and no plane-of-array columns): a PV estimate needs ghi [W/m2]", q.Weather);
        }

        var (offset, timing) = SunOffset(q.SunTime, series, location);
        var r = PvEstimate.Run(series, system, location, offset);
        if (q.Json)
        {
            WriteJson(q, series, location, system, r, offset);
            return ExitCodes.Ok;
        }

        Console.WriteLine($"PV estimate at {Coordinates(location)}: {system.Planes.Count} plane(s), {F(system.DcKwp, "0.###")} kWp DC, inverter {F(system.InverterAcW / 1000, "0.###")} kW AC");
        foreach (var plane in system.Planes)
        {
            Console.WriteLine($"  plane {plane.Describe()}");
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("Month");
        table.AddColumn(new TableColumn("GHI kWh/m²").RightAligned());
        table.AddColumn(new TableColumn("POA kWh/m²").RightAligned());
        table.AddColumn(new TableColumn("AC kWh").RightAligned());
        table.AddColumn(new TableColumn("kWh/kWp").RightAligned());
        for (int m = 0; m < 12; m++)
        {
            bool covered = r.MonthOccurrences[m] > 0;
            table.AddRow(
                MonthNames[m],
                covered ? F(r.MonthlyGhiKwhPerM2[m], "0.0") : "–",
                covered ? F(r.MonthlyPoaKwhPerM2[m], "0.0") : "–",
                covered ? F(r.MonthlyAcKwh[m], "0.0") : "–",
                covered ? F(r.MonthlyAcKwh[m] / system.DcKwp, "0.0") : "–");
        }

        AnsiConsole.Write(table);

        // The first number on this line is the AC energy in kWh (scripts read it).
        string scope = r.CoversAllMonths ? string.Empty : $", only {r.MonthOccurrences.Count(n => n > 0)} of 12 months in the file";
        Console.WriteLine($"Annual energy: {F(r.AnnualAcKwh, "0.0")} kWh ({F(r.SpecificYieldKwhPerKwp, "0")} kWh/kWp{scope})");
        Console.WriteLine($"Plane-of-array irradiation {F(r.AnnualPoaKwhPerM2, "0")} kWh/m² (horizontal {F(r.AnnualGhiKwhPerM2, "0")} kWh/m²), performance ratio {F(r.PerformanceRatio, "0.000")}");
        Console.WriteLine($"Model: {q.Model} sky, albedo {F(system.Albedo, "0.##")}, {q.CellModel} cell temperature, γ {F(q.GammaPercent, "0.###")} %/K, losses {F(system.Losses * 100, "0.#")} %, PVWatts inverter η {F(system.InverterEfficiency * 100, "0.#")} %, Martin-Ruiz IAM; sun {timing}");
        Console.WriteLine($"Weather: {series.Source}, {series.Count.ToString(CultureInfo.InvariantCulture)} intervals of {series.StepSeconds.ToString(CultureInfo.InvariantCulture)} s");
        foreach (var note in Notes(series, r))
        {
            Console.WriteLine($"note: {note}");
        }

        return ExitCodes.Ok;
    }

    private static PvSystem BuildSystem(Request q)
    {
        CheckOptions(q);
        double gamma = q.GammaPercent / 100.0;
        var list = new List<PvPlane>();
        if (q.Kwp is { } kwp)
        {
            if (q.Tilt is null || q.Azimuth is null)
            {
                throw new InputException("--kwp needs --tilt and --azimuth (degrees from north, 180 = south)");
            }

            list.Add(new PvPlane(q.Tilt.Value, q.Azimuth.Value, kwp, gamma, "main"));
        }
        else if (q.Tilt is not null || q.Azimuth is not null)
        {
            throw new InputException("--tilt and --azimuth describe the main plane and need --kwp");
        }

        foreach (var text in q.Planes)
        {
            list.Add(ParsePlane(text, gamma, list.Count + 1));
        }

        if (list.Count == 0)
        {
            throw new InputException("no PV plane: give --kwp with --tilt and --azimuth, or --plane tilt,azimuth,kwp");
        }

        return new PvSystem(list)
        {
            Losses = q.LossesPercent / 100.0,
            Albedo = q.Albedo,
            SkyModel = q.Model,
            CellTemperature = q.CellModel,
            InverterAcKw = q.InverterKw,
            InverterEfficiency = q.InverterEfficiencyPercent / 100.0,
        };
    }

    /// <summary>Every numeric option against its range in <see cref="PvRanges"/>, before the weather file is read.</summary>
    private static void CheckOptions(Request q)
    {
        Optional(PvRanges.Latitude, q.Lat, "--lat");
        Optional(PvRanges.Longitude, q.Lon, "--lon");
        Optional(PvRanges.Kwp, q.Kwp, "--kwp");
        Optional(PvRanges.Tilt, q.Tilt, "--tilt");
        Optional(PvRanges.Azimuth, q.Azimuth, "--azimuth");
        PvRanges.LossesPercent.Check(q.LossesPercent, "--losses");
        PvRanges.Albedo.Check(q.Albedo, "--albedo");
        PvRanges.GammaPercentPerKelvin.Check(q.GammaPercent, "--gamma");
        Optional(PvRanges.InverterKw, q.InverterKw, "--inverter-kw");
        PvRanges.InverterEfficiencyPercent.Check(q.InverterEfficiencyPercent, "--inverter-eff");
    }

    private static void Optional(Quartier.Core.Input.PhysicalRange range, double? value, string option)
    {
        if (value is { } v)
        {
            range.Check(v, option);
        }
    }

    private static PvPlane ParsePlane(string text, double gamma, int index)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
        {
            throw new InputException($"--plane '{text}' is not tilt,azimuth,kwp (three numbers, e.g. 35,90,3.2)", field: "--plane");
        }

        string option = $"--plane '{text}'";
        PvRanges.Tilt.Check(values[0], $"tilt of {option}");
        PvRanges.Azimuth.Check(values[1], $"azimuth of {option}");
        PvRanges.Kwp.Check(values[2], $"kWp of {option}");
        return new PvPlane(values[0], values[1], values[2], gamma, $"plane {index.ToString(CultureInfo.InvariantCulture)}");
    }

    private static WeatherLocation Location(WeatherLocation file, double? lat, double? lon, string source)
    {
        if (lat is null != lon is null)
        {
            throw new InputException("give both --lat and --lon, or neither (then the weather file's location is used)");
        }

        if (lat is not { } la || lon is not { } lo)
        {
            return double.IsFinite(file.Latitude) && double.IsFinite(file.Longitude)
                ? file
                : throw new InputException("the weather file gives no location (latitude and longitude); give --lat and --lon", source);
        }

        return file with { Latitude = la, Longitude = lo };
    }

    private static (double Offset, string Description) SunOffset(string text, WeatherSeries series, WeatherLocation location)
    {
        double mid = series.StepSeconds / 2.0;
        switch (text)
        {
            case "mid":
                return (mid, "at each interval's midpoint");
            case "auto":
                if (SunTiming.EstimateOffsetFromClosure(series, location) is { } found)
                {
                    return (found, $"at {F(found / 60, "0.#")} min into each interval (where the file's GHI = DHI + DNI·cos z holds)");
                }

                return (mid, "at each interval's midpoint");
            default:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double minutes) && minutes >= 0 && minutes * 60 <= series.StepSeconds)
                {
                    return (minutes * 60, $"at {F(minutes, "0.#")} min into each interval");
                }

                throw new InputException($"--sun-time '{text}' is not auto, mid or minutes within the {F(series.StepSeconds / 60.0, "0.#")}-minute interval", field: "--sun-time");
        }
    }

    private static IEnumerable<string> Notes(WeatherSeries series, PvEstimateResult r)
    {
        foreach (var note in series.Notes)
        {
            yield return note;
        }

        if (r.DecomposedSteps > 0)
        {
            yield return $"{r.DecomposedSteps.ToString(CultureInfo.InvariantCulture)} intervals without DNI/DHI: split from GHI with Erbs";
        }

        if (r.MissingIrradianceSteps > 0)
        {
            yield return $"{r.MissingIrradianceSteps.ToString(CultureInfo.InvariantCulture)} intervals without irradiance counted as no output";
        }

        if (r.DefaultedTemperatureSteps > 0)
        {
            yield return $"{r.DefaultedTemperatureSteps.ToString(CultureInfo.InvariantCulture)} intervals without air temperature or wind: 20 °C, 1 m/s used";
        }

        if (r.ClippedSteps > 0)
        {
            yield return $"inverter at its AC limit in {r.ClippedSteps.ToString(CultureInfo.InvariantCulture)} intervals";
        }
    }

    private static void WriteJson(Request q, WeatherSeries series, WeatherLocation location, PvSystem system, PvEstimateResult r, double offset)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("weather", series.Source);
            w.WriteNumber("latitude", location.Latitude);
            w.WriteNumber("longitude", location.Longitude);
            w.WriteNumber("dc_kwp", system.DcKwp);
            w.WriteNumber("inverter_ac_kw", system.InverterAcW / 1000);
            w.WriteString("sky_model", q.Model.ToString());
            w.WriteString("cell_temperature_model", q.CellModel.ToString());
            w.WriteNumber("losses_percent", system.Losses * 100);
            w.WriteNumber("albedo", system.Albedo);
            w.WriteNumber("sun_offset_minutes", Math.Round(offset / 60, 2));
            w.WriteStartArray("planes");
            foreach (var p in system.Planes)
            {
                w.WriteStartObject();
                w.WriteNumber("tilt_deg", p.TiltDeg);
                w.WriteNumber("azimuth_deg", p.AzimuthDeg);
                w.WriteNumber("dc_kwp", p.DcKwp);
                w.WriteNumber("temperature_coefficient_per_k", p.TemperatureCoefficient);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("annual_ac_kwh", Math.Round(r.AnnualAcKwh, 3));
            w.WriteNumber("specific_yield_kwh_per_kwp", Math.Round(r.SpecificYieldKwhPerKwp, 3));
            w.WriteNumber("annual_poa_kwh_per_m2", Math.Round(r.AnnualPoaKwhPerM2, 3));
            w.WriteNumber("annual_ghi_kwh_per_m2", Math.Round(r.AnnualGhiKwhPerM2, 3));
            w.WriteNumber("performance_ratio", Math.Round(r.PerformanceRatio, 4));
            w.WriteBoolean("covers_all_months", r.CoversAllMonths);
            w.WriteStartArray("monthly");
            for (int m = 0; m < 12; m++)
            {
                w.WriteStartObject();
                w.WriteNumber("month", m + 1);
                w.WriteNumber("occurrences", r.MonthOccurrences[m]);
                w.WriteNumber("ghi_kwh_per_m2", Math.Round(r.MonthlyGhiKwhPerM2[m], 3));
                w.WriteNumber("poa_kwh_per_m2", Math.Round(r.MonthlyPoaKwhPerM2[m], 3));
                w.WriteNumber("ac_kwh", Math.Round(r.MonthlyAcKwh[m], 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in Notes(series, r))
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        Console.WriteLine();
    }

    private static string Coordinates(WeatherLocation l)
        => $"{F(Math.Abs(l.Latitude), "0.###")}°{(l.Latitude >= 0 ? "N" : "S")} {F(Math.Abs(l.Longitude), "0.###")}°{(l.Longitude >= 0 ? "E" : "W")}";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private sealed record Request(
        string Weather,
        double? Lat,
        double? Lon,
        double? Kwp,
        double? Tilt,
        double? Azimuth,
        string[] Planes,
        double LossesPercent,
        double Albedo,
        SkyDiffuseModel Model,
        CellTemperatureModel CellModel,
        double GammaPercent,
        double? InverterKw,
        double InverterEfficiencyPercent,
        string SunTime,
        bool Json);
}
