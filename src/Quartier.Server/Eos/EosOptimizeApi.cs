using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Quartier.Core.Errors;
using Quartier.Optimization.Eos;
using Quartier.Resources.Eos;

namespace Quartier.Server.Eos;

/// <summary>
/// Legacy <c>POST /optimize?start_hour=</c> (EOS_connect's call): EOS's <c>GeneticOptimizationParameters</c> in German or
/// English names, planned by <see cref="EosOptimizer"/> and answered as <c>GeneticSolution</c> with both the English
/// and the deprecated German field names, as EOS does.
/// </summary>
public static class EosOptimizeApi
{
    public static RouteHandlerBuilder MapEosOptimizeApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/optimize", async (HttpContext context, EosState state, [FromQuery(Name = "start_hour")] int? startHour, [FromQuery(Name = "ngen")] int? generations) =>
        {
            var bytes = await RequestBody.ReadAsync(context).ConfigureAwait(false);
            var input = EosOptimizeInput.Parse(System.Text.Encoding.UTF8.GetString(bytes), "request body");
            var local = state.Clock.GetLocalNow();
            var hour = startHour ?? local.Hour;
            if (generations is < 1)
            {
                throw new InputException($"ngen {generations} must be ≥ 1 (it is accepted and ignored: the planner is exact)", "query", field: "ngen");
            }

            var result = EosOptimizer.Optimize(input, new EosOptimizerOptions { StartHour = hour, Day = DateOnly.FromDateTime(local.DateTime) });
            var answer = BothNames(result.Simulation);
            lock (state.Gate)
            {
                state.LegacyResult = (state.Clock.GetUtcNow(), (JsonObject)answer.DeepClone());
            }

            return EosNodes.Json(answer);
        }).WithTags("EOS").WithSummary("EOS's legacy optimisation (GeneticSolution with English and German names)");

    /// <summary>EOS's <c>GeneticSolution</c> with both name sets.</summary>
    internal static JsonObject BothNames(EosSimulationResult simulation)
    {
        var english = JsonNode.Parse(EosResultJson.ToJson(simulation, EosNames.English, indented: false))!.AsObject();
        var german = JsonNode.Parse(EosResultJson.ToJson(simulation, EosNames.German, indented: false))!.AsObject();
        foreach (var (key, value) in german)
        {
            if (key == "result")
            {
                var result = english["result"]!.AsObject();
                foreach (var (k, v) in value!.AsObject())
                {
                    result[k] ??= v?.DeepClone();
                }
            }
            else if (!english.ContainsKey(key))
            {
                english[key] = value?.DeepClone();
            }
        }

        english["start_solution"] = null;
        return english;
    }
}
