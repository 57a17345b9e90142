using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Quartier.Server.Eos;

/// <summary>
/// <c>PUT/GET /v1/resource/status</c>: a device reports its status (nine EOS types, the seed examples' spellings
/// accepted); beyond EOS, the status updates the configured resource's state (fill level, mode) and so the next plan.
/// </summary>
public static class EosResourceApi
{
    public static IEndpointRouteBuilder MapEosResourceApi(this IEndpointRouteBuilder v1)
    {
        v1.MapPut("/resource/status", async (HttpContext context, EosState state, [FromQuery(Name = "resource_id")] string resourceId, [FromQuery(Name = "actuator_id")] string? actuatorId) =>
        {
            var bytes = await RequestBody.ReadAsync(context).ConfigureAwait(false);
            var document = EosStatusDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes), "request body");
            return EosConfigApi.Locked(state, () => EosNodes.Json(state.PutStatus(resourceId, actuatorId, document)));
        }).WithSummary("Report a device status (EOS)");
        v1.MapGet("/resource/status", (EosState state, [FromQuery(Name = "resource_id")] string resourceId, [FromQuery(Name = "actuator_id")] string? actuatorId) =>
            EosConfigApi.Locked(state, () => state.GetStatus(resourceId, actuatorId) is { } s
                ? EosNodes.Json(s)
                : Problems.NotFound($"no status of resource '{resourceId}'{(actuatorId is null ? string.Empty : $", actuator '{actuatorId}'")}")))
            .WithSummary("The latest status of a device (EOS)");
        return v1;
    }
}
