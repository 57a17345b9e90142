using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Application;
using Quartier.Core.Results;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Native;

/// <summary>
/// Quartier's own API for runs (what the dashboard builds on): submit, list with filters, follow progress as
/// server-sent events, cancel, KPIs, series by signal/asset/time range with min/max/mean downsampling, CSV export.
/// </summary>
public static class RunsApi
{
    private const int DefaultPoints = 2000;
    private const int MaxPoints = 100_000;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, double[]> SumCache = new(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Runs").AddEndpointFilter(Security.RequireToken);
        api.MapPost("/", Submit).WithSummary("Start a run: the body is an ESDL (application/xml) or a DOTS request (application/json), or scenario=ID names a stored one; or multipart/form-data with the scenario as part 'scenario' and files as parts named after the CLI's options (instructions, grid-frequency, outages, eos-config, weather, prices); settings as query parameters (a CoSSMic scenario: algorithm, runs, seed, days, prediction_error, jitter, solver)");
        api.MapGet("/", List).WithSummary("Runs, newest first; filter by status and name");
        api.MapGet("/{runId}", Get).WithSummary("One run: status, progress, parameters, error");
        api.MapDelete("/{runId}", Cancel).WithSummary("Cancel a queued or running run");
        api.MapGet("/{runId}/events", Events).WithSummary("Progress and state as server-sent events until the run ends");
        api.MapGet("/{runId}/kpis", Kpis).WithSummary("The run's key figures");
        api.MapGet("/{runId}/series", Series).WithSummary("The recorded series (signal = ESDLType/output, asset = ESDL id)");
        api.MapGet("/{runId}/series/{seriesId:int}", Values).WithSummary("One series between from and to, downsampled to at most `points` buckets of min/max/mean");
        api.MapGet("/{runId}/series/sum", Sum).WithSummary("The step-wise sum of every series matching signal and asset (e.g. all households' net power), downsampled like one series");
        api.MapGet("/{runId}/series.csv", Csv).WithSummary("Series as CSV (all, or those matching signal and asset)");
        return app;
    }

