using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Cossmic.Import;

namespace Quartier.Cossmic.Results;

/// <summary>
/// The invariants of a run set read from a bundle, beyond its types: every ratio in [0, 1], energies finite and not
/// negative, job windows ordered and starts inside them, counts consistent, each run's KPIs, houses and jobs
/// consistent with each other where one is derived from the others, and the statistics equal to those recomputed from
/// the runs. A violation is an <see cref="InputException"/> naming the bundle and the JSON path of the field.
/// </summary>
public static class CossmicBundleCheck
{
    /// <summary>A ratio (PV share, fairness, self-sufficiency).</summary>
    public static readonly PhysicalRange Ratio = new(0, 1, string.Empty);

    /// <summary>An energy in a bundle: not negative, at most 10 GWh.</summary>
    public static readonly PhysicalRange Energy = new(0, 1e10, "Wh");

    /// <summary>A peak-to-average ratio: 0 without energy, else at least 1 (at most the number of buckets in a year).</summary>
    public static readonly PhysicalRange PeakToAverage = new(0, 366 * 1440, string.Empty);

    /// <summary>A count (jobs, houses, solves).</summary>
    public static readonly PhysicalRange Count = new(0, 1e9, string.Empty);

    /// <summary>A duration in seconds (wall and solver time).</summary>
    public static readonly PhysicalRange Seconds = new(0, 1e7, "s");

    /// <summary>Relative tolerance of derived figures (they are written in round-trip form, so only summation order differs).</summary>
    private const double Tolerance = 1e-6;

    /// <summary>Checks <paramref name="set"/>; <paramref name="file"/> names the bundle in errors.</summary>
    public static void Validate(CossmicRunSet set, string file)
    {
        ArgumentNullException.ThrowIfNull(set);
        var check = new Checker(file);
        var input = set.Input;
        check.Range(input.Jobs, Count, "$.runSet.input.jobs");
        check.Range(input.BackgroundJobs, new PhysicalRange(0, input.Jobs, string.Empty), "$.runSet.input.backgroundJobs");
        check.Range(input.Producers, Count, "$.runSet.input.producers");
        check.Range(input.Houses, Count, "$.runSet.input.houses");
        check.Range(input.PredictionUpdates, Count, "$.runSet.input.predictionUpdates");
        check.Range(input.DemandWh, Energy, "$.runSet.input.demandWh");
        check.Range(input.PredictedProductionWh, Energy, "$.runSet.input.predictedProductionWh");
        check.Range(input.TimeZeroUnix, CossmicRanges.UnixTime, "$.runSet.input.timeZeroUnix");

        var options = set.Options;
        try
        {
            var resolved = options.Resolve();
            check.That(resolved.Algorithm == options.Algorithm, "$.runSet.options.algorithm", $"algorithm '{options.Algorithm}' is not written in its canonical form '{resolved.Algorithm}'");
        }
        catch (InputException e)
        {
            throw new InputException(e.Message, file, elementId: e.ElementId is { } o ? $"option {o}" : null, inner: e, field: "$.runSet.options");
        }

        check.That(set.Runs.Count == options.Runs, "$.runSet.runs", $"holds {set.Runs.Count} runs but the options say {options.Runs}");
        for (var r = 0; r < set.Runs.Count; r++)
        {
            check.That(set.Runs[r] is not null, $"$.runSet.runs[{r}]", "a run is null");
            CheckRun(check, set, r);
        }

        check.That(set.Statistics.Houses.All(h => h is not null), "$.runSet.statistics.houses", "a house is null");

        CheckStatistics(check, set.Statistics, CossmicStatistics.Of(set.Runs));
    }

