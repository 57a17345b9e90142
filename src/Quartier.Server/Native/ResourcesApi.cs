using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Application;

namespace Quartier.Server.Native;

/// <summary>
/// <c>POST /api/resources/query</c>: may this instruction run on the resource, and what happens then? The body is the
/// query <c>quartier resource query</c> reads (<see cref="ResourceQuery"/>); the answer says ACCEPTED or REJECTED with
/// S2's reason and predicts power and fill level per step from a copy of the resource. Bad input is a 422 problem.
/// </summary>
public static class ResourcesApi
{
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/resources/query", (Func<HttpContext, Task<IResult>>)Query)
            .WithTags("Resources")
            .AddEndpointFilter(Security.RequireToken)
            .WithSummary("May this instruction run on the resource (S2 reason if not), and what are its power and fill level over the next hours?");
        return app;
    }

    private static async Task<IResult> Query(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        return Results.Ok(ResourceQuery.Answer(ResourceQuery.Ask(body, "request body")));
    }
}
