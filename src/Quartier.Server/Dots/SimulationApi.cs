using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartier.Application;
using Quartier.Application.Dots;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Dots;

/// <summary>DOTS's Simulation Orchestrator API under <c>/api/v1/simulation</c>, field for field (see <c>apis.md</c>).</summary>
public static class SimulationApi
{
    /// <summary>What a DOTS run records: every output, as DOTS's services store theirs, in blocks of 12 h at 15 min so a live sink sees them soon.</summary>
    private static readonly RunSettings DotsSettings = new() { Record = ["all"], RecordBlockSteps = 48 };

    public static IEndpointRouteBuilder MapDotsSimulationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/simulation").WithTags("DOTS simulation orchestrator");
        api.MapPost("/token", Token).DisableAntiforgery().WithSummary("OAuth2 password flow: a bearer token for DotsUser");
        var secured = api.MapGroup(string.Empty).AddEndpointFilter(Security.RequireToken);
        secured.MapPost("/start", Start).WithSummary("Start a simulation (201); it waits in the queue when all workers are busy");
        secured.MapPost("/queue", Start).WithSummary("Queue a simulation (201, FIFO)");
        secured.MapGet("/", List).WithSummary("All simulations, in the order they were registered");
        secured.MapGet("/{simulationId}", Get).WithSummary("One simulation's status");
        secured.MapGet("/data/{simulationId}", Data).WithSummary("Zip of <id>_<ESDL type>.csv with the recorded outputs");
        secured.MapGet("/logs/{simulationId}", Logs).WithSummary("Zip of the simulation's logs, one per model");
        secured.MapDelete("/terminate/{simulationId}", Terminate).WithSummary("Stop a simulation");
        secured.MapDelete("/delete/{simulationId}", Delete).WithSummary("Stop a simulation and delete its logs (its data stays)");
        return app;
    }

    private static async Task<IResult> Token(HttpContext context, DotsAuth auth)
    {
        if (!context.Request.HasFormContentType)
        {
            return Problems.BadRequest("send the OAuth2 password form (application/x-www-form-urlencoded: username, password)");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var token = auth.Issue(form["username"], form["password"]);
        if (token is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized("Incorrect username or password");
        }

        return Results.Ok(new { access_token = token, token_type = "bearer" });
    }

    private static async Task<IResult> Start(HttpContext context, JobManager jobs, TimeProvider clock)
    {
        var body = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        var job = jobs.Submit(body, "dots", DotsSettings);
        return Results.Json(DotsStatus.Build(job, clock), statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(JobManager jobs, TimeProvider clock) =>
        Results.Json(new JsonObject { ["simulations"] = new JsonArray([.. jobs.All().Where(j => j.Record.Kind == "dots").Select(j => (JsonNode)DotsStatus.Build(j, clock))]) });

    private static IResult Get(string simulationId, JobManager jobs, TimeProvider clock) =>
        Find(jobs, simulationId) is { } job
            ? Results.Json(DotsStatus.Build(job, clock))
            : Problems.NotFound($"Simulation with ID '{simulationId}' not found");

    private static IResult Data(string simulationId, JobManager jobs)
    {
        var run = Find(jobs, simulationId) is { Record.State: JobState.Succeeded } ? jobs.Store.FindRun(simulationId) : null;
        if (run is null || run.Id != simulationId || jobs.Store.GetSeries(run.Id).Count == 0)
        {
            return Problems.NotFound($"No data found for simulation with id: {simulationId}");
        }

        return Results.Stream(
            async stream =>
            {
                using var buffer = new MemoryStream();
                DataZip.Write(jobs.Store, run, buffer);
                buffer.Position = 0;
                await buffer.CopyToAsync(stream).ConfigureAwait(false);
            },
            "application/zip",
            $"data_{simulationId}.zip");
    }

    private static IResult Logs(string simulationId, JobManager jobs)
    {
        if (Find(jobs, simulationId) is not { } job || job.Record.Deleted || job.Log.ToString().Length == 0)
        {
            return Problems.NotFound($"No logs found for simulation with id: {simulationId}");
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var lines = job.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var models = Models(job.Record);
            var known = models.SelectMany(m => m.Sources).ToHashSet(StringComparer.Ordinal);
            foreach (var model in models)
            {
                var entry = zip.CreateEntry($"{model.Pod}.log", CompressionLevel.SmallestSize);
                using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                w.Write(model.Header);
                foreach (var line in lines.Where(l => Tag(l) is not { } tag || model.Sources.Contains(tag) || !known.Contains(tag)))
                {
                    w.Write(line);
                    w.Write('\n');
                }
            }
        }

        return Results.File(buffer.ToArray(), "application/zip", $"logs_{simulationId}.zip");
    }

    private static IResult Terminate(string simulationId, JobManager jobs, TimeProvider clock)
    {
        if (Find(jobs, simulationId) is not { } job)
        {
            return Problems.NotFound($"Simulation with ID {simulationId} not found");
        }

        jobs.Cancel(job);
        return Results.Json(DotsStatus.Build(job, clock));
    }

    private static IResult Delete(string simulationId, JobManager jobs, TimeProvider clock)
    {
        if (Find(jobs, simulationId) is not { } job)
        {
            return Problems.NotFound($"Simulation with ID {simulationId} not found");
        }

        jobs.Delete(job);
        return Results.Json(DotsStatus.Build(job, clock));
    }

    private static Job? Find(JobManager jobs, string id) => DotsIds.IsWellFormed(id) ? jobs.Find(id) : null;

    /// <summary>
    /// DOTS's models of a simulation: pod <c>SO-&lt;simulation id&gt;-&lt;model id&gt;</c> per model of each requested
    /// service, the ESDL objects split over <c>nr_of_models</c> models in ESDL order, each with a header naming its
    /// service, type and objects (the run itself is one process; its log follows the header in every file).
    /// </summary>
    private static List<(string Pod, string Header, HashSet<string> Sources)> Models(JobRecord job)
    {
        var models = new List<(string Pod, string Header, HashSet<string> Sources)>();
        if (job.Kind == "dots")
        {
            try
            {
                foreach (var model in DotsModels.Of(Esdl.DotsRequest.Read(job.Request, "request")))
                {
                    var s = model.Service;
                    var pod = DotsIds.Sanitize($"SO-{job.Id}-{model.ModelId}");
                    var header = $"model {model.ModelId} of service '{s.Name}' ({s.ImageUrl ?? "built in"}) for ESDL type {s.EsdlType}: "
                        + (model.Objects.Count == 0 ? "no objects of this type in the ESDL" : string.Join(", ", model.Objects.Select(o => $"{o.Name} ({o.Id})")))
                        + (s.Environment.Count == 0 ? string.Empty : $"; environment: {string.Join(", ", s.Environment.Select(e => $"{e.Name}={e.Value}"))}")
                        + "\n";
                    models.Add((pod[..Math.Min(63, pod.Length)], header, [s.EsdlType, .. ServicesOf(s.EsdlType)]));
                }
            }
            catch (Core.Errors.InputException)
            {
                // the request was checked when it was accepted; a log is still served
            }
        }

        return models.Count > 0 ? models.DistinctBy(m => m.Pod).ToList() : [($"so-{job.Id}", string.Empty, [])];
    }

    /// <summary>Quartier's services that do what DOTS's service for <paramref name="esdlType"/> does (their log lines go to its models).</summary>
    private static string[] ServicesOf(string esdlType) => esdlType switch
    {
        "EConnection" => ["ems", "market"],
        "EnergySystem" or "Transformer" => ["lvnetwork", "transformer"],
        "EnvironmentalProfiles" => ["weather"],
        "EnergyMarket" => ["market"],
        "ElectricityDemand" => ["edemand"],
        "PVInstallation" => ["pv"],
        "EVChargingStation" => ["ev"],
        "HeatPump" => ["heatpump"],
        "HybridHeatPump" => ["hybridheatpump"],
        "Battery" => ["battery"],
        _ => [],
    };

    /// <summary>The <c>[source]</c> of a log line, or null for a line about the whole run.</summary>
    private static string? Tag(string line)
    {
        // "yyyy-MM-dd HH:mm:ss.fff LEVEL   [source] message": the tag, when there is one, opens at column 32
        const int At = 32;
        int close = line.Length > At && line[At] == '[' ? line.IndexOf("] ", At, StringComparison.Ordinal) : -1;
        return close > At ? line[(At + 1)..close] : null;
    }
}