    private static void CheckRun(Checker check, CossmicRunSet set, int r)
    {
        var run = set.Runs[r];
        var at = $"$.runSet.runs[{r}]";
        check.That(run.Jobs.All(j => j is not null), $"{at}.jobs", "a job is null");
        check.That(run.Houses.All(h => h is not null), $"{at}.houses", "a house is null");
        check.That(run.Houses.Count == set.Input.Houses, $"{at}.houses", $"lists {run.Houses.Count} houses but the input has {set.Input.Houses}");
        check.That(run.Houses.Select(h => h.HouseId).SequenceEqual(set.Runs[0].Houses.Select(h => h.HouseId), StringComparer.Ordinal), $"{at}.houses", "the houses differ from the first run's (every run lists the neighbourhood's houses in the same order)");
        check.That(run.Run == r, $"{at}.run", $"run index {run.Run} should be {r}");
        check.That(run.Seed == unchecked(set.Options.Seed + r), $"{at}.seed", $"seed {run.Seed} should be the base seed plus the run index, {unchecked(set.Options.Seed + r)}");
        check.Range(run.WallSeconds, Seconds, $"{at}.wallSeconds");
        CheckSolver(check, run.Solver, $"{at}.solver");

        var k = run.Kpis;
        var kp = $"{at}.kpis";
        check.Range(k.PvShare, Ratio, $"{kp}.pvShare");
        check.Range(k.ContractPvShare, Ratio, $"{kp}.contractPvShare");
        check.Range(k.Fairness, Ratio, $"{kp}.fairness");
        check.Range(k.DemandWh, Energy, $"{kp}.demandWh");
        check.Range(k.PvWh, Energy, $"{kp}.pvWh");
        check.Range(k.GridWh, Energy, $"{kp}.gridWh");
        check.Range(k.ProductionWh, Energy, $"{kp}.productionWh");
        check.Range(k.SurplusWh, Energy, $"{kp}.surplusWh");
        check.Range(k.PeakToAverageConsumption, PeakToAverage, $"{kp}.peakToAverageConsumption");
        check.Range(k.PeakToAverageProduction, PeakToAverage, $"{kp}.peakToAverageProduction");
        check.That(k.PeakToAverageConsumption == 0 || k.PeakToAverageConsumption >= 1 - Tolerance, $"{kp}.peakToAverageConsumption", "a peak-to-average ratio is 0 or at least 1");
        check.That(k.PeakToAverageProduction == 0 || k.PeakToAverageProduction >= 1 - Tolerance, $"{kp}.peakToAverageProduction", "a peak-to-average ratio is 0 or at least 1");
        check.Range(k.JobsOnGrid, Count, $"{kp}.jobsOnGrid");
        check.Range(k.ScheduledJobs, Count, $"{kp}.scheduledJobs");
        check.Range(k.SkippedJobs, Count, $"{kp}.skippedJobs");
        check.That(k.ScheduledJobs + k.SkippedJobs == set.Input.Jobs, $"{kp}.scheduledJobs", $"{k.ScheduledJobs} scheduled + {k.SkippedJobs} skipped jobs should be the input's {set.Input.Jobs}");
        check.That(k.ScheduledJobs == run.Jobs.Count, $"{kp}.scheduledJobs", $"{k.ScheduledJobs} scheduled jobs, but the run lists {run.Jobs.Count}");
        check.That(k.PvWh <= k.DemandWh * (1 + Tolerance) + Tolerance, $"{kp}.pvWh", $"PV energy used {Num(k.PvWh)} Wh exceeds the demand {Num(k.DemandWh)} Wh");
        check.That(k.PvWh <= k.ProductionWh * (1 + Tolerance) + Tolerance, $"{kp}.pvWh", $"PV energy used {Num(k.PvWh)} Wh exceeds the production {Num(k.ProductionWh)} Wh");
        check.That(k.DemandWh <= set.Input.DemandWh * (1 + Tolerance) + Tolerance, $"{kp}.demandWh", $"demand {Num(k.DemandWh)} Wh exceeds the input's demand {Num(set.Input.DemandWh)} Wh");
        check.Equal(k.GridWh, k.DemandWh - k.PvWh, $"{kp}.gridWh", "demand minus PV energy used");
        check.Equal(k.SurplusWh, k.ProductionWh - k.PvWh, $"{kp}.surplusWh", "production minus PV energy used");
        check.Equal(k.PvShare, k.DemandWh > 0 ? k.PvWh / k.DemandWh : 0, $"{kp}.pvShare", "PV energy used / demand");

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var houses = run.Houses.Select(h => h.HouseId).ToHashSet(StringComparer.Ordinal);
        double demand = 0, pv = 0, contracted = 0;
        var onGrid = 0;
        for (var j = 0; j < run.Jobs.Count; j++)
        {
            var job = run.Jobs[j];
            var jp = $"{at}.jobs[{j}]";
            check.That(keys.Add(job.Key), $"{jp}.key", $"job key '{job.Key}' appears twice");
            check.That(houses.Contains(job.HouseId), $"{jp}.houseId", $"house '{job.HouseId}' is not among the run's houses");
            check.Range(job.EnergyWh, Energy, $"{jp}.energyWh");
            check.Range(job.PvWh, new PhysicalRange(0, job.EnergyWh * (1 + Tolerance), "Wh"), $"{jp}.pvWh");
            check.Equal(job.GridWh, job.EnergyWh - job.PvWh, $"{jp}.gridWh", "energy minus PV energy");
            foreach (var (value, name) in new[] { (job.RegisteredUnix, "registeredUnix"), (job.EarliestStartUnix, "earliestStartUnix"), (job.LatestStartUnix, "latestStartUnix"), (job.StartUnix, "startUnix") })
            {
                check.Range(value, CossmicRanges.UnixTime, $"{jp}.{name}");
            }

            check.That(job.EarliestStartUnix <= job.LatestStartUnix, $"{jp}.latestStartUnix", $"job '{job.Key}': latest start {job.LatestStartUnix} is before the earliest start {job.EarliestStartUnix}");
            check.That(job.StartUnix >= Math.Max(job.EarliestStartUnix, job.RegisteredUnix) && job.StartUnix <= job.LatestStartUnix, $"{jp}.startUnix", $"job '{job.Key}' starts at {job.StartUnix}, outside its window [{Math.Max(job.EarliestStartUnix, job.RegisteredUnix)}, {job.LatestStartUnix}]");
            demand += job.EnergyWh;
            pv += job.PvWh;
            if (job.Producer == "grid")
            {
                onGrid++;
            }
            else
            {
                contracted += job.EnergyWh;
            }
        }

        check.Equal(k.DemandWh, demand, $"{kp}.demandWh", "the sum of the jobs' energies");
        check.Equal(k.PvWh, pv, $"{kp}.pvWh", "the sum of the jobs' PV energies");
        check.That(k.JobsOnGrid == onGrid, $"{kp}.jobsOnGrid", $"{k.JobsOnGrid} jobs on grid, but {onGrid} jobs list the producer 'grid'");
        check.Equal(k.ContractPvShare, demand > 0 ? contracted / demand : 0, $"{kp}.contractPvShare", "the energy of the jobs contracted to a producer / demand");
        CheckHouses(check, run, at);
    }

