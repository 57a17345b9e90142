using Quartier.Core.Errors;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Runtime;

public sealed class CommonTypesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 7, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CommodityQuantityNamesRoundTrip()
    {
        Assert.Equal(CommodityQuantities.Count, Enum.GetValues<CommodityQuantity>().Length);
        foreach (var q in Enum.GetValues<CommodityQuantity>())
        {
            Assert.True(CommodityQuantities.TryParse(CommodityQuantities.ToS2(q), out var back));
            Assert.Equal(q, back);
        }

        Assert.Equal("ELECTRIC.POWER.3_PHASE_SYMMETRIC", CommodityQuantities.ToS2(CommodityQuantity.ElectricPower3PhaseSymmetric));
        Assert.Equal("HEAT.THERMAL_POWER", CommodityQuantities.ToS2(CommodityQuantity.HeatThermalPower));
        Assert.True(CommodityQuantities.TryParse("ELECTRIC.POWER.3_PHASE_SYM", out var eos));
        Assert.Equal(CommodityQuantity.ElectricPower3PhaseSymmetric, eos);
        Assert.True(CommodityQuantities.TryParse("electric.power.l2", out var l2));
        Assert.Equal(CommodityQuantity.ElectricPowerL2, l2);
        Assert.False(CommodityQuantities.TryParse("ELECTRIC.POWER.L4", out _));
    }

    [Fact]
    public void PowerRangeInterpolatesLikeTheS2Example()
    {
        // S2 operation-modes guide: 1000..2500 W at factor 0.5 = 1750 W.
        var range = new PowerRange(1000, 2500, CommodityQuantity.ElectricPowerL1);
        Assert.Equal(1750, range.At(0.5), 9);
        Assert.Equal(1150, range.At(0.1), 9);
        Assert.Equal(2500, range.At(1), 9);
        Assert.Equal(6200, new NumberRange(1400, 11000).At(0.5), 9);
    }

    [Fact]
    public void CommodityPowersSplitsSymmetricPowerOverPhases()
    {
        var p = default(CommodityPowers);
        p.Add(CommodityQuantity.ElectricPowerL1, 100);
        p.Add(CommodityQuantity.ElectricPower3PhaseSymmetric, 300);
        p.Add(CommodityQuantity.NaturalGasFlowRate, 2);
        Assert.Equal(400, p.ElectricW, 9);
        Assert.Equal(200, p.PhaseW(1), 9);
        Assert.Equal(100, p.PhaseW(3), 9);
        Assert.Equal(2, p[CommodityQuantity.NaturalGasFlowRate], 9);
        p.Scale(0.5);
        Assert.Equal(200, p.ElectricW, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => p.PhaseW(4));
    }

    [Fact]
    public void TimerSetStartsRunsAndFinishes()
    {
        var timers = new TimerSet([new ResourceTimer("on", TimeSpan.FromMinutes(10)), new ResourceTimer("off", TimeSpan.FromMinutes(5))]);
        var on = timers.IndexOf("on");
        Assert.Equal(0, on);
        Assert.Equal(-1, timers.IndexOf("nope"));
        Assert.False(timers.IsRunning(on, T0));
        timers.Start(on, T0);
        Assert.True(timers.IsRunning(on, T0.AddMinutes(9)));
        Assert.False(timers.IsRunning(on, T0.AddMinutes(10)));
        Assert.Equal(T0.AddMinutes(10), timers.FinishedAt("on"));
        timers.SetFinishedAt("off", T0.AddHours(1));
        Assert.True(timers.IsRunning(1, T0.AddMinutes(59)));
        timers.Reset();
        Assert.False(timers.IsRunning(1, T0));
        var e = Assert.Throws<InputException>(() => timers.SetFinishedAt("nope", T0));
        Assert.Contains("unknown timer 'nope'; valid: on, off", e.Message, StringComparison.Ordinal);
        var dup = Assert.Throws<InputException>(() => new TimerSet([new ResourceTimer("a", TimeSpan.Zero), new ResourceTimer("a", TimeSpan.Zero)]));
        Assert.Contains("'a' is used twice", dup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstructionOutcomeAndStatusNames()
    {
        Assert.True(InstructionOutcome.Accepted.IsAccepted);
        Assert.Null(InstructionOutcome.Accepted.Reason);
        var rejected = InstructionOutcome.Rejected("because");
        Assert.Equal(InstructionStatus.Rejected, rejected.Status);
        Assert.Equal("because", rejected.Reason);
        Assert.Equal("SUCCEEDED", InstructionStatuses.ToS2(InstructionStatus.Succeeded));
        Assert.Equal("ABORTED", InstructionStatuses.ToS2(InstructionStatus.Aborted));
        Assert.Equal("FILL_RATE_BASED_CONTROL", ControlTypes.ToS2(ControlType.FillRateBased));
        Assert.Equal("NOT_SCHEDULED", PowerSequenceStatuses.ToS2(PowerSequenceStatus.NotScheduled));
    }
}
