using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's predictions: <c>/v1/prediction/providers|keys|series|dataframe|list</c>, <c>PUT /v1/prediction/import/{provider}</c>
/// and <c>POST /v1/prediction/update</c>, with Quartier's forecasters as providers (<see cref="EosPredictionProviders"/>).
/// </summary>
public static class EosPredictionApi
{
    public static IEndpointRouteBuilder MapEosPredictionApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/prediction/providers", (EosState state, bool? enabled) => EosConfigApi.Locked(state, () =>
            EosNodes.Json(EosNodes.Array((enabled == true ? EosPredictionProviders.Enabled(state.Config) : EosPredictionProviders.All).Select(p => (JsonNode?)p)))))
            .WithSummary("Prediction providers");
        v1.MapGet("/prediction/keys", (EosState state) => EosConfigApi.Locked(state, () =>
            EosNodes.Json(EosNodes.Array(Keys(state).Select(k => (JsonNode?)k))))).WithSummary("Prediction keys");
        v1.MapGet("/prediction/series", (EosState state, string key, [FromQuery(Name = "start_datetime")] string? start, [FromQuery(Name = "end_datetime")] string? end) =>
            EosConfigApi.Locked(state, () => Known(state, key) ?? EosNodes.Json(state.Predictions.ToSeriesJson(
                key,
                start is null ? null : EosNodes.ParseTime(start, "start_datetime", "query"),
                end is null ? null : EosNodes.ParseTime(end, "end_datetime", "query"))))).WithSummary("One prediction key as a series");
        v1.MapGet("/prediction/dataframe", (EosState state, [FromQuery(Name = "keys")] string[] keys, [FromQuery(Name = "start_datetime")] string? start, [FromQuery(Name = "end_datetime")] string? end, string? interval) =>
            EosConfigApi.Locked(state, () =>
            {
                var list = keys.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                if (list.Count == 0)
                {
                    return Problems.BadRequest("give one or more keys (keys=…)", "keys");
                }

                foreach (var k in list)
                {
                    if (Known(state, k) is { } unknown)
                    {
                        return unknown;
                    }
                }

                var (from, step, count) = Grid(state, start, end, interval);
                return EosNodes.Json(state.Predictions.ToFrameJson(list, from, step, count));
            })).WithSummary("Several prediction keys as a data frame");
        v1.MapGet("/prediction/list", (EosState state, string key, [FromQuery(Name = "start_datetime")] string? start, [FromQuery(Name = "end_datetime")] string? end, string? interval) =>
            EosConfigApi.Locked(state, () =>
            {
                if (Known(state, key) is { } unknown)
                {
                    return unknown;
                }

                var (from, step, count) = Grid(state, start, end, interval);
                return EosNodes.Json(EosNodes.Array(state.Predictions.Sample(key, from, step, count).Select(v => double.IsFinite(v) ? (JsonNode?)v : null)));
            })).WithSummary("One prediction key as plain values");
        v1.MapPut("/prediction/import/{provider}", async (HttpContext context, EosState state, string provider) =>
        {
            var body = await EosNodes.ReadBodyAsync(context, allowEmpty: true).ConfigureAwait(false);
            return EosConfigApi.Locked(state, () =>
            {
                try
                {
                    var keys = EosPredictionProviders.Import(provider, body, state.Config, state.Predictions, Today(state));
                    return EosNodes.Json(new JsonObject { ["provider_id"] = provider, ["keys"] = EosNodes.Array(keys.Select(k => (JsonNode?)k)) });
                }
                catch (KeyNotFoundException e)
                {
                    return Problems.NotFound(e.Message);
                }
            });
        }).WithSummary("Import prediction data into an …Import provider");
        v1.MapPost("/prediction/update", (EosState state) => EosConfigApi.Locked(state, () =>
        {
            EosPredictionProviders.Update(state.Config, state.Predictions, state.Clock.GetUtcNow());
            return Results.Ok();
        })).WithSummary("Update all enabled providers");
        v1.MapPost("/prediction/update/{provider}", (EosState state, string provider) => EosConfigApi.Locked(state, () =>
        {
            if (!EosPredictionProviders.All.Contains(provider))
            {
                return Problems.NotFound($"unknown provider '{provider}'; providers: {string.Join(", ", EosPredictionProviders.All)}");
            }

            EosPredictionProviders.Update(state.Config, state.Predictions, state.Clock.GetUtcNow(), provider);
            return Results.Ok();
        })).WithSummary("Update one provider");
        return v1;
    }

    private static DateTimeOffset Today(EosState state) => new(state.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);

    private static IEnumerable<string> Keys(EosState state) => EosPredictionProviders.KnownKeys.Union(state.Predictions.Keys);

    private static IResult? Known(EosState state, string key) =>
        Keys(state).Contains(key) ? null : Problems.NotFound($"prediction key '{key}' is not available; known: {string.Join(", ", Keys(state))}");

    private static (DateTimeOffset From, TimeSpan Step, int Count) Grid(EosState state, string? start, string? end, string? interval)
    {
        var from = start is null ? Today(state) : EosNodes.ParseTime(start, "start_datetime", "query");
        var to = end is null ? from.AddHours(state.Config.Number("prediction/hours", 48)) : EosNodes.ParseTime(end, "end_datetime", "query");
        var step = EosNodes.ParseInterval(interval, "query");
        var count = (int)Math.Clamp(Math.Ceiling((to - from) / step), 0, 100_000);
        return (from, step, count);
    }
}
