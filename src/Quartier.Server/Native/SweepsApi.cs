using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartier.Application.Sweeps;
using Quartier.Core.Errors;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Native;

/// <summary>
/// Sweeps over the native API: <c>POST /api/sweeps</c> takes a sweep (as <c>quartier sweep</c> reads it, with <c>base</c> the
/// id of a stored ESDL or DOTS scenario; weather and price files are not taken over the API) and queues one run per
/// combination; <c>GET /api/sweeps/{id}</c> gives each run's state and KPIs, <c>/table.csv</c> the KPI table. Sweeps are
/// kept while the server runs (their runs are stored as any other).
/// </summary>
public static class SweepsApi
{
    public static IServiceCollection AddSweeps(this IServiceCollection services) => services.AddSingleton<SweepRegistry>();

    public static IEndpointRouteBuilder MapSweepsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sweeps").WithTags("Sweeps").AddEndpointFilter(Security.RequireToken);
        api.MapPost("/", Submit).WithSummary("Start a sweep: the body is a sweep (JSON, or YAML with a YAML content type) whose base is a stored scenario's id; one queued run per combination of the axes");
        api.MapGet("/", (SweepRegistry sweeps) => Results.Ok(new { sweeps = sweeps.All.Select(s => new { id = s.Id, name = s.Sweep.Name, runs = s.Runs.Count, run_ids = s.Runs.Select(r => r.JobId) }) })).WithSummary("The sweeps started since the server started, with their runs' ids");
        api.MapGet("/{sweepId}", Get).WithSummary("A sweep's runs: axis values, run id, state, error and KPIs");
        api.MapGet("/{sweepId}/table.csv", Table).WithSummary("A sweep's KPI table as CSV, one row per run");
        return app;
    }

    private static async Task<IResult> Submit(HttpContext context, JobManager jobs, IScenarioStore scenarios, SweepRegistry sweeps)
    {
        var body = await RequestBody.ReadAsync(context).ConfigureAwait(false);
        // A YAML body says so by its content type (application/yaml, text/yaml, application/x-yaml).
        var source = context.Request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true ? "sweep.yaml" : "sweep";
        ScenarioRecord? stored = null;
        var sweep = Sweep.Parse(Encoding.UTF8.GetString(body), source, null, id =>
        {
            stored = ScenariosApi.Find(scenarios, id) ?? throw new InputException($"no scenario '{id}'; upload the base with POST /api/scenarios and give its id", "sweep", field: "base");
            var found = stored;
            return (found.Name, () => (found.Content, found.Kind == "dots"), found.Kind == "cossmic");
        });

        // every run is checked as its run will read it before any is queued, so a bad combination queues nothing
        var expanded = sweep.Expand();
        if (sweep.IsCossmic)
        {
            JobManager.CheckCossmic(stored!, expanded.Select(r => r.Cossmic!));
        }

        foreach (var run in expanded.Where(r => r.Input is not null))
        {
            var check = Application.RunJob.Prepare(run.Input!, run.Settings with { Services = run.Settings.Services ?? jobs.ServicesFile });
            foreach (var external in check.Runner.External)
            {
                external.Dispose();
            }
        }

        var queued = new List<(SweepRun Run, string JobId)>();
        foreach (var run in expanded)
        {
            var job = run.Cossmic is { } options
                ? jobs.SubmitCossmic(stored!, options, run.Settings.Name)
                : jobs.Submit(run.Bytes, run.IsDotsRequest ? "dots" : "esdl", run.Settings);
            queued.Add((run, job.Id));
        }

        var entry = sweeps.Add(sweep, queued);
        return Results.Json(View(entry, jobs), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Get(string sweepId, SweepRegistry sweeps, JobManager jobs) =>
        sweeps.Find(sweepId) is { } s ? Results.Ok(View(s, jobs)) : Problems.NotFound($"no sweep '{sweepId}'");

    private static IResult Table(string sweepId, SweepRegistry sweeps, JobManager jobs)
    {
        if (sweeps.Find(sweepId) is not { } s)
        {
            return Problems.NotFound($"no sweep '{sweepId}'");
        }

        var results = s.Runs.Select(r => Result(r.Run, r.JobId, jobs)).ToList();
        return Results.Text(SweepRunner.Csv(s.Sweep, results), "text/csv", Encoding.UTF8);
    }

    private static SweepResult Result(SweepRun run, string jobId, JobManager jobs)
    {
        var job = jobs.Find(jobId);
        var state = job?.Record.State ?? JobState.Failed;
        var status = state switch
        {
            JobState.Succeeded => Core.Results.RunStatus.Succeeded,
            JobState.Cancelled => Core.Results.RunStatus.Cancelled,
            JobState.Failed => Core.Results.RunStatus.Failed,
            _ => Core.Results.RunStatus.Running,
        };
        var kpis = status == Core.Results.RunStatus.Succeeded ? jobs.Store.GetKpis(jobId).Where(k => k.Scope == "system").ToList() : [];
        return new SweepResult(run, jobId, status, job?.Record.Error, kpis, 0);
    }

    private static object View(SweepRegistry.Entry s, JobManager jobs) => new
    {
        id = s.Id,
        name = s.Sweep.Name,
        axes = s.Sweep.Axes.Select(a => new { name = a.Name, values = a.Values }),
        runs = s.Runs.Select(r =>
        {
            var result = Result(r.Run, r.JobId, jobs);
            return new
            {
                index = r.Run.Index,
                values = r.Run.Values.ToDictionary(v => v.Axis, v => v.Value),
                run_id = r.JobId,
                silo = jobs.Find(r.JobId)?.Silo,
                state = (jobs.Find(r.JobId)?.Record.State ?? JobState.Failed).ToString().ToLowerInvariant(),
                error = result.Error,
                kpis = result.Kpis.ToDictionary(k => k.Name, k => k.Value),
            };
        }),
    };

    /// <summary>The sweeps started since the server started.</summary>
    public sealed class SweepRegistry
    {
        private readonly ConcurrentDictionary<string, Entry> _sweeps = new(StringComparer.Ordinal);

        public IEnumerable<Entry> All => _sweeps.Values.OrderBy(s => s.Created);

        public Entry Add(Sweep sweep, IReadOnlyList<(SweepRun Run, string JobId)> runs)
        {
            var entry = new Entry(DotsIds.New("sweep-" + sweep.Name), sweep, runs, DateTime.UtcNow);
            _sweeps[entry.Id] = entry;
            return entry;
        }

        public Entry? Find(string id) => _sweeps.GetValueOrDefault(id);

        public sealed record Entry(string Id, Sweep Sweep, IReadOnlyList<(SweepRun Run, string JobId)> Runs, DateTime Created);
    }
}
