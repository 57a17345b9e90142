using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>Same-time visibility, ordering by data flow, declared delays and cycles.</summary>
public sealed class DataFlowTests
{
    private static readonly TimeGrid Grid = new(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), 30, 4);

    private static ProbeService Upstream() => new("up", AssetKind.EnvironmentalProfiles);

    private static ProbeService Downstream(bool delayed = false) =>
        new("down", AssetKind.PVInstallation, inputs: [new InputDeclaration("x", AssetKind.EnvironmentalProfiles, "value", Routing.Global, Delayed: delayed)]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_value_published_at_t_is_seen_downstream_at_the_same_t_whatever_the_add_order(bool upstreamFirst)
    {
        var up = Upstream();
        var down = Downstream();
        var builder = new SimulationBuilder(TimeSemanticsTests.System(), Grid);
        if (upstreamFirst)
        {
            builder.Add(up).Add(down);
        }
        else
        {
            builder.Add(down).Add(up);
        }

        var sim = builder.Build();
        sim.Run([]);

        Assert.Equal(["up", "down"], sim.Services.Select(s => s.Name));
        Assert.Equal([10.0, 20.0, 30.0, 40.0], down.Seen.Select(s => s["x"]));
        Assert.Empty(sim.Notes);
    }

    [Fact]
    public void A_declared_delayed_input_sees_the_previous_steps_value()
    {
        var up = Upstream();
        var down = Downstream(delayed: true);
        var sim = new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(down).Add(up).Build();
        sim.Run([]);

        Assert.Equal([0.0, 10.0, 20.0, 30.0], down.Seen.Select(s => s["x"]));
        Assert.Empty(sim.Notes);
    }

    [Fact]
    public void A_delayed_input_sees_the_value_of_the_last_run_of_a_slower_producer()
    {
        // producer every 60 s publishes 10·k at k = 2, 4; the consumer runs every 30 s
        var up = new ProbeService("up", AssetKind.EnvironmentalProfiles, period: 60);
        var down = Downstream(delayed: true);
        new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(up).Add(down).Build().Run([]);
        Assert.Equal([0.0, 0.0, 20.0, 20.0], down.Seen.Select(s => s["x"]));
    }

    [Fact]
    public void An_undeclared_cycle_is_broken_with_a_one_step_delay_and_reported()
    {
        // A (EConnection) reads B; B (ElectricityDemand) reads A; both in building H1 (Auto routing)
        var a = new ProbeService("A", AssetKind.EConnection, outputs: ["a"], inputs: [new InputDeclaration("fromB", AssetKind.ElectricityDemand, "b")]);
        var b = new ProbeService("B", AssetKind.ElectricityDemand, outputs: ["b"], inputs: [new InputDeclaration("fromA", AssetKind.EConnection, "a")]);
        a.OnStep = (p, s) => p.Set("a", 100 + s.Index);
        b.OnStep = (p, s) => p.Set("b", 200 + s.Index);
        var sim = new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(a).Add(b).Build();
        sim.Run([]);

        var note = Assert.Single(sim.Notes);
        Assert.Contains("cycle", note, StringComparison.Ordinal);
        Assert.Contains("A", note, StringComparison.Ordinal);
        Assert.Contains("fromB", note, StringComparison.Ordinal);

        // A was added first, so A breaks the cycle: it runs first and reads B one step late; B then sees A at the same t
        Assert.Equal(["A", "B"], sim.Services.Select(s => s.Name));
        Assert.Equal([0.0, 201, 202, 203], a.Seen.Select(s => s["fromB"]));
        Assert.Equal([101.0, 102, 103, 104], b.Seen.Select(s => s["fromA"]));
    }

    [Fact]
    public void A_service_downstream_of_a_cycle_still_sees_same_time_values()
    {
        // C (PV) reads B; A ↔ B is a cycle. C is added first and must not be the one that gets the delay.
        var c = new ProbeService("C", AssetKind.PVInstallation, outputs: ["c"], inputs: [new InputDeclaration("fromB", AssetKind.ElectricityDemand, "b")]);
        var a = new ProbeService("A", AssetKind.EConnection, outputs: ["a"], inputs: [new InputDeclaration("fromB", AssetKind.ElectricityDemand, "b")]);
        var b = new ProbeService("B", AssetKind.ElectricityDemand, outputs: ["b"], inputs: [new InputDeclaration("fromA", AssetKind.EConnection, "a")]);
        b.OnStep = (p, s) => p.Set("b", 200 + s.Index);
        var sim = new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(c).Add(a).Add(b).Build();
        sim.Run([]);

        var note = Assert.Single(sim.Notes);
        Assert.DoesNotContain("C reads", note, StringComparison.Ordinal);
        Assert.Equal([201.0, 202, 203, 204], c.Seen.Select(s => s["fromB"]));
        Assert.Equal(["A", "B", "C"], sim.Services.Select(s => s.Name));
    }

    [Fact]
    public void A_service_reading_its_own_output_sees_the_previous_step()
    {
        var self = new ProbeService("self", AssetKind.EnvironmentalProfiles, inputs: [new InputDeclaration("me", AssetKind.EnvironmentalProfiles, "value", Routing.Global)]);
        var sim = new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(self).Build();
        sim.Run([]);
        Assert.Equal([0.0, 10, 20, 30], self.Seen.Select(s => s["me"]));
        Assert.Empty(sim.Notes);
    }

    [Fact]
    public void Signals_are_named_type_slash_output_and_laid_out_per_asset()
    {
        var up = Upstream();
        var sim = new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(up).Build();
        var signal = sim.RequireSignal("EnvironmentalProfiles/value");
        Assert.Equal("weather", Assert.Single(signal.Assets).Name);
        Assert.Null(sim.FindSignal("EnvironmentalProfiles/nope"));
        Assert.Throws<InvalidOperationException>(() => sim.RequireSignal("nope"));
    }

    [Fact]
    public void Adding_a_service_twice_is_an_error()
    {
        var up = Upstream();
        var builder = new SimulationBuilder(TimeSemanticsTests.System(), Grid).Add(up);
        Assert.Throws<InvalidOperationException>(() => builder.Add(up));
    }
}
