using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Application;
using Quartier.Core.Errors;
using Quartier.Core.Results;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Runs;
using Quartier.Server.Jobs;
using Quartier.Storage;

namespace Quartier.Server.Native;

/// <summary>
/// CoSSMic run sets on the server: the options <c>POST /api/runs?scenario=ID</c> takes for a CoSSMic scenario, and the
/// results of a stored run set (from the server or <c>quartier cossmic run</c>): each run's KPIs and their distribution
/// across runs, each house's results, each job's requested window against its scheduled start.
/// </summary>
public static class CossmicRunsApi
{
    /// <summary>Query fields of a CoSSMic run.</summary>
    public static readonly IReadOnlyList<string> Fields = ["algorithm", "runs", "seed", "days", "prediction_error", "jitter", "solver"];

    private static readonly (string Name, string Unit, Func<CossmicKpis, double> Value)[] KpiColumns =
    [
        ("pv_share", "ratio", k => k.PvShare),
        ("pv_share_pyssmic", "ratio", k => k.ContractPvShare),
        ("job_demand", "kWh", k => k.DemandWh / 1000),
        ("job_pv_energy", "kWh", k => k.PvWh / 1000),
        ("job_grid_energy", "kWh", k => k.GridWh / 1000),
        ("pv_production", "kWh", k => k.ProductionWh / 1000),
        ("pv_surplus", "kWh", k => k.SurplusWh / 1000),
        ("peak_to_average_consumption", "ratio", k => k.PeakToAverageConsumption),
        ("peak_to_average_production", "ratio", k => k.PeakToAverageProduction),
        ("fairness", "ratio", k => k.Fairness),
        ("jobs_on_grid", "count", k => k.JobsOnGrid),
        ("scheduled_jobs", "count", k => k.ScheduledJobs),
    ];

