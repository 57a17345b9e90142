using Quartier.Cossmic.Import;
using Quartier.Cossmic.Results;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Runs;
using Quartier.Cossmic.Scheduling;

namespace Quartier.Cossmic.Tests;

/// <summary>
/// What city-scale scheduling relies on: per-step energies remembered by the start's phase are the ones computed
/// afresh; copies of a neighbourhood are scheduled as the neighbourhood is; the offline LP bound bounds every algorithm.
/// </summary>
public sealed class CityScaleTests
{
    /// <summary>Random starts (any second, negative too) of every reference profile: the cached fill equals a fresh one.</summary>
    [Fact]
    public void ProfileStepsRememberedByPhaseEqualFreshOnes()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test"));
        var random = new Random(20);
        var cachedBuffer = new double[4000];
        var freshBuffer = new double[4000];
        foreach (var profile in scenario.Jobs.Select(j => j.Profile).Distinct())
        {
            for (var i = 0; i < 300; i++)
            {
                var start = random.NextInt64(-7200, 3 * 86400);
                var cached = profile.FillSteps(start, 60, cachedBuffer, out var cachedFirst);
                var fresh = new LoadProfile(profile.Name, profile.Seconds, profile.CumulativeWh).FillSteps(start, 60, freshBuffer, out var freshFirst);
                Assert.Equal(freshFirst, cachedFirst);
                Assert.Equal(fresh, cached);
                for (var k = 0; k < fresh; k++)
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(freshBuffer[k]), BitConverter.DoubleToInt64Bits(cachedBuffer[k]));
                }
            }
        }
    }

    /// <summary>
    /// Ten copies of the reference neighbourhood, jobs and producers alike, under the naive rule (no plan to share out,
    /// no random draws): every copy of a job starts when the original does and is contracted to the first copy of the
    /// original's producer (equal curves tie; the lowest index wins), so the KPIs are the original's.
    /// </summary>
    [Fact]
    public void CopiesAreScheduledAndContractedAsTheOriginal()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test"));
        var options = new CossmicRunOptions { Algorithm = "naive" };
        var one = CossmicSimulator.Run(scenario, options).Runs[0];
        var ten = CossmicSimulator.Run(scenario.Replicate(10, 10), options).Runs[0];
        Assert.Equal(one.Kpis.PvShare, ten.Kpis.PvShare, 1e-12);
        Assert.Equal(one.Kpis.ContractPvShare, ten.Kpis.ContractPvShare, 1e-12);
        Assert.Equal(10 * one.Kpis.DemandWh, ten.Kpis.DemandWh, 1e-6);
        for (var i = 0; i < ten.Jobs.Count; i++)
        {
            var copy = ten.Jobs[i];
            var from = one.Jobs[i % one.Jobs.Count];
            Assert.Equal(from.StartUnix, copy.StartUnix);
            Assert.Equal(from.Producer == "grid", copy.Producer == "grid");
            if (from.Producer != "grid")
            {
                Assert.Equal(from.Producer, copy.Producer); // copy 0 of the producer keeps the original's id
            }
        }

        Assert.Contains(one.Jobs, j => j.Producer != "grid");
    }

    /// <summary>
    /// The refinement's second core changes nothing: with the helper thread on for every refinement (threshold 0) and
    /// off (threshold beyond any size), the exact algorithm gives every job the same start and the same producer, and
    /// bit-identical KPIs, on 1,100 jobs nominal and 264 jittered.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheSecondCoreGivesTheSamePlan(int runs)
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test")).Replicate(runs == 1 ? 50 : 12, 4);
        // jittered: a full re-plan every 15 min rather than 5 keeps the four runs short
        var options = new CossmicRunOptions { Algorithm = "exact", Runs = runs, MaxParallelism = 1, MilpSlotSeconds = runs == 1 ? 300 : 900 };
        var saved = ExactPlanner.ParallelFrom;
        CossmicRunSet two, one;
        try
        {
            // one run at a time (MaxParallelism 1), so the second core is the refinement's to use
            ExactPlanner.ParallelFrom = 0;
            two = CossmicSimulator.Run(scenario, options);
            ExactPlanner.ParallelFrom = int.MaxValue;
            one = CossmicSimulator.Run(scenario, options);
        }
        finally
        {
            ExactPlanner.ParallelFrom = saved;
        }

        Assert.Equal(one.Runs.Count, two.Runs.Count);
        for (var r = 0; r < one.Runs.Count; r++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.Runs[r].Kpis.PvShare), BitConverter.DoubleToInt64Bits(two.Runs[r].Kpis.PvShare));
            Assert.Equal(one.Runs[r].Jobs.Select(j => (j.StartUnix, j.Producer)), two.Runs[r].Jobs.Select(j => (j.StartUnix, j.Producer)));
        }
    }

    /// <summary>
    /// The offline LP bound is an upper bound of every algorithm's PV share on the reference sets (nominal runs), at most
    /// 1, and the exact algorithm comes within a few percent of it.
    /// </summary>
    [Theory]
    [InlineData("test")]
    [InlineData("small_test")]
    [InlineData("best_case")]
    public void TheLpBoundBoundsEveryAlgorithm(string set)
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder(set));
        var bound = CossmicLpBound.Compute(scenario, new CossmicRunOptions());
        Assert.InRange(bound.PvShare, 0, 1 + 1e-9);
        Assert.Equal(scenario.TotalDemandWh, bound.DemandWh, 1e-6);
        foreach (var algorithm in CossmicAlgorithms.Names)
        {
            var run = CossmicSimulator.Run(scenario, new CossmicRunOptions { Algorithm = algorithm }).Runs[0];
            Assert.True(run.Kpis.PvShare <= bound.PvShare + 1e-9, $"{set}/{algorithm}: PV share {run.Kpis.PvShare} above the bound {bound.PvShare}");
            if (algorithm == CossmicAlgorithms.Exact)
            {
                Assert.True(run.Kpis.PvShare >= bound.PvShare - 0.05, $"{set}: exact {run.Kpis.PvShare} far below the bound {bound.PvShare}");
            }
        }
    }

    /// <summary>Jobs that cannot move (window of one instant) leave nothing to optimise: the bound is the balance itself.</summary>
    [Fact]
    public void WithoutShiftableJobsTheBoundIsTheBalance()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test"));
        var fixedJobs = new CossmicScenario("fixed", scenario.Source, [.. scenario.Jobs.Select(j => j with { LatestStartUnix = Math.Max(j.EarliestStartUnix, j.RegisteredUnix) })], scenario.Producers, scenario.Warnings);
        var bound = CossmicLpBound.Compute(fixedJobs, new CossmicRunOptions());
        var run = CossmicSimulator.Run(fixedJobs, new CossmicRunOptions { Algorithm = "naive" }).Runs[0];
        Assert.Equal(0, bound.Columns);
        Assert.Equal(run.Kpis.PvWh, bound.PvWh, 1e-6);
    }

    /// <summary>
    /// Above <see cref="RunState.IncrementalJobs"/> registered jobs the planned loads are kept up to date as starts
    /// change rather than summed again: after random starts, commitments and moves they equal the sum over all jobs.
    /// </summary>
    [Fact]
    public void KeptLoadsEqualTheSumOverAllJobs()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test")).Replicate(200, 1);
        var timeline = new Timeline(scenario, new CossmicRunOptions().Resolve());
        var state = new RunState(timeline, 1);
        var random = new Random(5);
        for (var round = 0; round < 3; round++)
        {
            foreach (var j in Enumerable.Range(0, timeline.JobCount).Where(j => state.Active[j]))
            {
                if (!state.Registered[j])
                {
                    state.Register(j);
                    state.Open.Add(j);
                }

                if (!state.Committed[j])
                {
                    state.Start[j] = state.A[j] + random.NextInt64(0, state.B[j] - state.A[j] + 1);
                    state.Committed[j] = random.Next(4) == 0;
                }
            }

            Assert.True(state.Open.Count > RunState.IncrementalJobs);
            var background = new double[timeline.Steps];
            var shiftable = new double[timeline.Steps];
            var committed = new double[timeline.Steps];
            state.PlannedLoads(0, background, shiftable, committedOnly: false);
            state.PlannedLoads(0, new double[timeline.Steps], committed, committedOnly: true);
            var (b, sh, c) = (new double[timeline.Steps], new double[timeline.Steps], new double[timeline.Steps]);
            foreach (var j in state.Open)
            {
                state.AddLoad(j, state.Start[j], timeline.Background[j] ? b : sh, 0);
                if (!timeline.Background[j] && state.Committed[j])
                {
                    state.AddLoad(j, state.Start[j], c, 0);
                }
            }

            for (var k = 0; k < timeline.Steps; k++)
            {
                Assert.Equal(b[k], background[k], 1e-6);
                Assert.Equal(sh[k], shiftable[k], 1e-6);
                Assert.Equal(c[k], committed[k], 1e-6);
            }
        }
    }

    /// <summary>
    /// With arrival jitter every job registers at its own second; above <see cref="ExactScheduler.SmallFree"/> open jobs
    /// the exact algorithm inserts single arrivals into its plan between full re-plans. The rules still hold (the run
    /// engine checks them on every event), every job runs, and PV share stays far above the naive rule's.
    /// </summary>
    [Fact]
    public void JitteredCityRunsInsertArrivalsAndKeepTheRules()
    {
        var scenario = CossmicImport.ReadFolder(ReferenceImportTests.Folder("test")).Replicate(50, 10);
        var options = new CossmicRunOptions { Seed = 11, ArrivalJitterSeconds = CossmicRunOptions.DefaultArrivalJitterSeconds, PredictionError = CossmicRunOptions.DefaultPredictionError };
        var exact = CossmicSimulator.Run(scenario, options);
        var naive = CossmicSimulator.Run(scenario, options with { Algorithm = "naive" });
        for (var r = 0; r < exact.Runs.Count; r++)
        {
            var run = exact.Runs[r];
            Assert.Equal(scenario.Jobs.Count, run.Jobs.Count + run.Kpis.SkippedJobs);
            Assert.All(run.Jobs, j => Assert.InRange(j.StartUnix, Math.Max(j.EarliestStartUnix, j.RegisteredUnix), Math.Max(j.LatestStartUnix, j.RegisteredUnix)));
            Assert.True(run.Kpis.PvShare > naive.Runs[r].Kpis.PvShare + 0.2, $"run {r}: exact {run.Kpis.PvShare}, naive {naive.Runs[r].Kpis.PvShare}");
            Assert.True(run.Solver.Replans < 1000, $"{run.Solver.Replans} full re-plans for {scenario.Jobs.Count} jittered arrivals");
        }
    }
}
