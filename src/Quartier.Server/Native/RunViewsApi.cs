using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartier.Application;
using Quartier.Cossmic.Results;
using Quartier.Server.Jobs;

namespace Quartier.Server.Native;

/// <summary>
/// What the dashboard's network and prediction views read from a run's attachments: its LV network
/// (<see cref="NetworkTopology"/>) with each cable's peak loading and each connection's lowest and highest voltage from
/// the run's KPIs; a CoSSMic run set's PV forecasts against the actual production (<see cref="CossmicPredictionSet"/>):
/// per hour the mean power of every prediction a producer issued, as the scheduler knew it, and of the production the
/// run balanced, for one producer or summed over the neighbourhood.
/// </summary>
public static class RunViewsApi
{
    public static IEndpointRouteBuilder MapRunViewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs/{runId}").WithTags("Runs").AddEndpointFilter(Security.RequireToken);
        api.MapGet("/network", Network)
            .WithSummary("The run's LV network: per feeder the transformer, buses, cables (with peak loading %, from the KPIs) and connections (with lowest/highest voltage V)");
        api.MapGet("/cossmic/predictions", Predictions)
            .WithSummary("PV forecasts against the actual production per hour (mean W): producer=ID for one producer, else the neighbourhood's sum (first and final prediction); run=N (0-based) picks the run's actual production");
        return app;
    }

    private static IResult Network(string runId, JobManager jobs)
    {
        if (RunsApi.Run(jobs, runId) is not { } run)
        {
            return Problems.NotFound($"no run '{runId}'");
        }

        if (jobs.Store.ReadAttachment(run.Id, NetworkTopology.Attachment) is not { } bytes || JsonNode.Parse(bytes) is not JsonObject topology)
        {
            return Problems.NotFound($"run '{run.Id}' kept no LV network (its scenario has none, it ran without power flow, or it is older than the network view)");
        }

        var kpis = jobs.Store.GetKpis(run.Id);
        Dictionary<string, double> ByScope(string name) => kpis
            .Where(k => k.Name == name && k.Scope is not null && double.IsFinite(k.Value))
            .GroupBy(k => k.Scope!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var peak = ByScope("grid_peak_cable_loading");
        var low = ByScope("grid_min_voltage");
        var high = ByScope("grid_max_voltage");
        foreach (var feeder in topology["feeders"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var cable in feeder["cables"]!.AsArray().OfType<JsonObject>())
            {
                cable["peak_loading"] = peak.TryGetValue((string)cable["name"]!, out var v) ? v : null;
            }

            foreach (var load in feeder["loads"]!.AsArray().OfType<JsonObject>())
            {
                var name = (string)load["name"]!;
                load["min_voltage"] = low.TryGetValue(name, out var lo) ? lo : null;
                load["max_voltage"] = high.TryGetValue(name, out var hi) ? hi : null;
            }
        }

        topology["run_id"] = run.Id;
        topology["loading_unit"] = "%";
        topology["voltage_unit"] = "V";
        return Results.Ok(topology);
    }

    private static IResult Predictions(string runId, JobManager jobs, string? producer, int? run)
    {
        if (RunsApi.Run(jobs, runId) is not { } record)
        {
            return Problems.NotFound($"no run '{runId}'");
        }

        if (jobs.Store.ReadAttachment(record.Id, CossmicPredictionSet.Attachment) is not { } bytes)
        {
            return Problems.NotFound($"run '{record.Id}' kept no PV predictions (it is not a CoSSMic run set, or older than the prediction view)");
        }

        var set = CossmicPredictionSet.Decode(bytes);
        if (run is { } r && (r < 0 || r >= set.Runs))
        {
            return Problems.BadRequest($"run {run} is not in 0 … {set.Runs - 1}", "run");
        }

        var kept = set.Producers.Count == 0 ? 1 : set.Producers[0].Actual.Count;
        if (kept > 1 && run >= kept)
        {
            return Problems.BadRequest($"the actual production of run {run} was not kept (a run set this large keeps it for runs 0 … {kept - 1})", "run");
        }

        double[] Actual(CossmicProducerForecast p) => p.Actual[Math.Min(run ?? 0, p.Actual.Count - 1)];
        var hours = set.Producers.Count == 0 ? 0 : set.Producers[0].Actual[0].Length;
        var time = Enumerable.Range(0, hours).Select(h => DateTime.UnixEpoch.AddSeconds(set.TimeZeroUnix + (h * (long)set.StepSeconds)));
        var producers = set.Producers.Select(p => new { id = p.Id, house_id = p.HouseId, device_id = p.DeviceId, predictions = p.Predictions.Count });
        IEnumerable<Line> lines;
        if (producer is null)
        {
            double[] Sum(Func<CossmicProducerForecast, double[]> pick)
            {
                var sum = new double[hours];
                foreach (var p in set.Producers)
                {
                    var values = pick(p);
                    for (int h = 0; h < hours; h++)
                    {
                        sum[h] += values[h];
                    }
                }

                return sum;
            }

            lines =
            [
                new("first prediction (all producers)", null, Sum(p => p.Predictions[0].MeanW)),
                new("final prediction (all producers)", null, Sum(p => p.Predictions[^1].MeanW)),
                new("actual production", null, Sum(Actual)),
            ];
        }
        else if (set.Producers.FirstOrDefault(p => p.Id == producer) is { } one)
        {
            lines = one.Predictions.Select((v, i) => new Line($"prediction {i + 1} ({v.File})", DateTime.UnixEpoch.AddSeconds(v.IssuedUnix), v.MeanW))
                .Append(new Line("actual production", null, Actual(one)));
        }
        else
        {
            return Problems.NotFound($"run '{record.Id}' has no producer '{producer}'");
        }

        return Results.Ok(new { run_id = record.Id, run = run ?? 0, unit = "W", producers, time, lines });
    }

    /// <summary>One line of the predictions chart: its label, when the prediction was issued, mean W per hour.</summary>
    private sealed record Line(string Label, DateTime? Issued, double[] Values);
}
