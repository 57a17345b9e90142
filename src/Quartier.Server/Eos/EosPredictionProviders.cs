using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Core.Series;
using Quartier.Forecasting.Load;
using Quartier.Forecasting.Prices;
using Quartier.Forecasting.Pv;
using Quartier.Forecasting.Weather;

namespace Quartier.Server.Eos;

/// <summary>
/// The prediction providers of the EOS API, EOS's ids where EOS has the same thing: <c>…Import</c> providers take data
/// (<c>PUT /v1/prediction/import/{id}</c> or the configured <c>import_file_path</c>/<c>import_json</c>);
/// <c>LoadAkkudoktor</c> spreads <c>loadakkudoktor_year_energy_kwh</c> over EOS's yearly profile
/// (<c>load_profiles_yearly_366x24.csv</c> in <c>general.data_folder_path</c>); <c>PVForecastQuartier</c> runs Quartier's
/// physical PV model for <c>pvforecast.planes</c> on the weather file <c>weather.weatherimport.import_file_path</c>
/// (a typical year is read by time of year); <c>ElecPriceImport</c> reads a price file (Akkudoktor or Energy-Charts
/// JSON, CSV); <c>FeedInTariffFixed</c> is <c>feed_in_tariff_kwh</c>.
/// </summary>
public static class EosPredictionProviders
{
    /// <summary>The providers per configuration section.</summary>
    public static readonly IReadOnlyList<(string Section, string[] Providers)> BySection =
    [
        ("elecprice", ["ElecPriceImport"]),
        ("feedintariff", ["FeedInTariffFixed", "FeedInTariffImport"]),
        ("load", ["LoadAkkudoktor", "LoadImport"]),
        ("pvforecast", ["PVForecastImport", "PVForecastQuartier"]),
        ("weather", ["WeatherImport"]),
    ];