    private static async Task<IResult> Submit(
        HttpContext context, JobManager jobs, IScenarioStore scenarios, string? scenario, string? name, string? start, string? duration, string? step, string? ems, string? rules, string? record)
    {
        byte[] body;
        bool json;
        List<RunUpload> uploads = [];
        if (context.Request.HasFormContentType)
        {
            // multipart: the scenario and the files the CLI takes as options, each a part named after its option
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            if (form.Keys.FirstOrDefault() is { } key)
            {
                return Problems.BadRequest($"form field '{key}': a run's settings are query parameters; its parts are files (scenario, {string.Join(", ", RunUploads.Fields)})", key);
            }

            (body, json) = ([], false);
            foreach (var file in form.Files)
            {
                if (file.Name != "scenario" && !RunUploads.Fields.Contains(file.Name))
                {
                    return Problems.BadRequest($"part '{file.Name}' is not a file a run takes: scenario (an ESDL or a DOTS request), {string.Join(", ", RunUploads.Fields)}", file.Name);
                }

                if (file.Length > Core.Input.InputLimits.Current.MaxFileBytes)
                {
                    return Problems.BadRequest($"part '{file.Name}' ({file.FileName}) has {file.Length} bytes, more than the {Core.Input.InputLimits.Current.MaxFileBytes >> 20} MiB a file may have ({Core.Input.InputLimits.FileMegabytesVariable})", file.Name);
                }

                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                if (file.Name == "scenario")
                {
                    body = buffer.ToArray();
                    json = file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
                }
                else
                {
                    uploads.Add(new RunUpload(file.Name, file.FileName, buffer.ToArray()));
                }
            }
        }
        else
        {
            body = await RequestBody.ReadAsync(context).ConfigureAwait(false);
            json = context.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        }

        if (scenario is not null)
        {
            if (body.Length > 0)
            {
                return Problems.BadRequest("give either a scenario or a body, not both", "scenario");
            }

            if (ScenariosApi.Find(scenarios, scenario) is not { } stored)
            {
                return Problems.NotFound($"no scenario '{scenario}'");
            }

            if (stored.Kind == "cossmic" && uploads.Count > 0)
            {
                return Problems.BadRequest($"'{uploads[0].Field}' is for ESDL and DOTS runs; scenario '{scenario}' is a CoSSMic neighbourhood", uploads[0].Field);
            }

            if (stored.Kind == "cossmic")
            {
                var cossmic = jobs.SubmitCossmic(stored, CossmicRunsApi.Options(context.Request.Query), name);
                return Results.Json(View(cossmic, jobs.Store), statusCode: StatusCodes.Status201Created);
            }

            if (CossmicRunsApi.Fields.FirstOrDefault(f => context.Request.Query.ContainsKey(f)) is { } field)
            {
                return Problems.BadRequest($"'{field}' is for CoSSMic scenarios; scenario '{scenario}' is {stored.Kind}", field);
            }

            body = stored.Content;
            json = stored.Kind == "dots";
            name ??= stored.Name;
        }

        var settings = new RunSettings
        {
            Name = name,
            Start = start,
            Duration = duration,
            Step = step ?? "15min",
            Ems = ems,
            Rules = rules ?? "dots",
            Record = record is null ? [] : [record],
        };
        var job = jobs.Submit(body, json ? "dots" : "esdl", settings, uploads);
        return Results.Json(View(job, jobs.Store), statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(JobManager jobs, string? status, string? name, int? limit)
    {
        var views = new List<object>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs.All().Reverse())
        {
            seen.Add(job.Id);
            views.Add(View(job, null));
        }

        foreach (var run in jobs.Store.ListRuns().Where(r => !seen.Contains(r.Id)))
        {
            views.Add(View(run));
        }

        var filtered = views.Cast<RunView>()
            .Where(v => status is null || string.Equals(v.Status, status, StringComparison.OrdinalIgnoreCase))
            .Where(v => name is null || v.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(v => v.Created)
            .Take(Math.Clamp(limit ?? 1000, 1, 10_000));
        return Results.Ok(new { runs = filtered });
    }

    private static IResult Get(string runId, JobManager jobs) =>
        jobs.Find(runId) is { } job ? Results.Ok(View(job, jobs.Store))
        : Run(jobs, runId) is { } run ? Results.Ok(View(run))
        : Problems.NotFound($"no run '{runId}'");

    private static IResult Cancel(string runId, JobManager jobs) =>
        jobs.Find(runId) is not { } job ? Problems.NotFound($"no run '{runId}' in this server's queue")
        : jobs.Cancel(job) ? Results.Ok(View(job, null))
        : Problems.Conflict($"run '{runId}' has already ended ({job.Record.State.ToString().ToLowerInvariant()})");

    private static async Task Events(string runId, HttpContext context, JobManager jobs)
    {
        if (jobs.Find(runId) is not { } job)
        {
            await Problems.NotFound($"no run '{runId}' in this server's queue").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        string? last = null;
        var ct = context.RequestAborted;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var r = job.Record;
                var data = $"{{\"id\":\"{r.Id}\",\"status\":\"{r.State.ToString().ToLowerInvariant()}\",\"progress\":{(job.Progress * 100).ToString("0.0", CultureInfo.InvariantCulture)}}}";
                if (data != last)
                {
                    await context.Response.WriteAsync($"event: progress\ndata: {data}\n\n", ct).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    last = data;
                }

                if (r.State is not (JobState.Queued or JobState.Running))
                {
                    await context.Response.WriteAsync($"event: end\ndata: {data}\n\n", ct).ConfigureAwait(false);
                    return;
                }

                await Task.Delay(250, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
    }

    private static IResult Kpis(string runId, JobManager jobs) =>
        Run(jobs, runId) is { } run
            ? Results.Ok(new { run_id = run.Id, kpis = jobs.Store.GetKpis(run.Id).Select(k => new { k.Name, Value = Finite(k.Value), k.Unit, k.Scope }) })
            : Problems.NotFound($"no run '{runId}'");

    private static IResult Series(string runId, JobManager jobs, string? signal, string? asset) =>
        Run(jobs, runId) is { } run
            ? Results.Ok(new { run_id = run.Id, series = Select(jobs.Store.GetSeries(run.Id), signal, asset) })
            : Problems.NotFound($"no run '{runId}'");

    private static IResult Values(string runId, int seriesId, JobManager jobs, DateTime? from, DateTime? to, int? points)
    {
        if (Run(jobs, runId) is not { } run)
        {
            return Problems.NotFound($"no run '{runId}'");
        }

        if (jobs.Store.GetSeries(run.Id).FirstOrDefault(s => s.Id == seriesId) is not { } info)
        {
            return Problems.NotFound($"run '{run.Id}' has no series {seriesId}");
        }

        var (first, count, refusal) = Request(run, from, to, points);
        if (refusal is not null)
        {
            return refusal;
        }

        var values = jobs.Store.ReadSeries(run.Id, seriesId);
        var buckets = Downsampling.Buckets(values.AsSpan(first, count), first + 1, run.GridStart, run.StepSeconds, points ?? DefaultPoints);
        return Results.Ok(new
        {
            run_id = run.Id,
            series = info,
            step_seconds = run.StepSeconds,
            bucket_steps = Math.Max(1, (count + (points ?? DefaultPoints) - 1) / (points ?? DefaultPoints)),
            time = buckets.Select(b => b.Time),
            min = buckets.Select(b => b.Min),
            max = buckets.Select(b => b.Max),
            mean = buckets.Select(b => b.Mean),
        });
    }

    private static IResult Sum(string runId, JobManager jobs, string? signal, string? asset, DateTime? from, DateTime? to, int? points)
    {
        if (Run(jobs, runId) is not { } run)
        {
            return Problems.NotFound($"no run '{runId}'");
        }

        var (first, count, refusal) = Request(run, from, to, points);
        if (refusal is not null)
        {
            return refusal;
        }

        var series = Select(jobs.Store.GetSeries(run.Id), signal, asset);
        if (series.Count == 0)
        {
            return Problems.NotFound($"no series of run '{run.Id}' matches signal '{signal}'{(asset is null ? string.Empty : $" and asset '{asset}'")}");
        }

        if (series.Select(s => s.Unit).Distinct().Count() > 1)
        {
            return Problems.BadRequest($"the matching series have different units ({string.Join(", ", series.Select(s => s.Unit).Distinct())}); narrow the signal", "signal");
        }

        var sum = StepSums(jobs.Store, run, series, signal, asset);
        var buckets = Downsampling.Buckets(sum.AsSpan(first, count), first + 1, run.GridStart, run.StepSeconds, points ?? DefaultPoints);
        return Results.Ok(new
        {
            run_id = run.Id,
            series_count = series.Count,
            unit = series[0].Unit,
            step_seconds = run.StepSeconds,
            time = buckets.Select(b => b.Time),
            min = buckets.Select(b => b.Min),
            max = buckets.Select(b => b.Max),
            mean = buckets.Select(b => b.Mean),
        });
    }

    /// <summary>
    /// The step-wise sum of the series over the whole run. The sum of every series of one type and output (the
    /// dashboard's "all households") was kept with the run when it was written (<see cref="SeriesSums"/>), so opening a
    /// run of 600 houses × a year reads one array, not 600 series. Other sums are computed; a finished run's sums are
    /// kept in memory (the last 32), so a zoom reads nothing again and only downsamples its window.
    /// </summary>
    private static double[] StepSums(IRunStore store, RunRecord run, List<SeriesInfo> series, string? signal, string? asset)
    {
        var key = $"{run.Id}|{signal}|{asset}";
        if (SumCache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (asset is null && series.Count > 1 && series.All(s => $"{s.EsdlType}/{s.Output}" == signal)
            && store.ReadAttachment(run.Id, SeriesSums.Name(series[0].EsdlType, series[0].Output)) is { } kept
            && SeriesSums.Decode(kept, run.StepCount) is { } stored)
        {
            return Keep(run, key, stored);
        }

        var sum = new double[run.StepCount];
        foreach (var s in series)
        {
            var values = store.ReadSeries(run.Id, s.Id);
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += values[k];
            }
        }

        return Keep(run, key, sum);
    }

    private static double[] Keep(RunRecord run, string key, double[] sum)
    {
        if (run.Status == RunStatus.Succeeded)
        {
            if (SumCache.Count >= 32)
            {
                SumCache.Clear();
            }

            SumCache[key] = sum;
        }

        return sum;
    }

    private static IResult Csv(string runId, JobManager jobs, string? signal, string? asset)
    {
        if (Run(jobs, runId) is not { } run)
        {
            return Problems.NotFound($"no run '{runId}'");
        }

        using var csv = new StringWriter(CultureInfo.InvariantCulture);
        SeriesCsv.Write(jobs.Store, run, Select(jobs.Store.GetSeries(run.Id), signal, asset), csv);
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"{run.Id}.csv");
    }

    /// <summary>The steps a series request covers, or the problem with its points or window.</summary>
    private static (int First, int Count, IResult? Refusal) Request(RunRecord run, DateTime? from, DateTime? to, int? points)
    {
        if (points is < 1 or > MaxPoints)
        {
            return (0, 0, Problems.BadRequest($"points {points} must be 1 … {MaxPoints}", "points"));
        }

        var (first, count) = Window(run, from, to);
        return count < 0 ? (0, 0, Problems.BadRequest("'from' is after 'to'", "from")) : (first, count, null);
    }

    private static (int First, int Count) Window(RunRecord run, DateTime? from, DateTime? to)
    {
        int Step(DateTime t) => (int)Math.Clamp(Math.Ceiling((t.ToUniversalTime() - run.GridStart).TotalSeconds / run.StepSeconds) - 1, 0, run.StepCount);
        int first = from is { } f ? Step(f) : 0;
        int end = to is { } t ? Math.Min(run.StepCount, Step(t) + 1) : run.StepCount;
        return (first, end - first);
    }

    private static List<SeriesInfo> Select(IReadOnlyList<SeriesInfo> series, string? signal, string? asset) =>
        series.Where(s => signal is null || Simulation.Runs.Recorder.Matches(signal, $"{s.EsdlType}/{s.Output}"))
            .Where(s => asset is null || s.EsdlId == asset || s.EsdlName == asset)
            .ToList();

    internal static RunRecord? Run(JobManager jobs, string runId) =>
        runId.Length is > 0 and <= 64 && runId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? jobs.Store.FindRun(runId) : null;

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static RunView View(Job job, IRunStore? store)
    {
        var r = job.Record;
        var run = store is not null && r.State == JobState.Succeeded ? store.FindRun(r.Id) : null;
        return new RunView(r.Id, r.Name, r.State.ToString().ToLowerInvariant(), Math.Round(job.Progress * 100, 1), r.CreatedUtc, r.StartedUtc, r.EndedUtc, r.Error, r.Kind, run?.Parameters, job.Silo);
    }

    private static RunView View(RunRecord run) =>
        new(run.Id, run.Name, run.Status.ToString().ToLowerInvariant(), run.Status == RunStatus.Succeeded ? 100 : 0, run.CreatedUtc, run.CreatedUtc, run.FinishedUtc, run.Error, "store", run.Parameters);

    /// <summary>
    /// A run as the native API shows it (a server job, or a run in the store such as one from the CLI). <c>Silo</c> is
    /// where a clustered server's run ran: one silo, or for a run in partitions each silo with the partitions it ran.
    /// </summary>
    public sealed record RunView(string Id, string Name, string Status, double Progress, DateTime Created, DateTime? Started, DateTime? Finished, string? Error, string Source, string? Parameters, string? Silo = null);
}
