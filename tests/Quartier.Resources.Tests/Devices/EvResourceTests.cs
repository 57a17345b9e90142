using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Devices;

/// <summary>EV: 60 kWh, 11 kW, η 0.9 (9900 W stored at full power), arrival SoC 0.2.</summary>
public sealed class EvResourceTests
{
    private const double Hour = 3600;
    private static readonly DateTimeOffset Evening = new(2025, 7, 25, 18, 0, 0, TimeSpan.Zero);
    private static readonly EvSpec Spec = new() { CapacityWh = 60_000, MaxChargePowerW = 11_000, ChargeEfficiency = 0.9, InitialSoc = 0.2 };

    [Fact]
    public void ForcedChargeIsRejectedWhileUnplugged()
    {
        var ev = new EvResource("ev1", Spec);
        Assert.False(ev.IsPlugged);
        var r = ev.Instruct(EvMode.ForcedCharge, 1, Evening);
        Assert.Equal("EV 'ev1' is not plugged in; FORCED_CHARGE needs a plugged-in vehicle", r.Reason);
        Assert.True(ev.Instruct(EvMode.Idle, 0, Evening).IsAccepted);
        Assert.Equal(0, ev.Step(Evening, Hour).PowerW);
        Assert.Equal(0.2, ev.Soc);
    }

    [Fact]
    public void ChargesAtTheFactorWithItsEfficiency()
    {
        var ev = new EvResource("ev1", Spec);
        ev.Plug(Evening.AddHours(13), 0.8);
        Assert.True(ev.Instruct(EvMode.ForcedCharge, 0.5, Evening).IsAccepted);
        var r = ev.Step(Evening, Hour);
        Assert.Equal(5500, r.PowerW, 9);
        Assert.Equal(4950, r.StoredWh, 6);
        Assert.Equal(550, r.LossesWh, 6);
        Assert.Equal(0.2825, r.Soc, 12);
    }

    [Fact]
    public void StopsWithinTheStepWhenFull()
    {
        // 3000 Wh to store at 9900 W: 0.30303 h at 11 kW -> 3333.3 W average over the hour.
        var ev = new EvResource("ev1", Spec);
        ev.SetSoc(0.95);
        ev.Plug(Evening.AddHours(2), 1);
        ev.Instruct(EvMode.ForcedCharge, 1, Evening);
        var r = ev.Step(Evening, Hour);
        Assert.Equal(11_000 * 3000 / 9900.0, r.PowerW, 6);
        Assert.Equal(1, r.Soc, 12);
        Assert.Equal(0, ev.Step(Evening.AddHours(1), Hour).PowerW, 9);

        var capped = new EvResource("ev2", Spec with { MaxSoc = 0.8 });
        capped.SetSoc(0.75);
        capped.Plug(Evening.AddHours(2), 1);
        capped.Instruct(EvMode.ForcedCharge, 1, Evening);
        var c = capped.Step(Evening, Hour);
        Assert.Equal(0.8, c.Soc, 12);
        Assert.Equal(3000 / 0.9, c.PowerW, 6);
    }

    [Fact]
    public void RequiredPowerKeepsTheTargetReachable()
    {
        // Need (0.8 − 0.2)·60000/0.9 = 40000 Wh AC = 3.636 h at 11 kW; departure 07:00.
        var ev = new EvResource("ev1", Spec);
        ev.Plug(Evening.AddHours(13), 0.8);
        Assert.Equal(0, ev.RequiredPowerW(Evening, Hour));
        Assert.Equal(7000, ev.RequiredPowerW(Evening.AddHours(9), Hour), 6);      // 40000 − 11000·3
        Assert.Equal(11_000, ev.RequiredPowerW(Evening.AddHours(12), Hour), 6);
        Assert.Equal(11_000, ev.RequiredPowerW(Evening.AddHours(14), Hour), 6);   // departure passed: as fast as possible
        ev.SetSoc(0.79);
        Assert.Equal(0, ev.RequiredPowerW(Evening.AddHours(12.5), 900));        // 667 Wh still fits in the last 15 min
        Assert.Equal(666.666666 / 0.25, ev.RequiredPowerW(Evening.AddHours(12.75), 900), 2);
        ev.Unplug();
        Assert.Equal(0, ev.RequiredPowerW(Evening.AddHours(12.75), 900));
    }

    [Fact]
    public void PlugWindowsCarryTheSocFromSessionToSession()
    {
        var ev = new EvResource("ev1", Spec);
        ev.SetSoc(0.3);
        ev.Plug(Evening.AddHours(13), 0.8);
        ev.Instruct(EvMode.ForcedCharge, 1, Evening);
        ev.Step(Evening, Hour);
        ev.Step(Evening.AddHours(1), Hour);
        Assert.Equal(0.3 + (2 * 9900 / 60_000.0), ev.Soc, 12);
        Assert.Equal(EvMode.ForcedCharge, ev.Mode);
        ev.Unplug();
        Assert.Equal(EvMode.Idle, ev.Mode);
        Assert.Equal(0, ev.Step(Evening.AddHours(2), Hour).PowerW);
        Assert.Contains("not plugged in", ev.Instruct(EvMode.ForcedCharge, 1, Evening.AddHours(3)).Reason, StringComparison.Ordinal);

        ev.SetSoc(0.4);
        ev.Plug(Evening.AddDays(1).AddHours(13), 0.9);
        Assert.True(ev.Instruct(EvMode.ForcedCharge, 0.2, Evening.AddDays(1)).IsAccepted);
        Assert.Equal(2200, ev.Step(Evening.AddDays(1), Hour).PowerW, 9);
    }

    [Fact]
    public void ValidatesSpecTargetAndSoc()
    {
        Assert.Equal("EV 'e': ChargeEfficiency 1.5 must be in (0, 1]", Assert.Throws<InputException>(() => new EvResource("e", Spec with { ChargeEfficiency = 1.5 })).Message);
        var ev = new EvResource("e", Spec);
        Assert.Equal("EV 'e': target SoC 1.2 is outside 0..1", Assert.Throws<InputException>(() => ev.Plug(Evening, 1.2)).Message);
        Assert.Equal("resource 'e': fill level -0.1 is outside the storage range 0..1", Assert.Throws<InputException>(() => ev.SetSoc(-0.1)).Message);
        Assert.Equal(EvMode.ForcedCharge, EvModes.Parse("forced_charge"));
        Assert.Contains("valid: IDLE, FORCED_CHARGE", Assert.Throws<InputException>(() => EvModes.Parse("V2G")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StepAllocatesNothing()
    {
        var ev = new EvResource("ev1", Spec);
        ev.Plug(Evening.AddDays(2), 1);
        ev.Instruct(EvMode.ForcedCharge, 0.1, Evening);
        ev.Step(Evening, 900);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var t = Evening;
        for (var i = 0; i < 1000; i++)
        {
            ev.Step(t, 900);
            ev.RequiredPowerW(t, 900);
            t = t.AddSeconds(900);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(InstructionStatus.Accepted, ev.Instruct(EvMode.ForcedCharge, 0.1, t).Status);
    }
}
