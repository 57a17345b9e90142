using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Engine;

/// <summary>DOTS's time rules: when a service with a period and offset runs, and with what step context.</summary>
public sealed class TimeSemanticsTests
{
    private static readonly DateTime Start = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>120 s of 30 s steps.</summary>
    private static readonly TimeGrid Grid = new(Start, 30, 4);

    internal static EnergySystem System() =>
        new EsdlBuilder(Start, 30)
            .Weather([0, 0, 0, 0, 0, 0], [283.15, 283.15, 283.15, 283.15, 283.15, 283.15])
            .Building("H1").Connection().Demand("D1", [100, 100, 100, 100, 100, 100]).Pv("PV1", [1])
            .Build();

    [Fact]
    public void Period_30s_without_inputs_runs_at_steps_1_to_4_and_never_at_t0()
    {
        var probe = new ProbeService("p", AssetKind.EnvironmentalProfiles, period: 30);
        var sim = new SimulationBuilder(System(), Grid).Add(probe).Build();
        sim.Run([]);

        Assert.Equal([1, 2, 3, 4], probe.Calls.Select(c => c.Index));
        Assert.Equal([30L, 60L, 90L, 120L], probe.Calls.Select(c => c.Seconds));
        Assert.Equal([Start.AddSeconds(30), Start.AddSeconds(60), Start.AddSeconds(90), Start.AddSeconds(120)], probe.Calls.Select(c => c.Time));
        Assert.All(probe.Calls, c => Assert.Equal(30, c.ElapsedSeconds));
        Assert.DoesNotContain(probe.Calls, c => c.Seconds == 0);
    }

    [Fact]
    public void Offset_30s_period_60s_runs_at_00_00_30_and_00_01_30()
    {
        var probe = new ProbeService("p", AssetKind.EnvironmentalProfiles, period: 60, offset: 30);
        var sim = new SimulationBuilder(System(), Grid).Add(probe).Build();
        sim.Run([]);

        Assert.Equal([Start.AddSeconds(30), Start.AddSeconds(90)], probe.Calls.Select(c => c.Time));
        Assert.Equal([1, 3], probe.Calls.Select(c => c.Index));
        Assert.Equal([30, 60], probe.Calls.Select(c => c.ElapsedSeconds));
    }

    [Fact]
    public void Period_zero_means_every_engine_step()
    {
        var probe = new ProbeService("p", AssetKind.EnvironmentalProfiles);
        new SimulationBuilder(System(), Grid).Add(probe).Build().Run([]);
        Assert.Equal(4, probe.Calls.Count);
    }

    [Theory]
    [InlineData(0, 30, 0, false)]
    [InlineData(30, 30, 0, true)]
    [InlineData(45, 30, 0, false)]
    [InlineData(120, 30, 0, true)]
    [InlineData(0, 60, 30, false)]
    [InlineData(30, 60, 30, true)]
    [InlineData(60, 60, 30, false)]
    [InlineData(90, 60, 30, true)]
    [InlineData(15, 60, 30, false)]
    [InlineData(900, 900, 0, true)]
    [InlineData(1800, 900, 0, true)]
    [InlineData(2700, 1800, 0, false)]
    public void IsDue_follows_the_DOTS_rule(long seconds, int period, int offset, bool due) =>
        Assert.Equal(due, CoSimulation.IsDue(seconds, period, offset));

    [Theory]
    [InlineData(45, 0)]
    [InlineData(60, 15)]
    [InlineData(20, 0)]
    public void Period_or_offset_not_a_multiple_of_the_step_is_rejected(int period, int offset)
    {
        var probe = new ProbeService("odd", AssetKind.EnvironmentalProfiles, period: period, offset: offset);
        var ex = Assert.Throws<InputException>(() => new SimulationBuilder(System(), Grid).Add(probe).Build());
        Assert.Contains("odd", ex.Message, StringComparison.Ordinal);
        Assert.Contains("multiple", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timings_name_every_service_and_the_observers()
    {
        var a = new ProbeService("a", AssetKind.EnvironmentalProfiles);
        var b = new ProbeService("b", AssetKind.PVInstallation, period: 60);
        var sim = new SimulationBuilder(System(), Grid).Add(a).Add(b).Build();
        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        sim.Run([]);
        double wall = clock.Elapsed.TotalSeconds;
        Assert.Equal(["a", "b", "recording+kpis"], sim.Timings.Select(t => t.Name));

        // each is a share of the run's own time
        Assert.All(sim.Timings, t => Assert.True(t.Seconds >= 0, t.Name));
        Assert.True(sim.Timings.Sum(t => t.Seconds) <= wall, $"timings {sim.Timings.Sum(t => t.Seconds)} s within a run of {wall} s");
    }

    [Fact]
    public void A_service_whose_kind_has_no_assets_is_left_out()
    {
        var probe = new ProbeService("battery-probe", AssetKind.Battery);
        var sim = new SimulationBuilder(System(), Grid).Add(probe).Build();
        sim.Run([]);
        Assert.Empty(sim.Services);
        Assert.Empty(probe.Calls);
    }
}
