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
}
