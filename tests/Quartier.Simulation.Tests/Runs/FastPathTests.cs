using Quartier.Simulation.Runs;
using Quartier.Simulation.Scenarios;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

/// <summary>
/// The scale path against the plain one on whole runs: device fleets with and without their fast path, chunked and
/// parallel stepping against one core — every recorded value of every signal and every KPI bit-identical.
/// </summary>
public sealed class FastPathTests
{
    [Fact]
    public void FleetsChunksAndCoresDoNotChangeARuleRun()
    {
        // 300 homes: above the engine's threshold, so the device services are stepped chunk by chunk on two cores
        var system = SyntheticNeighbourhood.Create(300, 2, start: new DateTime(2025, 6, 20, 0, 0, 0, DateTimeKind.Utc));
        var options = new RunOptions { DurationSeconds = 2 * 86_400, Record = ["all"] };
        var (reference, referenceKpis) = Run(system, options with { FastPath = false, Threads = 1 });
        var (fast, fastKpis) = Run(system, options with { Threads = 2 });
        Assert.Equal(referenceKpis, fastKpis);
        Assert.Equal(reference, fast);
    }

    [Fact]
    public void FleetsDoNotChangeAPlanningRun()
    {
        // the cost-minimising EMS instructs the batteries, EVs and heat pumps every step: the fleets fall back and catch up
        var system = SyntheticNeighbourhood.Create(3, 1, start: new DateTime(2025, 4, 2, 0, 0, 0, DateTimeKind.Utc));
        var options = new RunOptions { DurationSeconds = 86_400 / 4, Record = ["all"], Ems = new EmsOptions { Strategy = EmsStrategy.Mpc, HorizonSteps = 8 } };
        var (reference, referenceKpis) = Run(system, options with { FastPath = false });
        var (fast, fastKpis) = Run(system, options);
        Assert.Equal(referenceKpis, fastKpis);
        Assert.Equal(reference, fast);
    }

    [Fact]
    public void ChunksAreWholeHomesInContiguousRanges()
    {
        var system = SyntheticNeighbourhood.Create(1000, 1);
        var simulation = SimulationRunner.Prepare(system, new RunOptions { DurationSeconds = 86_400 }).Simulation;
        var plan = Assert.Single(simulation.ChunkPlans);
        var names = Enumerable.Range(plan.First, plan.Services).Select(s => simulation.ServiceAt(s).Name).ToArray();
        Assert.Equal(["edemand", "pv", "battery", "ev", "heatpump", "ems"], names);

        // one home per asset of each service, 256 homes a chunk (the last one shorter): chunk c holds the same homes everywhere
        Assert.Equal(4, plan.Chunks);
        for (int s = 0; s < plan.Services; s++)
        {
            Assert.Equal(0, plan.From(0, s));
            Assert.Equal(simulation.AssetsAt(plan.First + s), plan.To(plan.Chunks - 1, s));
            for (int c = 0; c < plan.Chunks; c++)
            {
                Assert.Equal(c * 256, plan.From(c, s));
                Assert.Equal(Math.Min(1000, (c + 1) * 256), plan.To(c, s));
            }
        }
    }

    private static (long[] Bits, string[] Kpis) Run(Core.Model.EnergySystem system, RunOptions options)
    {
        var sink = new MemorySink();
        var result = SimulationRunner.Prepare(system, options).Execute(sink);
        Assert.NotEmpty(sink.Series);

        // everything but the planner's wall-clock timings
        var bits = sink.Series.Where(s => s.Output != EmsService.PlanSeconds).OrderBy(s => s.Id).SelectMany(s => sink.Values[s.Id]).Select(BitConverter.DoubleToInt64Bits);
        var kpis = result.Kpis.Where(k => !k.Name.StartsWith("ems_plan_seconds", StringComparison.Ordinal));
        return ([.. bits], [.. kpis.Select(k => $"{k.Scope}/{k.Name}={BitConverter.DoubleToInt64Bits(k.Value)}")]);
    }
}
