using Quartier.Core.Errors;
using Quartier.Resources.Devices;

namespace Quartier.Resources.Tests.Devices;

/// <summary>Heat pump: 6 kW thermal into a 200 Wh/K buffer kept at 45..55 °C, Carnot share 0.45, sink 5 K above the buffer.</summary>
public sealed class HeatPumpAndPvTests
{
    private const double Hour = 3600;
    private static readonly DateTimeOffset T0 = new(2025, 1, 15, 6, 0, 0, TimeSpan.Zero);
    private static readonly HeatPumpSpec Spec = new() { MaxThermalPowerW = 6000, BufferCapacityWhPerK = 200, InitialTempC = 50 };

    private static double Carnot(double sourceC, double bufferC) => 0.45 * (bufferC + 5 + 273.15) / (bufferC + 5 - sourceC);

    [Fact]
    public void CopIsACarnotFractionWithinBounds()
    {
        Assert.Equal(0.45 * 313.15 / 33, Spec.Cop(7, 35), 12);
        Assert.Equal(7, Spec.Cop(30, 30), 12);                    // 27.7 capped
        Assert.Equal(7, Spec.Cop(60, 50), 12);                    // no lift
        Assert.Equal(1, Spec.Cop(-200, 50), 12);                  // floor
    }

    [Fact]
    public void HeatsTheBufferAtTheFactor()
    {
        // 3000 W heat, 1000 W demand, 15 min: +2000·0.25/200 = 2.5 K; COP at the mean 51.25 °C.
        var hp = new HeatPumpResource("hp1", Spec);
        Assert.True(hp.Instruct(HeatPumpMode.On, 0.5, T0).IsAccepted);
        var r = hp.Step(T0, 900, 1000, 7);
        Assert.Equal(3000, r.ThermalW, 9);
        Assert.Equal(52.5, r.BufferTempC, 9);
        Assert.Equal(Carnot(7, 51.25), r.Cop, 12);
        Assert.Equal(3000 / Carnot(7, 51.25), r.ElectricW, 9);
        Assert.Equal(0, r.UnmetHeatWh, 12);
    }

    [Fact]
    public void FullBufferThrottlesTheHeatPump()
    {
        // +10 K/h reaches 55 °C after 30 min; then only the 1000 W demand: 2000 W average.
        var hp = new HeatPumpResource("hp1", Spec);
        hp.Instruct(HeatPumpMode.On, 0.5, T0);
        var r = hp.Step(T0, Hour, 1000, 7);
        Assert.Equal(2000, r.ThermalW, 9);
        Assert.Equal(55, r.BufferTempC, 9);
        Assert.Equal(2000 / Carnot(7, 52.5), r.ElectricW, 9);
    }

    [Fact]
    public void EmptyBufferReportsUnmetHeat()
    {
        // Off, 2000 W demand for 2 h from 50 °C: 45 °C after 30 min, then 1.5 h·2000 W unmet.
        var hp = new HeatPumpResource("hp1", Spec);
        var r = hp.Step(T0, 2 * Hour, 2000, 7);
        Assert.Equal(0, r.ElectricW);
        Assert.Equal(45, r.BufferTempC, 9);
        Assert.Equal(3000, r.UnmetHeatWh, 6);
    }

    [Fact]
    public void StandingLossIsLeakage()
    {
        var hp = new HeatPumpResource("hp1", Spec with { StandingLossW = 200 });
        Assert.Equal(49, hp.Step(T0, Hour, 0, 7).BufferTempC, 9);
    }

