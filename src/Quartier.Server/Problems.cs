using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Quartier.Core.Errors;
using Quartier.Server.Jobs;

namespace Quartier.Server;

/// <summary>
/// Every error as RFC 7807 problem details. <c>detail</c> carries the message (DOTS's clients read <c>detail</c>);
/// bad input is a 422 that also names its <c>file</c>, <c>line</c>, <c>element_id</c> and <c>field</c>.
/// </summary>
public static class Problems
{
    public static IResult NotFound(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static IResult Unauthorized(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static IResult BadRequest(string detail, string? field = null) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static IResult Conflict(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static IResult Input(InputException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Results.Problem(
            detail: e.Located,
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Invalid input",
            extensions: new Dictionary<string, object?> { ["file"] = e.File, ["line"] = e.Line, ["element_id"] = e.ElementId, ["field"] = e.Field });
    }

    /// <summary>The exception handler: input errors 422, oversized or malformed requests their own 4xx, a full queue 503, anything else 500 without internals.</summary>
    public static async Task Handle(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var result = error switch
        {
            InputException e => Input(e),
            BadHttpRequestException e => Results.Problem(detail: e.Message, statusCode: e.StatusCode, title: e.StatusCode == 413 ? "Request too large" : "Bad Request"),
            QueueFullException e => Results.Problem(detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue full"),
            _ => Results.Problem(detail: "internal server error; the server log has the details", statusCode: StatusCodes.Status500InternalServerError),
        };
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }
}
