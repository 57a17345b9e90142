using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's deprecated forecast endpoints, 48 hourly values from today 00:00 (UTC, as Quartier's predictions), a gap at
/// the start filled with the first value, later gaps with the last: <c>GET /strompreis</c> (price per Wh from the
/// configured price provider, <c>elecprice.charges_kwh</c> added), <c>GET /gesamtlast_simple?year_energy=</c> (Wh a
/// year; sets <c>load.provider</c> LoadAkkudoktor with that energy, as EOS does, and answers its forecast),
/// <c>POST /gesamtlast</c> (<c>year_energy</c> in kWh — EOS's units differ between the two — the yearly profile
/// shifted per hour of weekdays and weekends by the weighted mean deviation of <c>measured_data</c> <c>[{time, Last}]</c>
/// in Wh from it over the last 7 days, as EOS's LoadAkkudoktorAdjusted; the configuration is not changed) and
/// <c>GET /pvforecast</c> (<c>{temperature, pvpower}</c> from the configured PV provider and the weather it read).
/// EOS switches to its online providers here; Quartier answers from the configured ones and says what is missing.
/// </summary>
public static class EosLegacyApi
{
    private const int Hours = 48;

    public static IEndpointRouteBuilder MapEosLegacyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/strompreis", (EosState state) => EosConfigApi.Locked(state, () =>
        {
            EosPredictionProviders.Update(state.Config, state.Predictions, state.Clock.GetUtcNow());
            var prices = Filled(state, "elecprice_marketprice_wh");
            if (prices is null)
            {
                return Problems.NotFound("no electricity price forecast: configure elecprice.provider ElecPriceImport with elecprice.elecpriceimport.import_file_path, or PUT /v1/prediction/import/ElecPriceImport");
            }

            var charges = state.Config.Number("elecprice/charges_kwh", 0) / 1000;
            return Numbers(prices.Select(p => p + charges));
        })).WithTags("EOS").WithSummary("Deprecated (EOS): 48 hourly electricity prices per Wh from today 00:00");
        app.MapGet("/gesamtlast_simple", (EosState state, [FromQuery(Name = "year_energy")] double? yearEnergy) => EosConfigApi.Locked(state, () =>
        {
            if (yearEnergy is not { } wh || !double.IsFinite(wh) || wh < 0)
            {
                throw new InputException($"year_energy (Wh a year) is required and must be a number ≥ 0{(yearEnergy is null ? string.Empty : $", not {yearEnergy}")}", "query", field: "year_energy");
            }

            // the profile is read first: a missing profile file refuses the request with the configuration unchanged
            _ = EosPredictionProviders.YearlyProfile(state.Config, Today(state), 1, wh / 1000);
            var settings = new JsonObject { ["load"] = new JsonObject { ["provider"] = "LoadAkkudoktor", ["loadakkudoktor"] = new JsonObject { ["loadakkudoktor_year_energy_kwh"] = wh / 1000 } } };
            state.Config.Merge(settings, "year_energy");
            EosPredictionProviders.Update(state.Config, state.Predictions, state.Clock.GetUtcNow(), "LoadAkkudoktor");
            var load = Filled(state, "loadforecast_power_w");
            return load is null ? Problems.NotFound("no load forecast") : Numbers(load);
        })).WithTags("EOS").WithSummary("Deprecated (EOS): 48 hourly load values (W) of EOS's yearly profile for year_energy Wh a year");
        app.MapPost("/gesamtlast", async (HttpContext context, EosState state) =>
        {
            var body = await EosNodes.ReadBodyAsync(context).ConfigureAwait(false);
            var (kwh, measured) = ParseGesamtlast(body);
            return EosConfigApi.Locked(state, () => Numbers(Adjusted(state, kwh, measured)));
        }).WithTags("EOS").WithSummary("Deprecated (EOS): 48 hourly load values (W), the yearly profile adjusted by measured data");
        app.MapGet("/pvforecast", (EosState state) => EosConfigApi.Locked(state, () =>
        {
            EosPredictionProviders.Update(state.Config, state.Predictions, state.Clock.GetUtcNow());
            var pv = Filled(state, "pvforecast_ac_power");
            if (pv is null)
            {
                return Problems.NotFound("no PV forecast: configure pvforecast.provider PVForecastQuartier (with pvforecast.planes and weather.weatherimport.import_file_path) or PVForecastImport");
            }

            var temperature = state.Predictions.Sample("weather_temp_air", Today(state), TimeSpan.FromHours(1), Hours);
            return EosNodes.Json(new JsonObject
            {
                ["temperature"] = EosNodes.Array(temperature.Select(t => double.IsFinite(t) ? (JsonNode?)t : null)),
                ["pvpower"] = EosNodes.Array(pv.Select(p => (JsonNode?)p)),
            });
        })).WithTags("EOS").WithSummary("Deprecated (EOS): 48 hourly PV AC power (W) and air temperature (°C) from today 00:00");
        return app;
    }

    private static DateTimeOffset Today(EosState state) => EosCache.StartOfToday(state.Clock);

    private static IResult Numbers(IEnumerable<double> values) => EosNodes.Json(EosNodes.Array(values.Select(v => (JsonNode?)v)));

    /// <summary>48 hourly values of <paramref name="key"/> from today, gaps filled; null when there is none.</summary>
    private static double[]? Filled(EosState state, string key)
    {
        var values = state.Predictions.Sample(key, Today(state), TimeSpan.FromHours(1), Hours);
        var first = Array.FindIndex(values, double.IsFinite);
        if (first < 0)
        {
            return null;
        }

        for (int h = 0; h < values.Length; h++)
        {
            if (!double.IsFinite(values[h]))
            {
                values[h] = h < first ? values[first] : values[h - 1];
            }
        }

        return values;
    }

    private static (double Kwh, List<(DateTimeOffset At, double Wh)> Measured) ParseGesamtlast(JsonNode? body)
    {
        const string source = "request body";
        if (body is not JsonObject o)
        {
            throw new InputException($"the body must be a JSON object {{year_energy, measured_data, hours}}, not {EosConfig.Kind(body)}", source);
        }

        var kwh = EosNodes.AsLaxDouble(o["year_energy"]) is { } y && double.IsFinite(y) && y >= 0
            ? y
            : throw new InputException("year_energy (kWh a year) is required and must be a number ≥ 0", source, field: "year_energy");
        if (EosNodes.AsLaxDouble(o["hours"]) is not { } hours || hours < 1 || hours != Math.Floor(hours))
        {
            throw new InputException("hours is required and must be a whole number ≥ 1", source, field: "hours");
        }

        if (o["measured_data"] is not JsonArray data)
        {
            throw new InputException($"measured_data must be a list of {{time, Last}}, not {EosConfig.Kind(o["measured_data"])}", source, field: "measured_data");
        }

        var measured = new List<(DateTimeOffset, double)>();
        for (int i = 0; i < data.Count; i++)
        {
            var field = $"measured_data[{i}]";
            if (data[i] is not JsonObject m)
            {
                throw new InputException($"{field} must be an object {{time, Last}}, not {EosConfig.Kind(data[i])}", source, field: field);
            }

            var at = EosNodes.ParseTime(EosNodes.AsText(m["time"]), field + ".time", source);
            var wh = EosNodes.AsLaxDouble(m["Last"]) is { } v && double.IsFinite(v)
                ? v
                : throw new InputException($"{field}.Last (Wh in the hour) must be a number", source, field: field + ".Last");
            measured.Add((at, wh));
        }

        return (kwh, measured);
    }

    /// <summary>EOS's LoadAkkudoktorAdjusted: the profile plus the weighted mean deviation per hour of weekdays and of weekends.</summary>
    private static double[] Adjusted(EosState state, double kwh, List<(DateTimeOffset At, double Wh)> measured)
    {
        var today = Today(state);
        var weekday = new double[24];
        var weekend = new double[24];
        if (measured.Count > 0)
        {
            var latest = measured.Max(m => m.At);
            var from = measured.Min(m => m.At) is var min && min > latest.AddDays(-7) ? min : latest.AddDays(-7);
            var start = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            var (mean, _) = EosPredictionProviders.YearlyProfile(state.Config, start, (int)Math.Ceiling((latest - start).TotalHours) + 1, kwh);
            var sums = new double[2, 24];
            var weights = new double[2, 24];
            foreach (var (at, wh) in measured.Where(m => m.At >= start))
            {
                var u = at.UtcDateTime;
                int kind = u.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
                var weight = 1.0 / (Math.Floor((latest - at).TotalDays) + 1);
                sums[kind, u.Hour] += (wh - mean[(int)((at - start).Ticks / TimeSpan.TicksPerHour)]) * weight;
                weights[kind, u.Hour] += weight;
            }

            for (int h = 0; h < 24; h++)
            {
                weekday[h] = weights[0, h] > 0 ? sums[0, h] / weights[0, h] : 0;
                weekend[h] = weights[1, h] > 0 ? sums[1, h] / weights[1, h] : 0;
            }
        }

        var (forecast, _) = EosPredictionProviders.YearlyProfile(state.Config, today, Hours, kwh);
        for (int h = 0; h < Hours; h++)
        {
            var t = today.AddHours(h).UtcDateTime;
            var shift = t.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? weekend[t.Hour] : weekday[t.Hour];
            forecast[h] = Math.Max(0, forecast[h] + shift);
        }

        return forecast;
    }
}
