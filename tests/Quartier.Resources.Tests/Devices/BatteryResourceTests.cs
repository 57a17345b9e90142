using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Devices;

/// <summary>
/// Every battery mode with hand-computed figures. Battery: 10 kWh, charge ≤ 4000 W at η_c 0.95, discharge ≤
/// 5000 W at η_d 0.9, SoC 0.1..0.9, starting at 0.5; one-hour steps, so at SoC 0.5 the limits are
/// charge min(4000, 4000 Wh/0.95) = 4000 W and discharge min(5000, 4000 Wh·0.9) = 3600 W.
/// </summary>
public sealed class BatteryResourceTests
{
    private const double Hour = 3600;
    private static readonly DateTimeOffset T0 = new(2025, 7, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly BatterySpec Spec = new()
    {
        CapacityWh = 10_000,
        MaxChargePowerW = 4000,
        MaxDischargePowerW = 5000,
        ChargeEfficiency = 0.95,
        DischargeEfficiency = 0.9,
        MinSoc = 0.1,
        MaxSoc = 0.9,
        InitialSoc = 0.5,
        ReserveSoc = 0.3,
        PeakImportLimitW = 1000,
        ExportLimitW = 1500,
        RampLimitWPerStep = 500,
    };

    private static BatteryResource Battery(BatteryMode mode, double factor, double soc = 0.5, BatterySpec? spec = null) =>
        new("bat1", (spec ?? Spec) with { InitialSoc = soc }, mode, factor);

    private static BatteryStepResult Run(BatteryMode mode, double factor, SiteConditions site, double soc = 0.5, BatterySpec? spec = null) =>
        Battery(mode, factor, soc, spec).Step(T0, Hour, site);

    [Fact]
    public void LimitsComeFromPowerSocBoundsAndEfficiencies()
    {
        var limits = Battery(BatteryMode.Idle, 0).Limits(Hour);
        Assert.Equal(4000, limits.ChargeW, 9);
        Assert.Equal(3600, limits.DischargeW, 9);
        // SoC 0.85: headroom 500 Wh -> 500/0.95 W; SoC 0.15: 500 Wh above MinSoc -> 450 W.
        Assert.Equal(500 / 0.95, Battery(BatteryMode.Idle, 0, 0.85).Limits(Hour).ChargeW, 9);
        Assert.Equal(450, Battery(BatteryMode.Idle, 0, 0.15).Limits(Hour).DischargeW, 9);
        // Quarter-hour step at SoC 0.5: energy allows 4x the power, so the power limits apply.
        Assert.Equal(new BatteryLimits(4000, 5000), Battery(BatteryMode.Idle, 0).Limits(900));
        Assert.Equal(0, Battery(BatteryMode.Idle, 0, 0.9).Limits(Hour).ChargeW);
        Assert.Equal(0, Battery(BatteryMode.Idle, 0, 0.1).Limits(Hour).DischargeW);
    }

    [Fact]
    public void IdleHolds()
    {
        var r = Run(BatteryMode.Idle, 1, new SiteConditions(6000, 1000));
        Assert.Equal(new BatteryStepResult(0, 0, 0, 0.5), r);
    }

    [Fact]
    public void SelfConsumptionChargesSurplusWithChargeEfficiency()
    {
        // Surplus 5000 W, capped at 4000 W; stored 4000·0.95 = 3800 Wh, losses 200 Wh.
        var r = Run(BatteryMode.SelfConsumption, 1, new SiteConditions(6000, 1000));
        Assert.Equal(4000, r.PowerW, 9);
        Assert.Equal(3800, r.StoredWh, 9);
        Assert.Equal(200, r.LossesWh, 9);
        Assert.Equal(0.88, r.FillLevel, 12);
    }

    [Fact]
    public void SelfConsumptionDischargesDeficitWithDischargeEfficiency()
    {
        // Deficit 2000 W: drawn 2000/0.9 = 2222.2 Wh, losses 222.2 Wh.
        var r = Run(BatteryMode.SelfConsumption, 1, new SiteConditions(0, 2000));
        Assert.Equal(-2000, r.PowerW, 9);
        Assert.Equal(-2000 / 0.9, r.StoredWh, 9);
        Assert.Equal((2000 / 0.9) - 2000, r.LossesWh, 9);
        Assert.Equal(0.5 - (2000 / 0.9 / 10_000), r.FillLevel, 12);
    }

    [Fact]
    public void SelfConsumptionFactorScalesBothDirections()
    {
        // Factor 0.25: charge ≤ 1000 W, discharge ≤ 1250 W.
        Assert.Equal(1000, Run(BatteryMode.SelfConsumption, 0.25, new SiteConditions(6000, 1000)).PowerW, 9);
        Assert.Equal(-1250, Run(BatteryMode.SelfConsumption, 0.25, new SiteConditions(0, 2000)).PowerW, 9);
        // Deficit 4500 W at factor 1: the SoC limit (3600 W) binds before the power limit (5000 W).
        Assert.Equal(-3600, Run(BatteryMode.SelfConsumption, 1, new SiteConditions(500, 5000)).PowerW, 9);
    }

    [Fact]
    public void NonExportChargesOnlyWhatWouldBeExportedBeyondTheLimitAndNeverDischarges()
    {
        // Export 5000 W without the battery, 1500 W allowed: charge 3500 W; at factor 0.5 at most 2000 W.
        Assert.Equal(3500, Run(BatteryMode.NonExport, 1, new SiteConditions(6000, 1000)).PowerW, 9);
        Assert.Equal(2000, Run(BatteryMode.NonExport, 0.5, new SiteConditions(6000, 1000)).PowerW, 9);
        Assert.Equal(0, Run(BatteryMode.NonExport, 1, new SiteConditions(2000, 1000)).PowerW, 9);
        Assert.Equal(0, Run(BatteryMode.NonExport, 1, new SiteConditions(0, 3000)).PowerW, 9);
    }

    [Fact]
    public void PeakShavingDischargesOnlyTheImportAboveTheLimit()
    {
        // Import 3500 W, limit 1000 W: discharge 2500 W.
        var r = Run(BatteryMode.PeakShaving, 1, new SiteConditions(500, 4000));
        Assert.Equal(-2500, r.PowerW, 9);
        Assert.Equal(0, Run(BatteryMode.PeakShaving, 1, new SiteConditions(200, 1000)).PowerW, 9);
        Assert.Equal(3000, Run(BatteryMode.PeakShaving, 1, new SiteConditions(4000, 1000)).PowerW, 9);
        Assert.Equal(-1000, Run(BatteryMode.PeakShaving, 0.2, new SiteConditions(500, 4000)).PowerW, 9);
    }

    [Fact]
    public void GridSupportExportDischargesTheContractedPowerRegardlessOfTheSite()
    {
        Assert.Equal(-2500, Run(BatteryMode.GridSupportExport, 0.5, new SiteConditions(6000, 0)).PowerW, 9);
        Assert.Equal(-3000, Run(BatteryMode.GridSupportExport, 1, new SiteConditions(0, 0), spec: Spec with { GridSupportPowerW = 3000 }).PowerW, 9);
        // SoC 0.15: only 500 Wh above MinSoc -> 450 W.
        Assert.Equal(-450, Run(BatteryMode.GridSupportExport, 1, new SiteConditions(0, 0), soc: 0.15).PowerW, 9);
    }

    [Fact]
    public void GridSupportImportChargesTheContractedPower()
    {
        var r = Run(BatteryMode.GridSupportImport, 0.375, new SiteConditions(0, 800));
        Assert.Equal(1500, r.PowerW, 9);
        Assert.Equal(0.5 + (1500 * 0.95 / 10_000), r.FillLevel, 12);
    }

    [Theory]
    [InlineData(49.9, 1, -1800)]   // droop 4000/0.2 = 20000 W/Hz; (0.1 − 0.01 deadband)·20000
    [InlineData(50.15, 1, 2800)]   // over-frequency charges: 0.14·20000
    [InlineData(49.9, 0.5, -900)]
    [InlineData(50.005, 1, 0)]     // within the deadband
    [InlineData(49.5, 1, -3600)]   // −9800 W limited by the SoC (3600 W)
    [InlineData(0, 1, 0)]          // no frequency = nominal
    public void FrequencyRegulationFollowsTheDroop(double hz, double factor, double expected) =>
        Assert.Equal(expected, Run(BatteryMode.FrequencyRegulation, factor, new SiteConditions(1000, 1000, hz)).PowerW, 9);

    [Fact]
    public void RampRateControlLimitsTheChangeOfGridPower()
    {
        // Import jumps from 1000 to 3000 W; ramp limit 500 W: the grid goes to 1500 W, the battery gives 1500 W.
        Assert.Equal(-1500, Run(BatteryMode.RampRateControl, 1, new SiteConditions(0, 3000, PreviousGridW: 1000)).PowerW, 9);
        // PV jumps: export would go from 1000 to 4000 W; the grid may go to −1500 W, the battery takes 2500 W.
        Assert.Equal(2500, Run(BatteryMode.RampRateControl, 1, new SiteConditions(5000, 1000, PreviousGridW: -1000)).PowerW, 9);
        // Factor 0.2 caps the battery at 800 W charge.
        Assert.Equal(800, Run(BatteryMode.RampRateControl, 0.2, new SiteConditions(5000, 1000, PreviousGridW: -1000)).PowerW, 9);
        Assert.Equal(0, Run(BatteryMode.RampRateControl, 1, new SiteConditions(0, 3000)).PowerW, 9);
        Assert.Equal(0, Run(BatteryMode.RampRateControl, 1, new SiteConditions(0, 1200, PreviousGridW: 1000)).PowerW, 9);
    }

    [Fact]
    public void ReserveBackupNeverDischargesBelowTheReserve()
    {
        // 2000 Wh above the 0.3 reserve -> 1800 W AC; the step ends exactly at the reserve.
        var r = Run(BatteryMode.ReserveBackup, 1, new SiteConditions(0, 2000));
        Assert.Equal(-1800, r.PowerW, 9);
        Assert.Equal(0.3, r.FillLevel, 12);
        Assert.Equal(0, Run(BatteryMode.ReserveBackup, 1, new SiteConditions(0, 2000), soc: 0.3).PowerW, 9);
        Assert.Equal(1000, Run(BatteryMode.ReserveBackup, 0.25, new SiteConditions(6000, 1000), soc: 0.6).PowerW, 9);
    }

    [Fact]
    public void ReserveBackupRefillsTheReserveFromGridAndPv()
    {
        // Below the reserve: charge max(surplus, 0.5·4000) = 2000 W even without PV; stored 1900 Wh.
        var r = Run(BatteryMode.ReserveBackup, 0.5, new SiteConditions(0, 1000), soc: 0.2);
        Assert.Equal(2000, r.PowerW, 9);
        Assert.Equal(0.39, r.FillLevel, 12);
        Assert.Equal(3000, Run(BatteryMode.ReserveBackup, 0.5, new SiteConditions(4000, 1000), soc: 0.2).PowerW, 9);
    }

    [Fact]
    public void OutageSupplyCoversTheSiteOnlyWithoutGrid()
    {
        Assert.Equal(-3000, Run(BatteryMode.OutageSupply, 0.1, new SiteConditions(0, 3000, GridAvailable: false)).PowerW, 9);
        Assert.Equal(-3600, Run(BatteryMode.OutageSupply, 1, new SiteConditions(0, 5000, GridAvailable: false)).PowerW, 9);
        Assert.Equal(2000, Run(BatteryMode.OutageSupply, 1, new SiteConditions(3000, 1000, GridAvailable: false)).PowerW, 9);
        Assert.Equal(0, Run(BatteryMode.OutageSupply, 1, new SiteConditions(0, 3000)).PowerW, 9);
    }

    [Fact]
    public void ForcedChargeScalesByFactorAndStopsAtMaxSoc()
    {
        var r = Run(BatteryMode.ForcedCharge, 0.5, new SiteConditions(0, 500));
        Assert.Equal(2000, r.PowerW, 9);
        Assert.Equal(1900, r.StoredWh, 9);
        Assert.Equal(0.69, r.FillLevel, 12);
        // SoC 0.85: 500 Wh headroom -> 526.3 W, ending exactly at MaxSoc.
        var full = Run(BatteryMode.ForcedCharge, 1, new SiteConditions(0, 0), soc: 0.85);
        Assert.Equal(500 / 0.95, full.PowerW, 9);
        Assert.Equal(0.9, full.FillLevel, 12);
        Assert.Equal(0, Run(BatteryMode.ForcedCharge, 1, new SiteConditions(0, 0), soc: 0.9).PowerW, 9);
    }

    [Fact]
    public void ForcedDischargeScalesByFactorAndStopsAtMinSoc()
    {
        // 0.8·5000 = 4000 W, limited to 3600 W by the SoC: ends exactly at 0.1.
        var r = Run(BatteryMode.ForcedDischarge, 0.8, new SiteConditions(5000, 0));
        Assert.Equal(-3600, r.PowerW, 9);
        Assert.Equal(0.1, r.FillLevel, 12);
        Assert.Equal(-1000, Run(BatteryMode.ForcedDischarge, 0.2, new SiteConditions(0, 0)).PowerW, 9);
    }

    [Fact]
    public void FaultNeedsAnAbnormalConditionAndIsLeftOnlyToIdle()
    {
        var b = Battery(BatteryMode.SelfConsumption, 1);
        var normal = b.Instruct(BatteryMode.Fault, 0, T0);
        Assert.Equal("transition 'SELF_CONSUMPTION_TO_FAULT' from 'SELF_CONSUMPTION' to 'FAULT' of actuator 'battery' of resource 'bat1' is only allowed under an abnormal condition", normal.Reason);
        Assert.True(b.Instruct(BatteryMode.Fault, 0, T0, abnormalCondition: true).IsAccepted);
        Assert.Equal(BatteryMode.Fault, b.Mode);
        Assert.Equal(0, b.Step(T0, Hour, new SiteConditions(0, 3000)).PowerW);
        var leave = b.Instruct(BatteryMode.SelfConsumption, 1, T0.AddHours(1));
        Assert.Equal("actuator 'battery' of resource 'bat1' has no transition from 'FAULT' to 'SELF_CONSUMPTION'; allowed from 'FAULT': IDLE", leave.Reason);
        Assert.True(b.Instruct(BatteryMode.Idle, 0, T0.AddHours(1)).IsAccepted);
        Assert.True(b.Instruct(BatteryMode.SelfConsumption, 1, T0.AddHours(1)).IsAccepted);
    }

    [Fact]
    public void MinDwellTimerBlocksTransitionsButNotFault()
    {
        var b = Battery(BatteryMode.Idle, 0, spec: Spec with { MinModeDwell = TimeSpan.FromMinutes(15) });
        Assert.True(b.Instruct(BatteryMode.ForcedCharge, 1, T0).IsAccepted);
        var early = b.Instruct(BatteryMode.Idle, 0, T0.AddMinutes(5));
        Assert.Equal("transition 'FORCED_CHARGE_TO_IDLE' from 'FORCED_CHARGE' to 'IDLE' of actuator 'battery' of resource 'bat1' is blocked by timer 'MIN_DWELL' until 2025-07-25T12:15:00Z", early.Reason);
        Assert.True(b.Instruct(BatteryMode.ForcedCharge, 0.5, T0.AddMinutes(5)).IsAccepted); // a new factor is not a transition
        Assert.True(b.Instruct(BatteryMode.Idle, 0, T0.AddMinutes(15)).IsAccepted);
        Assert.True(b.Instruct(BatteryMode.Fault, 0, T0.AddMinutes(16), abnormalCondition: true).IsAccepted);
    }

    [Fact]
    public void InstructedModeDrivesTheNextStep()
    {
        var b = Battery(BatteryMode.Idle, 0);
        Assert.True(b.Instruct(BatteryMode.ForcedCharge, 0.25, T0).IsAccepted);
        Assert.Equal(BatteryMode.ForcedCharge, b.Mode);
        Assert.Equal(0.25, b.Factor);
        Assert.Equal(1000, b.Setpoint(new SiteConditions(0, 0), Hour), 9);
        Assert.Equal(0.5, b.FillLevel);
        var r = b.Step(T0, Hour, new SiteConditions(0, 0));
        Assert.Equal(1000, r.PowerW, 9);
        Assert.Equal(5950, b.EnergyWh, 9);
        Assert.Equal("operation mode factor 2 is outside 0..1", b.Instruct(BatteryMode.Idle, 2, T0).Reason);
    }

    [Fact]
    public void StatusUpdatesCanBeRecorded()
    {
        var b = Battery(BatteryMode.Idle, 0);
        b.StatusUpdates.Enabled = true;
        b.Instruct(BatteryMode.ForcedCharge, 1, T0, instructionId: "i7");
        Assert.Equal(
            new[] { InstructionStatus.Accepted, InstructionStatus.Started, InstructionStatus.Succeeded },
            b.StatusUpdates.Updates.Select(u => u.Status));
        Assert.All(b.StatusUpdates.Updates, u => Assert.Equal("i7", u.InstructionId));
    }

    [Fact]
    public void ModeIdsRoundTripAndParseErrorsListTheValidIds()
    {
        Assert.Equal(13, Enum.GetValues<BatteryMode>().Length);
        foreach (var mode in Enum.GetValues<BatteryMode>())
        {
            Assert.Equal(mode, BatteryModes.Parse(BatteryModes.Id(mode)));
        }

        Assert.Equal("SELF_CONSUMPTION", BatteryModes.Id(BatteryMode.SelfConsumption));
        Assert.Equal("GRID_SUPPORT_IMPORT", BatteryModes.Id(BatteryMode.GridSupportImport));
        Assert.Equal(BatteryMode.PeakShaving, BatteryModes.Parse(" peak_shaving "));
        var e = Assert.Throws<InputException>(() => BatteryModes.Parse("TURBO"));
        Assert.Equal("unknown battery operation mode 'TURBO'; valid: IDLE, SELF_CONSUMPTION, NON_EXPORT, PEAK_SHAVING, GRID_SUPPORT_EXPORT, GRID_SUPPORT_IMPORT, FREQUENCY_REGULATION, RAMP_RATE_CONTROL, RESERVE_BACKUP, OUTAGE_SUPPLY, FORCED_CHARGE, FORCED_DISCHARGE, FAULT", e.Message);
    }

    [Fact]
    public void SpecValidationNamesFieldAndValue()
    {
        Assert.Equal("battery 'b': ChargeEfficiency 1.2 is outside (0, 1]", Assert.Throws<InputException>(() => (Spec with { ChargeEfficiency = 1.2 }).Validate("b")).Message);
        Assert.Equal("battery 'b': MinSoc 0.9 must be below MaxSoc 0.9", Assert.Throws<InputException>(() => (Spec with { MinSoc = 0.9 }).Validate("b")).Message);
        Assert.Equal("battery 'b': CapacityWh 0 must be a finite number > 0", Assert.Throws<InputException>(() => (Spec with { CapacityWh = 0 }).Validate("b")).Message);
        Assert.Equal("battery 'b': MaxDischargePowerW -1 must be a finite number >= 0", Assert.Throws<InputException>(() => (Spec with { MaxDischargePowerW = -1 }).Validate("b")).Message);
        Assert.Equal("battery 'b': InitialSoc 1.5 is outside 0..1 (a fraction of the capacity)", Assert.Throws<InputException>(() => (Spec with { InitialSoc = 1.5 }).Validate("b")).Message);
        Assert.Throws<InputException>(() => new BatteryResource("b", Spec with { DischargeEfficiency = 0 }));
        Assert.Equal(5000, new BatterySpec { CapacityWh = 1000 }.DischargeLimitW);
    }

    [Fact]
    public void StepSetpointAndLimitsAllocateNothing()
    {
        var b = Battery(BatteryMode.SelfConsumption, 1);
        var site = new SiteConditions(3000, 1000);
        b.Step(T0, 900, site);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var t = T0;
        var sum = 0.0;
        for (var i = 0; i < 2000; i++)
        {
            var s = new SiteConditions(i % 2 == 0 ? 3000 : 0, 1000);
            sum += b.Setpoint(s, 900) + b.Limits(900).ChargeW;
            sum += b.Step(t, 900, s).PowerW;
            sum += BatteryBehaviour.Setpoint(BatteryMode.PeakShaving, 1, s, new BatteryLimits(1000, 1000), Spec, 0.5);
            t = t.AddSeconds(900);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.True(double.IsFinite(sum));
    }
}
