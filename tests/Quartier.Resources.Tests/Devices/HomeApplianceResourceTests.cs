using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Tests.Devices;

/// <summary>The EOS dishwasher: 2000 Wh over 3 h (666.7 W), windows 08:00 +5 h and 15:00 +3 h.</summary>
public sealed class HomeApplianceResourceTests
{
    private const double Hour = 3600;
    private static readonly DateTimeOffset Day = new(2025, 7, 25, 0, 0, 0, TimeSpan.Zero);

    private static (DateTimeOffset Start, DateTimeOffset End)[] EosWindows(DateTimeOffset day) =>
        [(day.AddHours(8), day.AddHours(13)), (day.AddHours(15), day.AddHours(18))];

    private static HomeApplianceResource Dishwasher() => new("dishwasher1", 2000, 3, EosWindows(Day));

    [Fact]
    public void RunsToTheEndOfItsSequence()
    {
        var dw = Dishwasher();
        Assert.Equal(TimeSpan.FromHours(3), dw.Duration);
        Assert.Equal(2000, dw.ConsumptionWh, 9);
        Assert.True(dw.Instruct(ApplianceMode.Run, Day.AddHours(9)).IsAccepted);
        Assert.Equal(Day.AddHours(12), dw.RunEnd);
        var energy = 0.0;
        for (var h = 8; h < 14; h++)
        {
            var r = dw.Step(Day.AddHours(h), Hour);
            energy += r.EnergyWh;
            var expected = h is >= 9 and < 12 ? 2000.0 / 3 : 0;
            Assert.Equal(expected, r.PowerW, 9);
        }

        Assert.Equal(2000, energy, 9);
        Assert.Equal(PowerSequenceStatus.Finished, dw.Status(Day.AddHours(12)));
        Assert.Equal(ApplianceMode.Off, dw.Mode(Day.AddHours(12)));
        Assert.Equal(ApplianceMode.Run, dw.Mode(Day.AddHours(10)));
    }

    [Fact]
    public void StartMustFitInsideAWindow()
    {
        Assert.True(Dishwasher().Instruct(ApplianceMode.Run, Day.AddHours(10)).IsAccepted);   // ends 13:00
        Assert.True(Dishwasher().Instruct(ApplianceMode.Run, Day.AddHours(15)).IsAccepted);
        var late = Dishwasher().Instruct(ApplianceMode.Run, Day.AddHours(11));
        Assert.Equal(
            "appliance 'dishwasher1' start 2025-07-25T11:00:00Z is outside every allowed start window (a run of 03:00:00 must start and end within one): [2025-07-25T08:00:00Z, 2025-07-25T13:00:00Z], [2025-07-25T15:00:00Z, 2025-07-25T18:00:00Z]",
            late.Reason);
        Assert.False(Dishwasher().Instruct(ApplianceMode.Run, Day.AddHours(16)).IsAccepted);
        Assert.False(Dishwasher().Instruct(ApplianceMode.Run, Day.AddHours(7)).IsAccepted);
        Assert.True(new HomeApplianceResource("any", 2000, 3).Instruct(ApplianceMode.Run, Day.AddHours(23)).IsAccepted);
    }

    [Fact]
    public void WindowMayCrossMidnight()
    {
        (DateTimeOffset, DateTimeOffset)[] night = [(Day.AddHours(22), Day.AddHours(28))];   // 22:00 .. 04:00 next day
        var dw = new HomeApplianceResource("dw", 2000, 3, night);
        Assert.True(dw.IsAllowedStart(Day.AddHours(23.5)));
        Assert.True(dw.IsAllowedStart(Day.AddHours(24.5)));
        Assert.True(dw.IsAllowedStart(Day.AddHours(25)));
        Assert.False(dw.IsAllowedStart(Day.AddHours(25.5)));
        Assert.False(dw.IsAllowedStart(Day.AddHours(21.5)));
        Assert.Contains("outside every allowed start window", dw.Instruct(ApplianceMode.Run, Day.AddHours(25.5)).Reason, StringComparison.Ordinal);
        Assert.True(dw.Instruct(ApplianceMode.Run, Day.AddHours(23.5)).IsAccepted);
        Assert.Equal(1000.0 / 3, dw.Step(Day.AddHours(23), Hour).PowerW, 9);    // starts half way through the step
        Assert.Equal(2000.0 / 3, dw.Step(Day.AddHours(24), Hour).PowerW, 9);
    }

