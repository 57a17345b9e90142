using Quartier.Resources.Devices;
using Quartier.Resources.Runtime;

namespace Quartier.Resources.Query;

/// <summary>
/// A <see cref="BatteryResource"/> seen as an <see cref="S2Device"/> (FRBC), stepped with the site conditions
/// <see cref="Site"/> gives for each interval; <see cref="CopyOf"/> makes an independent copy of a live battery (mode,
/// factor, transition, timers, fill level) to simulate forward without touching it.
/// </summary>
public sealed class BatteryDevice(BatteryResource battery, Func<DateTimeOffset, SiteConditions>? site = null) : S2Device
{
    /// <summary>The battery.</summary>
    public BatteryResource Battery { get; } = battery ?? throw new ArgumentNullException(nameof(battery));

    /// <summary>The site the battery sees in the interval starting at an instant (default: no PV, no load, grid up).</summary>
    public Func<DateTimeOffset, SiteConditions> Site { get; } = site ?? (_ => new SiteConditions(0, 0));

    /// <inheritdoc />
    public override string Id => Battery.Id;

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.FillRateBased;

    /// <inheritdoc />
    public override IReadOnlyList<string> ModeIds => BatteryModes.AllIds;

    /// <summary>An independent copy of <paramref name="battery"/> in its present state.</summary>
    public static BatteryDevice CopyOf(BatteryResource battery, Func<DateTimeOffset, SiteConditions>? site = null)
    {
        ArgumentNullException.ThrowIfNull(battery);
        var copy = new BatteryResource(battery.Id, battery.Spec with { InitialSoc = battery.FillLevel }, battery.Mode, battery.Factor);
        var sim = battery.Simulation;
        var actuator = BatteryResource.ActuatorId;
        copy.Simulation.ApplyActuatorStatus(actuator, sim.ActiveModeId(actuator), sim.Factor(actuator), sim.PreviousModeId(actuator), sim.TransitionTimestamp(actuator));
        var timers = sim.Timers(actuator);
        for (int t = 0; t < timers.Count; t++)
        {
            if (timers.FinishedAt(t) > DateTimeOffset.MinValue)
            {
                copy.Simulation.ApplyTimerStatus(actuator, timers[t].Id, timers.FinishedAt(t));
            }
        }

        copy.Simulation.ApplyStorageStatus(battery.FillLevel);
        return new BatteryDevice(copy, site);
    }

    /// <inheritdoc />
    public override InstructionOutcome Instruct(string mode, double factor, DateTimeOffset at, string? actuator = null, bool abnormalCondition = false) =>
        BatteryModes.TryParse(mode, out var m)
            ? Battery.Instruct(m, factor, at, abnormalCondition)
            : InstructionOutcome.Rejected($"battery '{Id}' has no operation mode '{mode}'; valid: {string.Join(", ", BatteryModes.AllIds)}");

    /// <inheritdoc />
    public override int EffectiveModeIndex(DateTimeOffset at) => (int)Battery.EffectiveMode(at);

    /// <inheritdoc />
    public override double EffectiveFactor(DateTimeOffset at) => Battery.EffectiveFactor(at);

    /// <inheritdoc />
    public override bool InTransition(DateTimeOffset at) => Battery.InTransition(at);

    /// <inheritdoc />
    public override S2DeviceStep Step(DateTimeOffset at, double seconds)
    {
        var r = Battery.Step(at, seconds, Site(at));
        return new S2DeviceStep(r.PowerW, 0, 0, r.FillLevel);
    }
}
