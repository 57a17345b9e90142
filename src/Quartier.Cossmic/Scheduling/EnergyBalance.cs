using System.Diagnostics;
using Quartier.Cossmic.Results;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// The 60 s energy balance of a finished run on the actual production: in each step the background loads take the
/// neighbourhood's PV first, the shiftable jobs share what is left in proportion to their load; what is not covered
/// comes from the grid. Per-job, per-house and neighbourhood figures and the KPIs.
/// </summary>
internal static class EnergyBalance
{
    public static CossmicRunResult Evaluate(RunState state, int run, Stopwatch clock)
    {
        var timeline = state.Timeline;
        var scenario = timeline.Scenario;
        var options = timeline.Options;
        var n = timeline.Steps;
        var background = new double[n];
        var shiftable = new double[n];
        var production = new double[n];
        var skipped = 0;
        for (var j = 0; j < timeline.JobCount; j++)
        {
            if (!Scheduled(state, j))
            {
                skipped++;
                continue;
            }

            state.AddLoad(j, state.Start[j], timeline.Background[j] ? background : shiftable, 0);
        }

        foreach (var actual in state.Actual)
        {
            for (var k = 0; k < n; k++)
            {
                production[k] += actual[k];
            }
        }

        // Coverage ratios per step, in place: background[k] → ratio for background loads, shiftable[k] → ratio for jobs.
        var pvTotal = 0.0;
        var consumption = new double[n];
        var lastLoad = -1;
        for (var k = 0; k < n; k++)
        {
            var b = background[k];
            var s = shiftable[k];
            var a = production[k];
            consumption[k] = b + s;
            if (b + s > 0)
            {
                lastLoad = k;
            }

            var coveredB = Math.Min(a, b);
            var coveredS = Math.Min(a - coveredB, s);
            pvTotal += coveredB + coveredS;
            background[k] = b > 0 ? coveredB / b : 0;
            shiftable[k] = s > 0 ? coveredS / s : 0;
        }

        var houses = scenario.HouseIds.Count;
        var houseDemand = new double[houses];
        var housePv = new double[houses];
        var houseJobs = new int[houses];
        var houseProduction = new double[houses];
        var jobs = new List<CossmicJobResult>(timeline.JobCount - skipped);
        double demand = 0, contracted = 0;
        var onGrid = 0;
        for (var j = 0; j < timeline.JobCount; j++)
        {
            if (!Scheduled(state, j))
            {
                continue;
            }

            var ratio = timeline.Background[j] ? background : shiftable;
            var count = timeline.Profiles[timeline.Profile[j]].FillSteps(state.Start[j], Timeline.Step, state.Scratch, out var first);
            double energy = 0, pv = 0;
            for (var i = 0; i < count; i++)
            {
                var k = first + i;
                energy += state.Scratch[i];
                pv += state.Scratch[i] * ratio[k];
            }

            var job = scenario.Jobs[j];
            var producer = state.Producer[j];
            var h = timeline.House[j];
            houseDemand[h] += energy;
            housePv[h] += pv;
            houseJobs[h]++;
            demand += energy;
            if (producer >= 0)
            {
                contracted += energy;
            }
            else
            {
                onGrid++;
            }

            jobs.Add(new CossmicJobResult(
                job.Key,
                job.Id,
                job.HouseId,
                job.DeviceId,
                job.Profile.Name,
                job.IsBackground,
                timeline.TimeZero + state.Reg[j],
                job.EarliestStartUnix,
                job.LatestStartUnix,
                timeline.TimeZero + state.Start[j],
                producer >= 0 ? scenario.Producers[producer].Id : "grid",
                energy,
                pv,
                energy - pv));
        }

        var productionTotal = 0.0;
        for (var p = 0; p < timeline.ProducerCount; p++)
        {
            var sum = 0.0;
            foreach (var e in state.Actual[p])
            {
                sum += e;
            }

            houseProduction[timeline.ProducerHouse[p]] += sum;
            productionTotal += sum;
        }

        var houseResults = new List<CossmicHouseResult>(houses);
        double shareSum = 0, shareSquares = 0;
        var withDemand = 0;
        for (var h = 0; h < houses; h++)
        {
            double? share = houseDemand[h] > 0 ? housePv[h] / houseDemand[h] : null;
            if (share is { } x)
            {
                shareSum += x;
                shareSquares += x * x;
                withDemand++;
            }

            houseResults.Add(new CossmicHouseResult(scenario.HouseIds[h], houseJobs[h], houseDemand[h], housePv[h], houseDemand[h] - housePv[h], houseProduction[h], share));
        }

        var fairness = withDemand == 0 || shareSquares <= 0 ? 1.0 : shareSum * shareSum / (withDemand * shareSquares);
        var bucket = options.PeakIntervalMinutes * 60 / Timeline.Step;
        var kpis = new CossmicKpis(
            demand > 0 ? pvTotal / demand : 0,
            demand > 0 ? contracted / demand : 0,
            demand,
            pvTotal,
            demand - pvTotal,
            productionTotal,
            productionTotal - pvTotal,
            PeakToAverage(consumption, Math.Max(timeline.HorizonSteps, lastLoad + 1), bucket),
            PeakToAverage(production, timeline.HorizonSteps, bucket),
            fairness,
            onGrid,
            jobs.Count,
            skipped);
        var c = state.Counters;
        var solver = new CossmicSolverStats(c.Replans, c.MilpSolves, c.ProvenOptimal, c.TimeLimited, c.GreedyFallbacks, c.CoarsenedGrids, c.LargestColumns, c.LargestNonZeros, c.SolverSeconds, c.MaxRelativeGap);
        return new CossmicRunResult(run, state.Seed, clock.Elapsed.TotalSeconds, kpis, solver, houseResults, jobs);
    }

    /// <summary>
    /// PySSMic's peak-to-average ratio: per-step energies summed into buckets of <paramref name="bucket"/> steps over the
    /// first <paramref name="steps"/> steps; max bucket / mean bucket (0 when there is no energy).
    /// </summary>
    internal static double PeakToAverage(double[] perStep, int steps, int bucket)
    {
        steps = Math.Min(steps, perStep.Length);
        if (steps <= 0)
        {
            return 0;
        }

        var buckets = (steps + bucket - 1) / bucket;
        double total = 0, peak = 0;
        for (var b = 0; b < buckets; b++)
        {
            var sum = 0.0;
            var end = Math.Min(steps, (b + 1) * bucket);
            for (var k = b * bucket; k < end; k++)
            {
                sum += perStep[k];
            }

            total += sum;
            peak = Math.Max(peak, sum);
        }

        return total > 0 ? peak / (total / buckets) : 0;
    }

    private static bool Scheduled(RunState state, int j) => state.Active[j] && state.Registered[j] && state.Start[j] >= 0;
}
