using Quartier.Resources.S2;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Rm;

namespace Quartier.Resources.Tests.S2;

/// <summary>The resource-manager simulator's devices: what they describe, and how they obey or refuse instructions.</summary>
public sealed class RmDeviceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_battery_describes_falling_modes_from_low_to_high_and_maps_their_factor()
    {
        var battery = new BatteryRm("battery");
        var description = (FrbcSystemDescription)battery.Describe(T0).Single();
        Assert.Empty(S2Validator.Validate(description));
        var discharge = description.Actuators[0].OperationModes.Single(m => m.Id == "FORCED_DISCHARGE").Elements[0];
        Assert.Equal(-5000, discharge.PowerRanges[0].StartOfRange);
        Assert.Equal(0, discharge.PowerRanges[0].EndOfRange);
        Assert.Equal(-5000 / 0.95 / (10_000 * 3600.0), discharge.FillRate.StartOfRange, 15);

        // S2 factor 0.6 on −5000…0 W is −2000 W: the runtime's FORCED_DISCHARGE at 0.4
        Assert.Null(battery.Execute(Instruction("FORCED_DISCHARGE", 0.6), T0));
        var power = battery.Step(T0, 900);
        Assert.Equal(-2000, power, 9);
        var storage = battery.Statuses(T0.AddMinutes(15)).OfType<FrbcStorageStatus>().Single();
        Assert.Equal(0.5 - (2000 * 0.25 / 0.95 / 10_000), storage.PresentFillLevel, 12);
        var status = battery.Statuses(T0.AddMinutes(15)).OfType<FrbcActuatorStatus>();
        Assert.Empty(status); // unchanged since the last report

        // the 30-minute dwell timer refuses the next transition, with its reason
        var refusal = battery.Execute(Instruction("FORCED_CHARGE", 1), T0.AddMinutes(15));
        Assert.Contains("blocked by timer 'MIN_DWELL' until 2026-06-01T10:30:00", refusal, StringComparison.Ordinal);
        Assert.Equal(
            ["ACCEPTED", "STARTED", "SUCCEEDED", "REJECTED"],
            battery.DrainUpdates().Select(u => u.Status.ToString().ToUpperInvariant()));
        Assert.Contains("no operation mode 'TURBO'", battery.CheckReferences(Instruction("TURBO", 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_heat_pump_asks_for_its_demand_and_keeps_its_minimum_on_time()
    {
        var heatPump = new HeatPumpRm("heatpump");
        var at = new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero);
        var description = heatPump.Describe(at).OfType<DdbcSystemDescription>().Single();
        var outdoor = 8 + (6 * Math.Sin(2 * Math.PI * (7.0 - 9) / 24));
        Assert.Equal(250 * (18 - outdoor), description.PresentDemandRate.StartOfRange, 9);
        Assert.Equal(2000, HeatPumpRm.HeatDemandW(new DateTimeOffset(2026, 6, 1, 12, 40, 0, TimeSpan.Zero)));
        Assert.Equal(0, HeatPumpRm.HeatDemandW(new DateTimeOffset(2026, 6, 1, 15, 0, 0, TimeSpan.Zero)));

        Assert.Null(heatPump.Execute(Ddbc("ON", 0.5), at));
        var refusal = heatPump.Execute(Ddbc("OFF", 0), at.AddMinutes(30));
        Assert.Contains("blocked by timer 'MIN_ON' until 2026-06-01T08:00:00", refusal, StringComparison.Ordinal);
        Assert.Null(heatPump.Execute(Ddbc("OFF", 0), at.AddHours(1)));
    }

    private static FrbcInstruction Instruction(string mode, double factor) => new()
    {
        MessageId = Guid.NewGuid().ToString(),
        Id = Guid.NewGuid().ToString(),
        ActuatorId = "battery",
        OperationMode = mode,
        OperationModeFactor = factor,
        ExecutionTime = T0,
        AbnormalCondition = false,
    };

    private static DdbcInstruction Ddbc(string mode, double factor) => new()
    {
        MessageId = Guid.NewGuid().ToString(),
        Id = Guid.NewGuid().ToString(),
        ActuatorId = "heat_pump",
        OperationModeId = mode,
        OperationModeFactor = factor,
        ExecutionTime = T0,
        AbnormalCondition = false,
    };
}
