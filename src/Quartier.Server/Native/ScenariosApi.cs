using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Application;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Native;

/// <summary>
/// Scenarios kept on the server: upload (ESDL, DOTS request, CoSSMic folder as a zip), validate without storing, list,
/// download, delete; a run starts from one with <c>POST /api/runs?scenario=ID</c>. A scenario is stored only when it
/// is valid, with what its validation found.
/// </summary>
public static class ScenariosApi
{
    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scenarios").WithTags("Scenarios").AddEndpointFilter(Security.RequireToken);
        api.MapPost("/", Upload).WithSummary("Store a valid scenario: kind=esdl|dots|cossmic (default from the Content-Type: xml = esdl, json = dots, zip = cossmic)");
        api.MapPost("/validate", Validate).WithSummary("Check a scenario without storing it: its summary and diagnostics, or a 422 naming the problem");
        api.MapGet("/", List).WithSummary("Scenarios, newest first");
        api.MapGet("/{scenarioId}", Get).WithSummary("One scenario's summary");
        api.MapGet("/{scenarioId}/content", Content).WithSummary("The scenario as uploaded");
        api.MapDelete("/{scenarioId}", Delete).WithSummary("Delete a scenario (runs made from it stay)");
        return app;
    }

    private static async Task<IResult> Upload(HttpContext context, IScenarioStore scenarios, TimeProvider clock, string? kind, string? name)
    {
        var body = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var k = Kind(kind, context.Request.ContentType);
        var summary = ScenarioCheck.Validate(k, body, "upload", name);
        var record = new ScenarioRecord(DotsIds.New(summary.Name), summary.Name, k, body, JsonSerializer.Serialize(View(summary)), clock.GetUtcNow().UtcDateTime);
        scenarios.Add(record);
        return Results.Json(Describe(record), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> Validate(HttpContext context, string? kind, string? name)
    {
        var body = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        return Results.Ok(View(ScenarioCheck.Validate(Kind(kind, context.Request.ContentType), body, "upload", name)));
    }

    private static IResult List(IScenarioStore scenarios) => Results.Ok(new { scenarios = scenarios.List().Select(Describe) });

    private static IResult Get(string scenarioId, IScenarioStore scenarios) =>
        Find(scenarios, scenarioId) is { } s ? Results.Ok(Describe(s)) : Problems.NotFound($"no scenario '{scenarioId}'");

    private static IResult Content(string scenarioId, IScenarioStore scenarios) =>
        Find(scenarios, scenarioId) is { } s
            ? Results.File(s.Content, s.Kind switch { "esdl" => "application/xml", "dots" => "application/json", _ => "application/zip" }, $"{s.Id}.{(s.Kind switch { "esdl" => "esdl", "dots" => "json", _ => "zip" })}")
            : Problems.NotFound($"no scenario '{scenarioId}'");

    private static IResult Delete(string scenarioId, IScenarioStore scenarios) =>
        DotsIds.IsWellFormed(scenarioId) && scenarios.Delete(scenarioId) ? Results.NoContent() : Problems.NotFound($"no scenario '{scenarioId}'");

    internal static ScenarioRecord? Find(IScenarioStore scenarios, string id) => DotsIds.IsWellFormed(id) ? scenarios.Find(id) : null;

    private static string Kind(string? kind, string? contentType) =>
        kind?.Trim().ToLowerInvariant() ?? (contentType ?? string.Empty) switch
        {
            var t when t.Contains("json", StringComparison.OrdinalIgnoreCase) => "dots",
            var t when t.Contains("zip", StringComparison.OrdinalIgnoreCase) => "cossmic",
            _ => "esdl",
        };

    internal static object View(ScenarioSummary s) => new
    {
        kind = s.Kind,
        name = s.Name,
        counts = s.Counts,
        default_run = s.DefaultRun,
        diagnostics = s.Diagnostics.Select(d => new { level = d.Level == DiagnosticLevel.Warning ? "warning" : "note", message = d.Message, source = d.Source }),
    };

    private static object Describe(ScenarioRecord s) => new
    {
        id = s.Id,
        name = s.Name,
        kind = s.Kind,
        created = s.CreatedUtc,
        summary = JsonDocument.Parse(s.Summary).RootElement,
    };
}
