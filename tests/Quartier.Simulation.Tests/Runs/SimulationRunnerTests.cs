using Quartier.Simulation.Runs;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

public sealed class SimulationRunnerTests
{
    [Fact]
    public void The_small_test_runs_end_to_end_over_its_287_steps()
    {
        var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, new RunOptions());
        Assert.Equal(287, runner.Grid.Count);
        Assert.Equal(new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc), runner.Grid.Start);

        var sink = new MemorySink();
        var progress = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = runner.Execute(sink, new SyncProgress(progress.Add));
        double wall = clock.Elapsed.TotalSeconds;

        Assert.Equal(287, result.Steps);
        Assert.Equal(2, result.Connections);
        Assert.Equal(sink.Series, result.Series);
        Assert.NotEmpty(result.Series);
        Assert.All(sink.Values.Values, v => Assert.Equal(287, v.Count));
        Assert.All(result.Kpis.Where(k => k.Scope == "system"), k => Assert.True(double.IsFinite(k.Value), k.Name));
        Assert.Equal(1.0, progress[^1]);
        Assert.True(result.WallSeconds > 0 && result.WallSeconds <= wall, $"run {result.WallSeconds} s within a call of {wall} s");
    }

    [Fact]
    public void Arch72_runs_end_to_end_with_60_connections_and_finite_figures()
    {
        var runner = SimulationRunner.Prepare(ReferenceData.Arch72, new RunOptions());
        var result = runner.Execute(new MemorySink());

        Assert.Equal(287, result.Steps);
        Assert.Equal(60, result.Connections);
        Assert.All(result.Kpis.Where(k => k.Scope == "system"), k => Assert.True(double.IsFinite(k.Value), k.Name));

        // per connection every figure is a number, except ratios over no PV or no consumption
        foreach (var k in result.Kpis.Where(k => k.Scope != "system"))
        {
            bool ratio = k.Name is "self_consumption" or "self_sufficiency";
            Assert.True(double.IsFinite(k.Value) || (ratio && double.IsNaN(k.Value)), $"{k.Scope} {k.Name} = {k.Value}");
        }

        Assert.Equal(60, result.Kpis.Count(k => k.Name == "energy_imported" && k.Scope != "system"));

        // at the last step the transformer carries the net power of all 60 connections plus the network's losses
        var sim = runner.Simulation;
        var net = sim.RequireSignal("EConnection/net_power");
        Assert.Equal(60, net.Assets.Count);
        double sum = Enumerable.Range(0, 60).Sum(i => sim.Values[net.Base + i]);
        double losses = sim.Values[sim.RequireSignal("Transformer/losses").Base];
        Assert.True(losses > 0);
        Assert.Equal(sum + losses, sim.Values[sim.RequireSignal("Transformer/active_power").Base], 0.01);
        Assert.True(result.Kpis.Single(k => k.Name == "pv_production" && k.Scope == "system").Value > 0);
    }

    [Fact]
    public void A_run_can_be_cancelled()
    {
        var runner = SimulationRunner.Prepare(ReferenceData.SmallTest, new RunOptions());
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Execute(new MemorySink(), cancellation: cts.Token));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