    /// <summary>The prediction keys the providers fill.</summary>
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "elecprice_marketprice_wh", "elecprice_marketprice_kwh", "feed_in_tariff_wh", "feed_in_tariff_kwh",
        "loadforecast_power_w", "loadakkudoktor_mean_power_w", "loadakkudoktor_std_power_w",
        "pvforecast_ac_power", "pvforecast_dc_power", "weather_temp_air",
    ];

    private static readonly Dictionary<string, (string Section, string Prefix)> Imports = new(StringComparer.Ordinal)
    {
        ["ElecPriceImport"] = ("elecprice", "elecprice_"),
        ["FeedInTariffImport"] = ("feedintariff", "feed_in_tariff_"),
        ["LoadImport"] = ("load", "load"),
        ["PVForecastImport"] = ("pvforecast", "pvforecast_"),
        ["WeatherImport"] = ("weather", "weather_"),
    };

    /// <summary>All provider ids.</summary>
    public static IEnumerable<string> All => BySection.SelectMany(s => s.Providers);

    /// <summary>The providers the configuration selects (<c>&lt;section&gt;.provider</c>).</summary>
    public static IEnumerable<string> Enabled(EosConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var (section, _) in BySection)
        {
            if (config.Text(section + "/provider") is { } p)
            {
                yield return p;
            }
        }
    }

    /// <summary>Imports <paramref name="body"/> (or, when null, the provider's configured file or JSON) into <paramref name="store"/>; the keys written.</summary>
    /// <exception cref="InputException">Not an import provider, nothing to import, or malformed data.</exception>
    public static IReadOnlyList<string> Import(string provider, JsonNode? body, EosConfig config, EosSeriesStore store, DateTimeOffset defaultStart)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        if (!Imports.TryGetValue(provider, out var import))
        {
            throw new KeyNotFoundException($"provider '{provider}' does not import data; import providers: {string.Join(", ", Imports.Keys)}");
        }

        var source = "import " + provider;
        var section = import.Section + "/" + provider.ToLowerInvariant();
        if (body is null)
        {
            if (config.Text(section + "/import_json") is { } json)
            {
                body = Parse(json, source + " (import_json)");
            }
            else if (config.Text(section + "/import_file_path") is { } file)
            {
                body = Parse(Core.Input.InputFiles.ReadAllText(file, "import file"), file);
                source = file;
            }
            else
            {
                throw new InputException($"nothing to import: the body is empty and {section.Replace('/', '.')} has neither import_json nor import_file_path", source);
            }
        }

        var values = EosSeriesStore.ParseBody(body, source, defaultStart);
        var keys = values.Select(v => v.Key).Distinct().Where(k => k.StartsWith(import.Prefix, StringComparison.Ordinal)).ToList();
        if (keys.Count == 0)
        {
            throw new InputException($"no key of {provider} in the data ({string.Join(", ", values.Select(v => v.Key).Distinct())}); its keys start with '{import.Prefix}', e.g. {string.Join(", ", KnownKeys.Where(k => k.StartsWith(import.Prefix, StringComparison.Ordinal)))}", source);
        }

        foreach (var (key, at, value) in values)
        {
            if (keys.Contains(key))
            {
                PutWithUnits(store, key, at, value);
            }
        }

        return keys;
    }

    /// <summary>Runs the configured computing providers (load profile, PV model, price file, fixed feed-in) over the prediction horizon.</summary>
    /// <exception cref="InputException">A provider's file or setting is missing or invalid.</exception>
    public static IReadOnlyList<string> Update(EosConfig config, EosSeriesStore store, DateTimeOffset now, string? only = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        int hours = (int)config.Number("prediction/hours", 48);
        var updated = new List<string>();
        foreach (var provider in Enabled(config))
        {
            if (only is not null && provider != only)
            {
                continue;
            }

            switch (provider)
            {
                case "LoadAkkudoktor":
                    Load(config, store, start, hours);
                    break;
                case "PVForecastQuartier":
                    Pv(config, store, start, hours);
                    break;
                case "FeedInTariffFixed":
                    var kwh = config.Number("feedintariff/feedintarifffixed/feed_in_tariff_kwh", double.NaN);
                    if (!double.IsFinite(kwh))
                    {
                        throw new InputException("FeedInTariffFixed needs feedintariff.feedintarifffixed.feed_in_tariff_kwh", "configuration", field: "feedintariff.feedintarifffixed.feed_in_tariff_kwh");
                    }

                    for (int h = 0; h < hours; h++)
                    {
                        PutWithUnits(store, "feed_in_tariff_kwh", start.AddHours(h), kwh);
                    }

                    break;
                case "ElecPriceImport" when config.Text("elecprice/elecpriceimport/import_file_path") is { } file && !file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || IsMarketFile(config):
                    Prices(config.Text("elecprice/elecpriceimport/import_file_path")!, store);
                    break;
                default:
                    // an import provider re-reads its configured JSON; other files (a weather file for PVForecastQuartier) are not imports
                    if (Imports.TryGetValue(provider, out var import)
                        && (config.Text(import.Section + "/" + provider.ToLowerInvariant() + "/import_file_path") is { } path && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                            || config.Text(import.Section + "/" + provider.ToLowerInvariant() + "/import_json") is not null))
                    {
                        Import(provider, null, config, store, start);
                    }
                    else
                    {
                        continue;
                    }

                    break;
            }

            updated.Add(provider);
        }

        return updated;
    }

    private static bool IsMarketFile(EosConfig config) =>
        config.Text("elecprice/elecpriceimport/import_file_path") is { } f && f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        && Core.Input.InputFiles.ReadAllText(f, "price file") is var text
        && (text.Contains("\"marketprice\"", StringComparison.Ordinal) || text.Contains("\"unix_seconds\"", StringComparison.Ordinal));

    private static JsonNode? Parse(string json, string source)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: Core.Input.SafeJson.DocumentOptions);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InputException($"malformed JSON: {e.Message}", source, e.LineNumber is long l ? (int)l + 1 : null, inner: e);
        }
    }

    private static void PutWithUnits(EosSeriesStore store, string key, DateTimeOffset at, double value)
    {
        store.Put(key, at, value);
        foreach (var stem in (string[])["elecprice_marketprice", "feed_in_tariff"])
        {
            if (key == stem + "_wh")
            {
                store.Put(stem + "_kwh", at, value * 1000);
            }
            else if (key == stem + "_kwh")
            {
                store.Put(stem + "_wh", at, value / 1000);
            }
        }
    }

    private static void Load(EosConfig config, EosSeriesStore store, DateTimeOffset start, int hours)
    {
        var kwh = config.Number("load/loadakkudoktor/loadakkudoktor_year_energy_kwh", double.NaN);
        if (!(kwh >= 0))
        {
            throw new InputException("LoadAkkudoktor needs load.loadakkudoktor.loadakkudoktor_year_energy_kwh (kWh a year)", "configuration", field: "load.loadakkudoktor.loadakkudoktor_year_energy_kwh");
        }

        var (mean, std) = YearlyProfile(config, start, hours, kwh);
        for (int h = 0; h < hours; h++)
        {
            store.Put("loadforecast_power_w", start.AddHours(h), mean[h]);
            store.Put("loadakkudoktor_mean_power_w", start.AddHours(h), mean[h]);
            store.Put("loadakkudoktor_std_power_w", start.AddHours(h), std[h]);
        }
    }

    /// <summary>
    /// EOS's yearly load profile (<c>load_profiles_yearly_366x24.csv</c> in <c>general.data_folder_path</c>) for
    /// <paramref name="kwh"/> a year: the mean and standard deviation in W of each hour from <paramref name="start"/>.
    /// </summary>
    /// <exception cref="InputException">The profile file is missing or invalid.</exception>
    public static (double[] Mean, double[] Std) YearlyProfile(EosConfig config, DateTimeOffset start, int hours, double kwh)
    {
        ArgumentNullException.ThrowIfNull(config);
        var folder = config.Text("general/data_folder_path") ?? Path.GetDirectoryName(config.File)!;
        var file = Path.Combine(folder, "load_profiles_yearly_366x24.csv");
        if (!File.Exists(file))
        {
            throw new InputException($"LoadAkkudoktor needs EOS's yearly load profile at {file} (general.data_folder_path)", file, field: "general.data_folder_path");
        }

        var profile = EosYearlyLoadProfile.Load(file);
        TimeSeries? year = null;
        TimeSeries? std = null;
        var mean = new double[hours];
        var spread = new double[hours];
        for (int h = 0; h < hours; h++)
        {
            var t = start.AddHours(h).UtcDateTime;
            if (year is null || !year.TryIndexOf(t, out _))
            {
                var series = profile.ToSeries(t.Year, kwh, normalize: false);
                (year, std) = (series.Energy, series.Std);
            }

            mean[h] = year.ValueAt(t);
            spread[h] = std!.ValueAt(t);
        }

        return (mean, spread);
    }

    private static void Pv(EosConfig config, EosSeriesStore store, DateTimeOffset start, int hours)
    {
        var file = config.Text("weather/weatherimport/import_file_path")
            ?? throw new InputException("PVForecastQuartier needs a weather file in weather.weatherimport.import_file_path (EPW, PVGIS, CSV, Bright Sky, Open-Meteo)", "configuration", field: "weather.weatherimport.import_file_path");
        if (config.Get("pvforecast/planes") is not JsonArray { Count: > 0 } planes)
        {
            throw new InputException("PVForecastQuartier needs pvforecast.planes (surface_tilt, surface_azimuth, peakpower)", "configuration", field: "pvforecast.planes");
        }

        var list = new List<PvPlane>();
        double loss = 0;
        double paco = 0;
        for (int i = 0; i < planes.Count; i++)
        {
            var p = planes[i]!;
            var peak = EosNodes.AsDouble(p["peakpower"]) ?? throw new InputException($"pvforecast.planes[{i}].peakpower (kWp) is required", "configuration", field: $"pvforecast.planes[{i}].peakpower");
            list.Add(new PvPlane(EosNodes.AsDouble(p["surface_tilt"]) ?? 30, EosNodes.AsDouble(p["surface_azimuth"]) ?? 180, peak, name: $"plane {i}"));
            loss = Math.Max(loss, EosNodes.AsDouble(p["loss"]) ?? 14);
            paco += EosNodes.AsDouble(p["inverter_paco"]) ?? 0;
        }

        var system = new PvSystem(list) { Losses = loss / 100, InverterAcKw = paco > 0 ? paco / 1000 : null };
        var weather = WeatherReader.Read(file);
        var lat = config.Number("general/latitude", weather.Location.Latitude);
        var lon = config.Number("general/longitude", weather.Location.Longitude);
        var result = PvEstimate.Run(weather, system, weather.Location with { Latitude = lat, Longitude = lon });
        for (int h = 0; h < hours; h++)
        {
            var t = start.AddHours(h);
            var i = IndexOf(result.Start, result.StepSeconds, result.Count, t.UtcDateTime);
            store.Put("pvforecast_ac_power", t, result.AcW[i]);
            store.Put("pvforecast_dc_power", t, result.DcW[i]);
            store.Put("weather_temp_air", t, weather.AirTemperature[i]);
        }
    }

    /// <summary>The sample of a weather file for <paramref name="t"/>: its own date when covered, else the same time of year.</summary>
    private static int IndexOf(DateTime start, int step, int count, DateTime t)
    {
        var direct = (t - start).TotalSeconds / step;
        if (direct >= 0 && direct < count)
        {
            return (int)direct;
        }

        var day = t.Month == 2 && t.Day == 29 ? 28 : t.Day;
        var sameTime = new DateTime(start.Year, t.Month, day, t.Hour, t.Minute, 0, DateTimeKind.Utc);
        var k = (long)Math.Floor((sameTime - start).TotalSeconds / step);
        return (int)(((k % count) + count) % count);
    }

    private static void Prices(string file, EosSeriesStore store)
    {
        TimeSeries prices;
        if (file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            prices = DayAheadPrices.LoadCsv(file);
        }
        else
        {
            var text = Core.Input.InputFiles.ReadAllText(file, "price file");
            prices = text.Contains("\"unix_seconds\"", StringComparison.Ordinal) ? DayAheadPrices.ParseEnergyCharts(text, file) : DayAheadPrices.ParseAkkudoktor(text, file);
        }

        for (int i = 0; i < prices.Count; i++)
        {
            PutWithUnits(store, "elecprice_marketprice_kwh", new DateTimeOffset(prices.TimeAt(i), TimeSpan.Zero), prices[i]);
        }
    }
}
