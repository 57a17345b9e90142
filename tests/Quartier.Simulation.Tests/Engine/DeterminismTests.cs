using Quartier.Simulation.Runs;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>The same input gives the same numbers, bit for bit.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Two_runs_of_the_small_test_record_bit_identical_values()
    {
        var options = new RunOptions { Record = ["all"] };
        var first = new MemorySink();
        var second = new MemorySink();
        SimulationRunner.Prepare(ReferenceData.SmallTest, options).Execute(first);
        SimulationRunner.Prepare(ReferenceData.SmallTest, options).Execute(second);

        Assert.Equal(first.Series, second.Series);
        Assert.True(first.Series.Count > 50, $"only {first.Series.Count} series recorded");
        Assert.All(first.Values.Values, v => Assert.Equal(287, v.Count));
        Assert.Equal(first.Bits(), second.Bits());

        // and the run is not trivially constant
        Assert.True(first.Of("ConnectionHome1", "net_power").Distinct().Count() > 10);
    }

    [Fact]
    public void Stepping_on_several_cores_gives_the_same_bits_as_one()
    {
        var system = Scenarios.SyntheticNeighbourhood.Create(households: 300, days: 2);
        var single = new MemorySink();
        var parallel = new MemorySink();
        var one = SimulationRunner.Prepare(system, new RunOptions { DurationSeconds = 2 * 86_400, Record = ["all"], Threads = 1 }).Execute(single);
        var two = SimulationRunner.Prepare(system, new RunOptions { DurationSeconds = 2 * 86_400, Record = ["all"], Threads = 2 }).Execute(parallel);

        Assert.Equal(single.Bits(), parallel.Bits());
        Assert.Equal(one.Kpis, two.Kpis);
        Assert.True(single.Of("ConnectionHome300", "net_power").Distinct().Count() > 10);
    }
}
