using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Quartier.Core.Errors;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's measurements: <c>/v1/measurement/keys|series|value|data|dataframe|range</c>. Keys are the configured meter keys
/// and the devices' keys (<c>&lt;device_id&gt;-soc-factor</c>, <c>-power-l1-w</c> …); a newer <c>-soc-factor</c> sets the
/// device's fill level for the next plan.
/// </summary>
public static class EosMeasurementApi
{
    public static IEndpointRouteBuilder MapEosMeasurementApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/measurement/keys", (EosState state) => EosConfigApi.Locked(state, () => EosNodes.Json(EosNodes.Array(Keys(state).Select(k => (System.Text.Json.Nodes.JsonNode?)k)))))
            .WithSummary("Measurement keys (EOS)");
        v1.MapGet("/measurement/series", (EosState state, string key) => EosConfigApi.Locked(state, () =>
            Known(state, key) ?? EosNodes.Json(state.Measurements.ToSeriesJson(key)))).WithSummary("One measurement key as a series");
        v1.MapPut("/measurement/value", (EosState state, string datetime, string key, string value) => EosConfigApi.Locked(state, () =>
        {
            if (Known(state, key) is { } unknown)
            {
                return unknown;
            }

            var at = EosNodes.ParseTime(datetime, "datetime", "query");
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw new InputException($"value '{value}' is not a finite number", "query", field: "value");
            }

            state.Measurements.Put(key, at, v);
            state.ApplySocMeasurements([key]);
            return EosNodes.Json(state.Measurements.ToSeriesJson(key));
        })).WithSummary("Merge one value");
        v1.MapPut("/measurement/series", async (HttpContext context, EosState state, string key) =>
        {
            var body = await EosNodes.ReadBodyAsync(context).ConfigureAwait(false);
            return EosConfigApi.Locked(state, () => Known(state, key) ?? Write(state, EosSeriesStore.ParseBody(body, "request body", Now(state), key), key));
        }).WithSummary("Merge a series");
        v1.MapPut("/measurement/dataframe", async (HttpContext context, EosState state) =>
        {
            var body = await EosNodes.ReadBodyAsync(context).ConfigureAwait(false);
            return EosConfigApi.Locked(state, () => Write(state, EosSeriesStore.ParseBody(body, "request body", Now(state)), null));
        }).WithSummary("Merge a data frame");
        v1.MapPut("/measurement/data", async (HttpContext context, EosState state) =>
        {
            var body = await EosNodes.ReadBodyAsync(context).ConfigureAwait(false);
            return EosConfigApi.Locked(state, () => Write(state, EosSeriesStore.ParseBody(body, "request body", Now(state)), null));
        }).WithSummary("Merge column data");
        v1.MapDelete("/measurement/range", (EosState state, string key, [FromQuery(Name = "start_datetime")] string start, [FromQuery(Name = "end_datetime")] string end) =>
            EosConfigApi.Locked(state, () =>
            {
                if (Known(state, key) is { } unknown)
                {
                    return unknown;
                }

                state.Measurements.Delete(key, EosNodes.ParseTime(start, "start_datetime", "query"), EosNodes.ParseTime(end, "end_datetime", "query"));
                return EosNodes.Json(state.Measurements.ToSeriesJson(key));
            })).WithSummary("Delete values in [start, end)");
        return v1;
    }

    private static DateTimeOffset Now(EosState state) => new(state.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);

    private static IEnumerable<string> Keys(EosState state) => state.Config.MeasurementKeys().Union(state.Measurements.Keys).Distinct();

    private static IResult? Known(EosState state, string key) =>
        Keys(state).Contains(key) ? null : Problems.NotFound($"measurement key '{key}' is not available; known: {string.Join(", ", Keys(state))}");

    private static IResult Write(EosState state, List<(string Key, DateTimeOffset At, double Value)> values, string? only)
    {
        var known = Keys(state).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Select(v => v.Key).Where(k => !known.Contains(k)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            return Problems.NotFound($"measurement key{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(k => $"'{k}'"))} not available; known: {string.Join(", ", known)}");
        }

        foreach (var (key, at, value) in values)
        {
            state.Measurements.Put(key, at, value);
        }

        state.ApplySocMeasurements(values.Select(v => v.Key));
        return only is null ? EosNodes.Json(null) : EosNodes.Json(state.Measurements.ToSeriesJson(only));
    }
}
