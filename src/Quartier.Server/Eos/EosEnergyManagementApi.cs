using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Eos;

/// <summary>
/// <c>GET /v1/energy-management/plan</c> (the S2-shaped <c>EnergyManagementPlan</c>), <c>GET
/// /v1/energy-management/optimization/solution</c>, and <c>POST /v1/optimize</c> (plan now from the configuration, the
/// reported state and the predictions; answers the solution).
/// </summary>
public static class EosEnergyManagementApi
{
    public static IEndpointRouteBuilder MapEosEnergyManagementApi(this IEndpointRouteBuilder v1)
    {
        v1.MapGet("/energy-management/plan", (EosState state) => EosConfigApi.Locked(state, () =>
            state.Plan is { } plan ? EosNodes.Json(plan) : Problems.NotFound("no energy-management plan yet: the energy manager has not planned (see the server log)")))
            .WithSummary("The latest energy-management plan (S2 instructions)");
        v1.MapGet("/energy-management/optimization/solution", (EosState state) => EosConfigApi.Locked(state, () =>
            state.Solution is { } s ? EosNodes.Json(s) : Problems.NotFound("no optimization solution yet: the energy manager has not planned (see the server log)")))
            .WithSummary("The latest optimisation solution");
        v1.MapPost("/optimize", async (EosEnergyManager manager, HttpContext context) =>
            EosNodes.Json(await manager.RunCycleAsync(context.RequestAborted).ConfigureAwait(false)))
            .WithSummary("Plan now with the exact planner; the solution");
        return v1;
    }
}
