using Quartier.Core.Errors;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

public sealed class RecorderTests
{
    private static CoSimulation SmallTest(int steps) =>
        new SimulationBuilder(ReferenceData.SmallTest, new TimeGrid(EsdlBuilder.DefaultStart, 900, steps)).AddRange(BuiltInServices.Create()).Build();

    [Theory]
    [InlineData("all", "EConnection/net_power", true)]
    [InlineData("*", "Battery/fill_level", true)]
    [InlineData("EConnection/*", "EConnection/net_power", true)]
    [InlineData("econnection/NET_POWER", "EConnection/net_power", true)]
    [InlineData("EConnection/net_power", "EConnection/net_power_x", false)]
    [InlineData("*/loading", "Transformer/loading", true)]
    [InlineData("Battery/*", "EConnection/net_power", false)]
    [InlineData("Transformer/cable1.x", "Transformer/cable1ax", false)]
    [InlineData("EConnection/net_power", "EConnection/net_power\n", true)]
    [InlineData("Transformer/k1", "Transformer/\u212A1", true)]
    public void Patterns_match_signal_names(string pattern, string name, bool matches) =>
        Assert.Equal(matches, Recorder.Matches(pattern, name));

    [Fact]
    public void Blocks_cover_every_step_in_order_and_hold_the_engine_values()
    {
        const int steps = 250;
        var sink = new MemorySink();
        var recorder = new Recorder(sink, ["EConnection/net_power", "Transformer/loading"], blockSteps: 100);
        var history = new Sim();
        SmallTest(steps).Run([recorder, history]);

        Assert.Equal(["ConnectionHome1", "ConnectionHome2", "Transformer1"], sink.Series.Select(s => s.EsdlName));
        Assert.Equal(["net_power", "net_power", "loading"], sink.Series.Select(s => s.Output));
        Assert.Equal(["W", "W", "%"], sink.Series.Select(s => s.Unit));
        Assert.Equal([(1, 100), (101, 100), (201, 50)], sink.Blocks.Where(b => b.Series == 0).Select(b => (b.FirstStep, b.Length)));
        Assert.Equal(history.Series("EConnection/net_power", "ConnectionHome2"), sink.Of("ConnectionHome2", "net_power"));
        Assert.Equal(history.Series("Transformer/loading", "Transformer1"), sink.Of("Transformer1", "loading"));
    }

    [Fact]
    public void Default_patterns_record_what_exists_and_skip_the_rest()
    {
        var sink = new MemorySink();
        SmallTest(4).Run([new Recorder(sink)]);
        var names = sink.Series.Select(s => $"{s.EsdlType}/{s.Output}").Distinct().ToArray();
        Assert.Contains("EConnection/net_power", names);
        Assert.Contains("HybridHeatPump/house_temperature", names);
        Assert.DoesNotContain("Battery/fill_level", names);
    }

    [Fact]
    public void An_unknown_pattern_is_an_input_error_listing_the_signals()
    {
        var sim = SmallTest(2);
        var ex = Assert.Throws<InputException>(() => sim.Run([new Recorder(new MemorySink(), ["Nope/nothing"])]));
        Assert.Contains("Nope/nothing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EConnection/net_power", ex.Message, StringComparison.Ordinal);
    }
}
