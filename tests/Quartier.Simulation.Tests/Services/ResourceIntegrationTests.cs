using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>The EMS instructs the battery resources; what the resources execute is what the EMS booked.</summary>
public sealed class ResourceIntegrationTests
{
    [Fact]
    public void Every_battery_executes_exactly_the_power_the_EMS_booked_for_the_interval()
    {
        var system = Scenarios.SyntheticNeighbourhood.Create(households: 6, days: 2, seed: 11);
        var sim = new SimulationBuilder(system, new TimeGrid(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), 900, 192)).AddRange(BuiltInServices.Create()).Build();
        var history = new Sim();
        sim.Run([history]);

        var batteries = sim.RequireSignal("Battery/power").Assets;
        Assert.NotEmpty(batteries);
        int moving = 0;
        foreach (var battery in batteries)
        {
            var home = battery.Building!.Name;
            var connection = sim.RequireSignal("EConnection/dispatch_battery").Assets.Single(a => a.Building?.Name == home).Name;
            var booked = history.Series("EConnection/dispatch_battery", connection);
            var executed = history.Series("Battery/power", battery.Name);
            for (int k = 2; k <= history.Steps; k++)
            {
                Assert.Equal(booked[k - 2], executed[k - 1], 9);
                moving += executed[k - 1] != 0 ? 1 : 0;
            }

            Assert.Equal(0.0, history.At("Battery/rejected_instructions", battery.Name, history.Steps));
            Assert.Equal(1.0, history.At("Battery/operation_mode", battery.Name, history.Steps));
        }

        Assert.True(moving > 50, $"only {moving} battery steps moved energy");
    }
}