    [Fact]
    public void OneStartPerHorizon()
    {
        var dw = Dishwasher();
        dw.BeginHorizon(Day, Day.AddDays(1));
        Assert.True(dw.Instruct(ApplianceMode.Run, Day.AddHours(9)).IsAccepted);
        Assert.Equal(
            "appliance 'dishwasher1' is already running (since 2025-07-25T09:00:00Z) until 2025-07-25T12:00:00Z",
            dw.Instruct(ApplianceMode.Run, Day.AddHours(10)).Reason);
        Assert.Equal(
            "appliance 'dishwasher1' is running until 2025-07-25T12:00:00Z and its power sequence is not interruptible",
            dw.Instruct(ApplianceMode.Off, Day.AddHours(10)).Reason);
        dw.Step(Day.AddHours(9), 3 * Hour);
        Assert.Equal(
            "appliance 'dishwasher1' already started at 2025-07-25T09:00:00Z in this horizon; one start per horizon",
            dw.Instruct(ApplianceMode.Run, Day.AddHours(15)).Reason);

        var next = Day.AddDays(1);
        var other = new HomeApplianceResource("x", 1, 1);
        other.BeginHorizon(Day, next);
        Assert.Equal(
            "appliance 'x' start 2025-07-26T01:00:00Z is outside the horizon [2025-07-25T00:00:00Z, 2025-07-26T00:00:00Z)",
            other.Instruct(ApplianceMode.Run, next.AddHours(1)).Reason);
        var dw2 = new HomeApplianceResource("dishwasher1", 2000, 3, [.. EosWindows(Day), .. EosWindows(next)]);
        dw2.BeginHorizon(Day, next);
        Assert.True(dw2.Instruct(ApplianceMode.Run, Day.AddHours(9)).IsAccepted);
        dw2.Step(Day.AddHours(9), 3 * Hour);
        dw2.BeginHorizon(next, next.AddDays(1));
        Assert.True(dw2.Instruct(ApplianceMode.Run, next.AddHours(9)).IsAccepted);
        Assert.Equal(2000.0 / 3, dw2.Step(next.AddHours(9), Hour).PowerW, 9);
    }

    [Fact]
    public void OffBeforeTheStartCancelsTheRun()
    {
        var dw = Dishwasher();
        Assert.True(dw.Instruct(ApplianceMode.Run, Day.AddHours(15)).IsAccepted);
        Assert.Equal(PowerSequenceStatus.Scheduled, dw.Status(Day.AddHours(14)));
        Assert.Contains("already scheduled to start at 2025-07-25T15:00:00Z", dw.Instruct(ApplianceMode.Run, Day.AddHours(14)).Reason, StringComparison.Ordinal);
        Assert.True(dw.Instruct(ApplianceMode.Off, Day.AddHours(14)).IsAccepted);
        Assert.Null(dw.StartedAt);
        Assert.Equal(0, dw.Step(Day.AddHours(15), Hour).PowerW);
        Assert.True(dw.Instruct(ApplianceMode.Run, Day.AddHours(15)).IsAccepted);
    }

    [Fact]
    public void InterruptibleSequencePausesOnOffAndResumesOnRun()
    {
        var wm = new HomeApplianceResource("washer", [1000, 2000, 500], TimeSpan.FromMinutes(15), interruptible: true);
        var t = Day.AddHours(10);
        Assert.True(wm.Instruct(ApplianceMode.Run, t).IsAccepted);
        Assert.Equal(1000, wm.Step(t, 900).PowerW, 9);
        Assert.True(wm.Instruct(ApplianceMode.Off, t.AddMinutes(15)).IsAccepted);
        var paused = wm.Step(t.AddMinutes(15), 900);
        Assert.Equal(0, paused.PowerW);
        Assert.Equal(PowerSequenceStatus.Interrupted, paused.Status);
        Assert.True(wm.Instruct(ApplianceMode.Run, t.AddMinutes(30)).IsAccepted);
        Assert.Equal(2000, wm.Step(t.AddMinutes(30), 900).PowerW, 9);
        var last = wm.Step(t.AddMinutes(45), 900);
        Assert.Equal(500, last.PowerW, 9);
        Assert.Equal(PowerSequenceStatus.Finished, last.Status);
        Assert.Equal(875, wm.ConsumptionWh, 9);
    }

    [Fact]
    public void RejectsBadDefinitions()
    {
        Assert.Equal("appliance 'x': duration_h 0 must be > 0", Assert.Throws<InputException>(() => new HomeApplianceResource("x", 100, 0)).Message);
        Assert.Equal("appliance 'x': consumption_wh -1 must be >= 0", Assert.Throws<InputException>(() => new HomeApplianceResource("x", -1, 1)).Message);
        Assert.Contains("must end after it starts", Assert.Throws<InputException>(() => new HomeApplianceResource("x", 1, 1, [(Day, Day)])).Message, StringComparison.Ordinal);
        Assert.Contains("the power sequence is empty", Assert.Throws<InputException>(() => new HomeApplianceResource("x", [], TimeSpan.FromMinutes(1))).Message, StringComparison.Ordinal);
    }
}