    private static void CheckHouses(Checker check, CossmicRunResult run, string at)
    {
        check.That(run.Houses.Select(h => h.HouseId).Distinct(StringComparer.Ordinal).Count() == run.Houses.Count, $"{at}.houses", "a house appears twice");
        double production = 0, shareSum = 0, shareSquares = 0;
        var withDemand = 0;
        for (var h = 0; h < run.Houses.Count; h++)
        {
            var house = run.Houses[h];
            var hp = $"{at}.houses[{h}]";
            var jobs = run.Jobs.Where(j => j.HouseId == house.HouseId).ToList();
            check.That(house.Jobs == jobs.Count, $"{hp}.jobs", $"house '{house.HouseId}' counts {house.Jobs} jobs, but the run lists {jobs.Count}");
            check.Range(house.DemandWh, Energy, $"{hp}.demandWh");
            check.Range(house.PvWh, Energy, $"{hp}.pvWh");
            check.Range(house.GridWh, Energy, $"{hp}.gridWh");
            check.Range(house.ProductionWh, Energy, $"{hp}.productionWh");
            check.Equal(house.DemandWh, jobs.Sum(j => j.EnergyWh), $"{hp}.demandWh", "the sum of the house's job energies");
            check.Equal(house.PvWh, jobs.Sum(j => j.PvWh), $"{hp}.pvWh", "the sum of the house's job PV energies");
            check.Equal(house.GridWh, house.DemandWh - house.PvWh, $"{hp}.gridWh", "demand minus PV energy used");
            if (house.DemandWh > 0)
            {
                var share = check.Range(house.SelfSufficiency ?? double.NaN, Ratio, $"{hp}.selfSufficiency");
                check.Equal(share, house.PvWh / house.DemandWh, $"{hp}.selfSufficiency", "PV energy used / demand");
                shareSum += share;
                shareSquares += share * share;
                withDemand++;
            }
            else
            {
                check.That(house.SelfSufficiency is null, $"{hp}.selfSufficiency", "a house without demand has no self-sufficiency (null)");
            }

            production += house.ProductionWh;
        }

        check.Equal(run.Kpis.ProductionWh, production, $"{at}.kpis.productionWh", "the sum of the houses' production");
        var fairness = withDemand == 0 || shareSquares <= 0 ? 1.0 : shareSum * shareSum / (withDemand * shareSquares);
        check.Equal(run.Kpis.Fairness, fairness, $"{at}.kpis.fairness", "Jain's index of the houses' self-sufficiency");
    }

