using Quartier.Resources.Devices;
using Quartier.Resources.Query;

namespace Quartier.Resources.Tests.Query;

/// <summary>The query runs on a copy: the live battery keeps its mode, timers and fill level; answers against hand calculations.</summary>
public sealed class InstructionQueryTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private static BatteryResource Battery() => new("B", new BatterySpec
    {
        CapacityWh = 10_000,
        MaxChargePowerW = 2000,
        MaxDischargePowerW = 3000,
        ChargeEfficiency = 0.9,
        DischargeEfficiency = 0.8,
        InitialSoc = 0.5,
        MinModeDwell = TimeSpan.FromHours(1),
    });

    [Fact]
    public void A_copy_answers_and_the_live_battery_is_untouched()
    {
        var live = Battery();
        Assert.True(live.Instruct(BatteryMode.ForcedCharge, 1, T0).IsAccepted);
        live.Step(T0, 900, new SiteConditions(0, 0));

        // FORCED_DISCHARGE at 10:15 is blocked by MIN_DWELL (until 11:00); the copy charges on: 0.545 → 0.59, 0.635
        var refused = InstructionQuery.Ask(BatteryDevice.CopyOf(live), "FORCED_DISCHARGE", 1, T0.AddMinutes(15), TimeSpan.FromHours(0.5), TimeSpan.FromMinutes(15));
        Assert.False(refused.Accepted);
        Assert.Equal("REJECTED", refused.Status);
        Assert.Contains("MIN_DWELL", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(new[] { 0.59, 0.635 }, refused.Prediction.Select(p => Math.Round(p.FillLevel, 12)));

        // at 11:00 the timer has run out: accepted, −3000 W = −937.5 Wh per step (η 0.8), from 0.545
        var accepted = InstructionQuery.Ask(BatteryDevice.CopyOf(live), "FORCED_DISCHARGE", 1, T0.AddHours(1), TimeSpan.FromHours(0.5), TimeSpan.FromMinutes(15));
        Assert.True(accepted.Accepted);
        Assert.Null(accepted.Reason);
        Assert.Equal(new[] { -3000.0, -3000 }, accepted.Prediction.Select(p => p.PowerW));
        Assert.Equal(new[] { 0.45125, 0.3575 }, accepted.Prediction.Select(p => Math.Round(p.FillLevel, 12)));

        Assert.Equal(BatteryMode.ForcedCharge, live.Mode);
        Assert.Equal(0.545, live.FillLevel, 12);
        Assert.True(live.Simulation.Timers(BatteryResource.ActuatorId).IsRunning(0, T0.AddMinutes(30)));
    }

    [Fact]
    public void Fault_needs_an_abnormal_condition()
    {
        var refused = InstructionQuery.Ask(BatteryDevice.CopyOf(Battery()), "FAULT", 1, T0, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        Assert.False(refused.Accepted);
        Assert.Contains("abnormal", refused.Reason, StringComparison.OrdinalIgnoreCase);
        var accepted = InstructionQuery.Ask(BatteryDevice.CopyOf(Battery()), "FAULT", 1, T0, TimeSpan.FromHours(1), TimeSpan.FromHours(1), abnormalCondition: true);
        Assert.True(accepted.Accepted);
        Assert.Equal("FAULT", accepted.Prediction[0].Mode);
        Assert.Equal(0.0, accepted.Prediction[0].PowerW);
    }
}