    public static IEndpointRouteBuilder MapCossmicRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs/{runId}/cossmic").WithTags("Runs").AddEndpointFilter(Security.RequireToken);
        api.MapGet("/", Summary).WithSummary("A CoSSMic run set: its options, each run's KPIs and every KPI's min/median/max across runs");
        api.MapGet("/houses", Houses).WithSummary("Each house's results in one run (run=N, 0-based, default 0) and their mean across runs");
        api.MapGet("/jobs", Jobs).WithSummary("Each job of one run (run=N) and house (house=ID, optional): requested window, scheduled start, producer, energies");
        api.MapGet("/runs.csv", RunsCsv).WithSummary("Each run's KPIs as CSV");
        return app;
    }

    /// <summary>The run options from the query (the CLI's defaults for what is not given), resolved: a bad value is a 422 naming its field.</summary>
    public static CossmicRunOptions Options(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        int? Int(string field)
        {
            var text = query[field].ToString();
            return text.Length == 0 ? null
                : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InputException($"'{field}' = '{text}' is not a whole number", field: field);
        }

        var error = query["prediction_error"].ToString();
        var options = new CossmicRunOptions
        {
            Algorithm = query["algorithm"].ToString() is { Length: > 0 } a ? a : Quartier.Cossmic.Scheduling.CossmicAlgorithms.Exact,
            Runs = Int("runs") ?? 1,
            Seed = Int("seed") ?? 1,
            Days = Int("days") ?? 1,
            ArrivalJitterSeconds = Int("jitter"),
            PredictionError = error.Length == 0 ? null
                : double.TryParse(error, NumberStyles.Float, CultureInfo.InvariantCulture, out var pe) ? pe
                : throw new InputException($"'prediction_error' = '{error}' is not a number", field: "prediction_error"),
            Solver = query["solver"].ToString() is { Length: > 0 } s ? s : "cbc",
        };
        try
        {
            return options.Resolve();
        }
        catch (InputException e)
        {
            // the algorithm's name is checked first, without a field
            var field = e.Field switch { null => "algorithm", "prediction-error" => "prediction_error", _ => e.Field };
            throw new InputException(e.Message, inner: e, field: field);
        }
    }

    private static IResult Summary(string runId, JobManager jobs) => WithRunSet(jobs, runId, (run, set) =>
    {
        var columns = KpiColumns.Select(c => (c.Name, c.Unit, Values: set.Runs.Select(r => c.Value(r.Kpis)).ToArray())).ToList();
        return Results.Ok(new
        {
            run_id = run.Id,
            name = run.Name,
            input = set.Input,
            algorithm = set.Options.Algorithm,
            seed = set.Options.Seed,
            days = set.Options.Days,
            prediction_error = set.Options.PredictionError,
            jitter = set.Options.ArrivalJitterSeconds,
            time_zero = DateTime.UnixEpoch.AddSeconds(set.Input.TimeZeroUnix),
            houses = set.Statistics.Houses.Select(h => h.HouseId),
            runs = set.Runs.Select(r => new
            {
                run = r.Run,
                seed = r.Seed,
                wall_seconds = r.WallSeconds,
                kpis = KpiColumns.ToDictionary(c => c.Name, c => c.Value(r.Kpis)),
            }),
            distributions = columns.Select(c => new { name = c.Name, unit = c.Unit, min = c.Values.Min(), median = Median(c.Values), max = c.Values.Max(), values = c.Values }),
        });
    });

    private static IResult Houses(string runId, JobManager jobs, int? run) => WithRunSet(jobs, runId, (record, set) =>
    {
        if (RunOf(set, run) is not { } r)
        {
            return Problems.BadRequest($"run {run} is not in 0 … {set.Runs.Count - 1}", "run");
        }

        // each run's houses by id, built once (looking each house up in every run by search is houses² at city scale)
        var byRun = set.Runs.Select(x => x.Houses.ToDictionary(y => y.HouseId, StringComparer.Ordinal)).ToArray();
        return Results.Ok(new
        {
            run_id = record.Id,
            run = r.Run,
            houses = r.Houses.Select(h => new
            {
                house_id = h.HouseId,
                jobs = h.Jobs,
                demand_kwh = h.DemandWh / 1000,
                pv_kwh = h.PvWh / 1000,
                grid_kwh = h.GridWh / 1000,
                production_kwh = h.ProductionWh / 1000,
                self_sufficiency = h.SelfSufficiency,
                self_sufficiency_across_runs = byRun.Select(x => x.GetValueOrDefault(h.HouseId)?.SelfSufficiency),
            }),
        });
    });

    private static IResult Jobs(string runId, JobManager jobs, int? run, string? house) => WithRunSet(jobs, runId, (record, set) =>
    {
        if (RunOf(set, run) is not { } r)
        {
            return Problems.BadRequest($"run {run} is not in 0 … {set.Runs.Count - 1}", "run");
        }

        if (house is not null && r.Houses.All(h => h.HouseId != house))
        {
            return Problems.NotFound($"run set '{record.Id}' has no house '{house}'");
        }

        static DateTime At(long unix) => DateTime.UnixEpoch.AddSeconds(unix);
        return Results.Ok(new
        {
            run_id = record.Id,
            run = r.Run,
            jobs = r.Jobs.Where(j => house is null || j.HouseId == house).Select(j => new
            {
                key = j.Key,
                id = j.Id,
                house_id = j.HouseId,
                device_id = j.DeviceId,
                profile = j.Profile,
                background = j.Background,
                registered = At(j.RegisteredUnix),
                earliest_start = At(j.EarliestStartUnix),
                latest_start = At(j.LatestStartUnix),
                start = At(j.StartUnix),
                producer = j.Producer,
                energy_kwh = j.EnergyWh / 1000,
                pv_kwh = j.PvWh / 1000,
                grid_kwh = j.GridWh / 1000,
            }),
        });
    });

    private static IResult RunsCsv(string runId, JobManager jobs) => WithRunSet(jobs, runId, (record, set) =>
    {
        var csv = new StringBuilder("run,seed," + string.Join(',', KpiColumns.Select(c => $"{c.Name} [{c.Unit}]")) + "\n");
        foreach (var r in set.Runs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Run},{r.Seed},").AppendJoin(',', KpiColumns.Select(c => c.Value(r.Kpis).ToString("R", CultureInfo.InvariantCulture))).Append('\n');
        }

        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv", $"{record.Id}-runs.csv");
    });

    private static CossmicRunResult? RunOf(CossmicRunSet set, int? run) => set.Runs.FirstOrDefault(r => r.Run == (run ?? 0));

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private static IResult WithRunSet(JobManager jobs, string runId, Func<RunRecord, CossmicRunSet, IResult> answer)
    {
        if (RunsApi.Run(jobs, runId) is not { } run)
        {
            return Problems.NotFound($"no run '{runId}'");
        }

        if (jobs.Store.ReadAttachment(run.Id, CossmicJob.BundleAttachment) is not { } bundle)
        {
            return Problems.NotFound($"run '{run.Id}' is not a finished CoSSMic run set");
        }

        using var stream = new MemoryStream(bundle);
        return answer(run, CossmicBundle.Read(stream, CossmicJob.BundleAttachment));
    }
}