    private static void CheckSolver(Checker check, CossmicSolverStats s, string at)
    {
        foreach (var (value, name) in new[] { (s.Replans, "replans"), (s.MilpSolves, "milpSolves"), (s.ProvenOptimal, "provenOptimal"), (s.TimeLimited, "timeLimited"), (s.GreedyFallbacks, "greedyFallbacks"), (s.CoarsenedGrids, "coarsenedGrids"), (s.LargestColumns, "largestColumns") })
        {
            check.Range(value, Count, $"{at}.{name}");
        }

        check.Range(s.LargestNonZeros, new PhysicalRange(0, 1e12, string.Empty), $"{at}.largestNonZeros");
        check.Range(s.SolverSeconds, Seconds, $"{at}.solverSeconds");
        check.Range(s.MaxRelativeGap, new PhysicalRange(0, 1e9, string.Empty), $"{at}.maxRelativeGap");
        check.That(s.ProvenOptimal + s.TimeLimited <= s.MilpSolves, $"{at}.provenOptimal", $"{s.ProvenOptimal} proven optimal + {s.TimeLimited} time-limited solves exceed the {s.MilpSolves} MILP solves");
    }

    private static void CheckStatistics(Checker check, CossmicStatistics stored, CossmicStatistics recomputed)
    {
        const string At = "$.runSet.statistics";
        check.Same(stored.PvShare, recomputed.PvShare, $"{At}.pvShare");
        check.Same(stored.ContractPvShare, recomputed.ContractPvShare, $"{At}.contractPvShare");
        check.Same(stored.DemandWh, recomputed.DemandWh, $"{At}.demandWh");
        check.Same(stored.PvWh, recomputed.PvWh, $"{At}.pvWh");
        check.Same(stored.GridWh, recomputed.GridWh, $"{At}.gridWh");
        check.Same(stored.ProductionWh, recomputed.ProductionWh, $"{At}.productionWh");
        check.Same(stored.PeakToAverageConsumption, recomputed.PeakToAverageConsumption, $"{At}.peakToAverageConsumption");
        check.Same(stored.PeakToAverageProduction, recomputed.PeakToAverageProduction, $"{At}.peakToAverageProduction");
        check.Same(stored.Fairness, recomputed.Fairness, $"{At}.fairness");
        check.Same(stored.JobsOnGrid, recomputed.JobsOnGrid, $"{At}.jobsOnGrid");
        check.Same(stored.WallSeconds, recomputed.WallSeconds, $"{At}.wallSeconds");
        check.That(stored.Houses.Count == recomputed.Houses.Count, $"{At}.houses", $"holds {stored.Houses.Count} houses, the runs {recomputed.Houses.Count}");
        for (var h = 0; h < stored.Houses.Count; h++)
        {
            var (s, r) = (stored.Houses[h], recomputed.Houses[h]);
            var hp = $"{At}.houses[{h}]";
            check.That(s.HouseId == r.HouseId, $"{hp}.houseId", $"house '{s.HouseId}' should be '{r.HouseId}' (the runs' order)");
            check.Same(s.SelfSufficiency, r.SelfSufficiency, $"{hp}.selfSufficiency");
            check.Same(s.DemandWh, r.DemandWh, $"{hp}.demandWh");
            check.Same(s.PvWh, r.PvWh, $"{hp}.pvWh");
            check.Same(s.GridWh, r.GridWh, $"{hp}.gridWh");
        }
    }

    private static string Num(double v) => PhysicalRange.Number(v);

    /// <summary>Throws the located refusal for the first violated invariant.</summary>
    private sealed class Checker(string file)
    {
        public double Range(double value, PhysicalRange range, string field) => range.Check(value, field, file);

        public void That(bool ok, string field, string message)
        {
            if (!ok)
            {
                throw new InputException(message, file, field: field);
            }
        }

        public void Equal(double stored, double derived, string field, string what)
        {
            if (!Close(stored, derived))
            {
                throw new InputException($"{Num(stored)} disagrees with {what}, {Num(derived)}", file, field: field);
            }
        }

        public void Same(RunStatistic? stored, RunStatistic? recomputed, string field)
        {
            if (stored is null || recomputed is null)
            {
                That(stored is null && recomputed is null, field, stored is null ? "is missing although the runs have values" : "is given although no run has a value");
                return;
            }

            That(stored.Count == recomputed.Count, $"{field}.count", $"count {stored.Count} disagrees with the {recomputed.Count} runs");
            foreach (var (s, r, name) in new[] { (stored.Mean, recomputed.Mean, "mean"), (stored.StdDev, recomputed.StdDev, "stdDev"), (stored.Min, recomputed.Min, "min"), (stored.Max, recomputed.Max, "max") })
            {
                if (!Close(s, r))
                {
                    throw new InputException($"{Num(s)} disagrees with the {name} recomputed from the runs, {Num(r)}", file, field: $"{field}.{name}");
                }
            }
        }

        private static bool Close(double a, double b) =>
            double.IsFinite(a) && double.IsFinite(b) && Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
    }
}
