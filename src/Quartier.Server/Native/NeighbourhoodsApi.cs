using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Application;
using Quartier.Application.Neighbourhoods;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Native;

/// <summary>
/// Neighbourhoods built in the dashboard's editor: create (JSON, or from the PySSMic web editor's XML), read, save a new
/// version (every earlier one kept and readable by number), validate (a 422 problem lists every error with its house,
/// device, job and field), export as a PySSMic folder (zip) or as ESDL. Each save also stores the newest version as the
/// CoSSMic scenario of the same id, so <c>POST /api/runs?scenario=ID</c> runs it.
/// </summary>
public static class NeighbourhoodsApi
{
    public static IEndpointRouteBuilder MapNeighbourhoodsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/neighbourhoods").WithTags("Neighbourhoods").AddEndpointFilter(Security.RequireToken);
        api.MapGet("/", List).WithSummary("Neighbourhoods (their newest versions), most recently saved first");
        api.MapPost("/", Create).WithSummary("Create a neighbourhood from its JSON document (version 1); also stored as the CoSSMic scenario of the same id");
        api.MapPost("/from-xml", FromXml).WithSummary("Create a neighbourhood from the PySSMic web editor's neighbourhood XML (multipart field 'neighbourhood') and optional jobs XML ('jobs')");
        api.MapPost("/validate", (Delegate)Validate).WithSummary("Check a neighbourhood document without storing it: its counts and warnings, or a 422 listing every error");
        api.MapGet("/{neighbourhoodId}", Get).WithSummary("A neighbourhood's newest version (or ?version=N) with its document and version list");
        api.MapPut("/{neighbourhoodId}", Save).WithSummary("Save a new version of a neighbourhood (earlier versions are kept)");
        api.MapGet("/{neighbourhoodId}/versions", Versions).WithSummary("Every saved version, oldest first");
        api.MapGet("/{neighbourhoodId}/versions/{version:int}", Get).WithSummary("One saved version");
        api.MapGet("/{neighbourhoodId}/pyssmic.zip", ExportPyssmic).WithSummary("The neighbourhood (?version=N) as a PySSMic input folder, zipped");
        api.MapGet("/{neighbourhoodId}/esdl", ExportEsdl).WithSummary("The neighbourhood (?version=N) as ESDL");
        return app;
    }

    private static IResult List(INeighbourhoodStore store) =>
        Results.Ok(new { neighbourhoods = store.List().Select(v => new { id = v.Id, name = v.Name, version = v.Version, saved = v.SavedUtc }) });

    private static async Task<IResult> Create(HttpContext context, INeighbourhoodStore store, IScenarioStore scenarios, TimeProvider clock)
    {
        var n = Parse(await RequestBody.ReadAsync(context).ConfigureAwait(false));
        return Store(n, null, store, scenarios, clock, [], StatusCodes.Status201Created);
    }

    private static async Task<IResult> FromXml(HttpContext context, INeighbourhoodStore store, IScenarioStore scenarios, TimeProvider clock, string? name)
    {
        byte[]? layout;
        byte[]? jobs = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            layout = await Part(form, "neighbourhood").ConfigureAwait(false);
            jobs = await Part(form, "jobs").ConfigureAwait(false);
            name ??= form["name"].ToString() is { Length: > 0 } n ? n : null;
        }
        else
        {
            layout = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        }

        if (layout is not { Length: > 0 })
        {
            throw new InputException("give the neighbourhood XML (multipart field 'neighbourhood', or the request body)", field: "neighbourhood");
        }

        var (neighbourhood, warnings) = NeighbourhoodXml.Read(layout, jobs, clock.GetUtcNow(), name);
        return Store(neighbourhood, null, store, scenarios, clock, warnings, StatusCodes.Status201Created);
    }

    private static async Task<IResult> Validate(HttpContext context)
    {
        var n = Parse(await RequestBody.ReadAsync(context).ConfigureAwait(false));
        var (errors, warnings) = NeighbourhoodCheck.Check(n);
        return errors.Count > 0 ? Invalid(errors) : Results.Ok(new { valid = true, counts = Counts(n), warnings });
    }

    private static async Task<IResult> Save(string neighbourhoodId, HttpContext context, INeighbourhoodStore store, IScenarioStore scenarios, TimeProvider clock)
    {
        if (Find(store, neighbourhoodId, null) is null)
        {
            return Problems.NotFound($"no neighbourhood '{neighbourhoodId}'");
        }

        var n = Parse(await RequestBody.ReadAsync(context).ConfigureAwait(false));
        return Store(n, neighbourhoodId, store, scenarios, clock, [], StatusCodes.Status200OK);
    }

    private static IResult Get(string neighbourhoodId, int? version, INeighbourhoodStore store) =>
        Find(store, neighbourhoodId, version) is { } v
            ? Results.Ok(Describe(v, store.Versions(v.Id), NeighbourhoodCheck.Check(Read(v)).Warnings))
            : Problems.NotFound(version is null ? $"no neighbourhood '{neighbourhoodId}'" : $"neighbourhood '{neighbourhoodId}' has no version {version}");

    private static IResult Versions(string neighbourhoodId, INeighbourhoodStore store) =>
        Find(store, neighbourhoodId, null) is null
            ? Problems.NotFound($"no neighbourhood '{neighbourhoodId}'")
            : Results.Ok(new { id = neighbourhoodId, versions = store.Versions(neighbourhoodId).Select(v => new { version = v.Version, name = v.Name, saved = v.SavedUtc }) });

    private static IResult ExportPyssmic(string neighbourhoodId, int? version, INeighbourhoodStore store) =>
        Find(store, neighbourhoodId, version) is { } v
            ? Results.File(PyssmicExport.Zip(Read(v)), "application/zip", $"{v.Id}-v{v.Version}-pyssmic.zip")
            : Problems.NotFound($"no neighbourhood '{neighbourhoodId}'{(version is null ? string.Empty : $" version {version}")}");

    private static IResult ExportEsdl(string neighbourhoodId, int? version, INeighbourhoodStore store) =>
        Find(store, neighbourhoodId, version) is { } v
            ? Results.File(EsdlExport.WriteUtf8(Read(v)), "application/xml", $"{v.Id}-v{v.Version}.esdl")
            : Problems.NotFound($"no neighbourhood '{neighbourhoodId}'{(version is null ? string.Empty : $" version {version}")}");

    /// <summary>
    /// Validates, builds the PySSMic folder and checks it as a CoSSMic upload, then stores the version and replaces the
    /// scenario of the same id: nothing is stored when any step refuses.
    /// </summary>
    private static IResult Store(Neighbourhood n, string? id, INeighbourhoodStore store, IScenarioStore scenarios, TimeProvider clock, IReadOnlyList<string> extraWarnings, int status)
    {
        var (errors, warnings) = NeighbourhoodCheck.Check(n);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        id ??= DotsIds.New(n.Name);
        var zip = PyssmicExport.Zip(n);
        var summary = ScenarioCheck.Validate("cossmic", zip, $"neighbourhood {id}", n.Name);
        var now = clock.GetUtcNow().UtcDateTime;
        var saved = store.Save(id, n.Name, n.ToJson(), now);
        scenarios.Delete(id);
        scenarios.Add(new ScenarioRecord(id, $"{n.Name} (v{saved.Version})", "cossmic", zip, JsonSerializer.Serialize(ScenariosApi.View(summary)), now));
        return Results.Json(Describe(saved, store.Versions(id), [.. extraWarnings, .. warnings]), statusCode: status);
    }

    private static Neighbourhood Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new InputException("the request has no body; send the neighbourhood as JSON", "neighbourhood", field: "neighbourhood");
        }

        using var document = SafeJson.Parse(body, "neighbourhood");
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InputException("the neighbourhood must be a JSON object", "neighbourhood", field: "neighbourhood");
        }

        try
        {
            return document.RootElement.Deserialize<Neighbourhood>(Neighbourhood.Json)
                ?? throw new InputException("the neighbourhood is null", "neighbourhood", field: "neighbourhood");
        }
        catch (JsonException ex)
        {
            throw SafeJson.Error(ex, "neighbourhood", "neighbourhood");
        }
    }

    private static Neighbourhood Read(NeighbourhoodVersion v) =>
        JsonSerializer.Deserialize<Neighbourhood>(v.Document, Neighbourhood.Json) ?? throw new InvalidOperationException($"neighbourhood {v.Id} v{v.Version} is empty");

    private static NeighbourhoodVersion? Find(INeighbourhoodStore store, string id, int? version) =>
        DotsIds.IsWellFormed(id) ? store.Find(id, version) : null;

    private static async Task<byte[]?> Part(IFormCollection form, string name)
    {
        if (form.Files.GetFile(name) is { } file)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer).ConfigureAwait(false);
            return buffer.ToArray();
        }

        return form[name].ToString() is { Length: > 0 } text ? System.Text.Encoding.UTF8.GetBytes(text) : null;
    }

    /// <summary>A 422 problem listing every error: detail has the first ones, <c>errors</c> each one's path, house, device, job, field and message.</summary>
    private static IResult Invalid(IReadOnlyList<NeighbourhoodError> errors) => Results.Problem(
        detail: $"{errors.Count} error(s): {NeighbourhoodCheck.Describe(errors.Take(3))}",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Invalid neighbourhood",
        extensions: new Dictionary<string, object?>
        {
            ["field"] = errors[0].Path,
            ["errors"] = errors.Select(e => new { path = e.Path, house = e.House, device = e.Device, job = e.Job, field = e.Field, message = e.Message }),
        });

    private static object Counts(Neighbourhood n) => new
    {
        houses = n.Houses.Count,
        devices = n.Houses.Sum(h => h.Devices.Count),
        jobs = n.Houses.Sum(h => h.Devices.Sum(d => d.Jobs?.Count ?? 0)),
    };

    private static object Describe(NeighbourhoodVersion v, IReadOnlyList<NeighbourhoodVersion> versions, IReadOnlyList<string> warnings)
    {
        using var document = JsonDocument.Parse(v.Document);
        return new
        {
            id = v.Id,
            name = v.Name,
            version = v.Version,
            saved = v.SavedUtc,
            scenario = v.Id,
            versions = versions.Select(x => new { version = x.Version, saved = x.SavedUtc }),
            warnings,
            links = new { pyssmic = $"/api/neighbourhoods/{v.Id}/pyssmic.zip?version={v.Version}", esdl = $"/api/neighbourhoods/{v.Id}/esdl?version={v.Version}" },
            document = document.RootElement.Clone(),
        };
    }
}