    [Fact]
    public void MinimumOnAndOffTimesBlockTransitions()
    {
        var hp = new HeatPumpResource("hp1", Spec with { MinOnTime = TimeSpan.FromMinutes(30), MinOffTime = TimeSpan.FromMinutes(20) });
        Assert.True(hp.Instruct(HeatPumpMode.On, 1, T0).IsAccepted);
        Assert.Equal(
            "transition 'ON_TO_OFF' from 'ON' to 'OFF' of actuator 'heat_pump' of resource 'hp1' is blocked by timer 'MIN_ON' until 2025-01-15T06:30:00Z",
            hp.Instruct(HeatPumpMode.Off, 0, T0.AddMinutes(10)).Reason);
        Assert.True(hp.Instruct(HeatPumpMode.On, 0.3, T0.AddMinutes(10)).IsAccepted);
        Assert.True(hp.Instruct(HeatPumpMode.Off, 0, T0.AddMinutes(30)).IsAccepted);
        Assert.Contains("blocked by timer 'MIN_OFF' until 2025-01-15T06:50:00Z", hp.Instruct(HeatPumpMode.On, 1, T0.AddMinutes(40)).Reason, StringComparison.Ordinal);
        Assert.True(hp.Instruct(HeatPumpMode.On, 1, T0.AddMinutes(50)).IsAccepted);
        Assert.Equal(HeatPumpMode.On, hp.Mode);
    }

    [Fact]
    public void HeatPumpValidationAndNoAllocation()
    {
        Assert.Equal("heat pump 'h': MaxTempC 40 must be above MinTempC 45", Assert.Throws<InputException>(() => new HeatPumpResource("h", Spec with { MaxTempC = 40, InitialTempC = 42 })).Message);
        Assert.Contains("InitialTempC 60 must be within 45..55", Assert.Throws<InputException>(() => new HeatPumpResource("h", Spec with { InitialTempC = 60 })).Message, StringComparison.Ordinal);
        var hp = new HeatPumpResource("hp1", Spec with { StandingLossW = 50 });
        hp.Instruct(HeatPumpMode.On, 0.4, T0);
        hp.Step(T0, 900, 1500, 5);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var t = T0;
        for (var i = 0; i < 1000; i++)
        {
            hp.Step(t, 900, i % 3 == 0 ? 4000 : 500, 2);
            t = t.AddSeconds(900);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void PvInverterCurtailsToTheLimit()
    {
        var pv = new PvInverterResource("pv1", 5000);
        Assert.Equal(new PvStepResult(5000, 1000), pv.Step(T0, Hour, 6000));   // inverter rating
        Assert.True(pv.Instruct(2000, T0).IsAccepted);
        Assert.Equal(2000, pv.LimitW(T0));
        Assert.Equal(new PvStepResult(2000, 4000), pv.Step(T0, Hour, 6000));
        Assert.Equal(new PvStepResult(1500, 0), pv.Step(T0, Hour, 1500));
        Assert.True(pv.InstructFactor(0.3, T0).IsAccepted);
        Assert.Equal(1500, pv.Step(T0, Hour, 4000).ProducedW, 9);
        Assert.Equal("resource 'pv1': power envelope 'pv1_curtailment' element 0: lower_limit -6000 for ELECTRIC.POWER.3_PHASE_SYMMETRIC is outside the allowed ranges -5000..0", pv.Instruct(6000, T0).Reason);
        Assert.Contains("factor 1.5 is outside 0..1", pv.InstructFactor(1.5, T0).Reason, StringComparison.Ordinal);
        pv.ClearLimit();
        Assert.Equal(5000, pv.LimitW(T0));
        Assert.Equal(4000, pv.Step(T0, Hour, 4000).ProducedW);
    }

    [Fact]
    public void PvCurtailmentForPartOfAStep()
    {
        // Limit 1000 W for 30 min from 06:30: half the hour 4000 W, half 1000 W.
        var pv = new PvInverterResource("pv1", 5000);
        Assert.True(pv.Instruct(1000, T0.AddMinutes(30), TimeSpan.FromMinutes(30)).IsAccepted);
        var r = pv.Step(T0, Hour, 4000);
        Assert.Equal(2500, r.ProducedW, 9);
        Assert.Equal(1500, r.CurtailedW, 9);
        Assert.Equal(4000, pv.Step(T0.AddHours(1), Hour, 4000).ProducedW, 9);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            pv.Step(T0, 900, 3000);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
