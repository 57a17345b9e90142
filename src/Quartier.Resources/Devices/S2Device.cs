using Quartier.Resources.Runtime;

namespace Quartier.Resources.Devices;

/// <summary>
/// An S2 device of a run or a query, whatever its control type (OMBC, DDBC, PPBC): it takes instructions by mode id,
/// reports the mode, factor and transition in effect, and is stepped interval by interval. Built from a description
/// by <see cref="S2DeviceDescription"/>.
/// </summary>
public abstract class S2Device
{
    /// <summary>The device's id (the ESDL asset's name or id).</summary>
    public abstract string Id { get; }

    /// <summary>The S2 control type.</summary>
    public abstract ControlType ControlType { get; }

    /// <summary>Operation mode ids, in the order <see cref="EffectiveModeIndex"/> counts them.</summary>
    public abstract IReadOnlyList<string> ModeIds { get; }

    /// <summary>Instructs <paramref name="mode"/> at <paramref name="at"/> (the reason says why one is refused).</summary>
    public abstract InstructionOutcome Instruct(string mode, double factor, DateTimeOffset at, string? actuator = null, bool abnormalCondition = false);

    /// <summary>Index in <see cref="ModeIds"/> of the mode in effect at <paramref name="at"/>.</summary>
    public abstract int EffectiveModeIndex(DateTimeOffset at);

    /// <summary>The factor in effect at <paramref name="at"/>.</summary>
    public abstract double EffectiveFactor(DateTimeOffset at);

    /// <summary>Whether a transition is under way at <paramref name="at"/>.</summary>
    public abstract bool InTransition(DateTimeOffset at);

    /// <summary>Runs the interval from <paramref name="at"/> for <paramref name="seconds"/>: average electric power (W) and, for DDBC, supply and demand.</summary>
    public abstract S2DeviceStep Step(DateTimeOffset at, double seconds);

    /// <summary>What the device does by itself at the start of an interval (a PPBC appliance with auto start starts); nothing by default.</summary>
    public virtual void BeforeStep(DateTimeOffset at)
    {
    }

    /// <summary>Whether <paramref name="mode"/> names a mode of the device (of <paramref name="actuator"/> for DDBC).</summary>
    public virtual bool HasMode(string mode, string? actuator = null) => ModeIds.Contains(mode);
}

/// <summary>One interval of an <see cref="S2Device"/>: averages over it.</summary>
/// <param name="PowerW">Electric power (W, consumption positive).</param>
/// <param name="SupplyRate">DDBC: the supply rate delivered (0 otherwise).</param>
/// <param name="DemandRate">DDBC: the demand rate (0 otherwise).</param>
/// <param name="FillLevel">FRBC: the fill level at the end of the interval (NaN for devices without storage).</param>
public readonly record struct S2DeviceStep(double PowerW, double SupplyRate, double DemandRate, double FillLevel = double.NaN);

/// <summary>An OMBC device over <see cref="OmbcSimulation"/>.</summary>
public sealed class OmbcDevice(string id, OmbcSimulation simulation) : S2Device
{
    private readonly string[] _modes = [.. simulation.Model.OperationModes.Select(m => m.Id)];

    /// <summary>The simulation.</summary>
    public OmbcSimulation Simulation { get; } = simulation;

    /// <inheritdoc />
    public override string Id { get; } = id;

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.OperationModeBased;

    /// <inheritdoc />
    public override IReadOnlyList<string> ModeIds => _modes;

    /// <inheritdoc />
    public override InstructionOutcome Instruct(string mode, double factor, DateTimeOffset at, string? actuator = null, bool abnormalCondition = false) =>
        Simulation.Instruct(mode, factor, at, abnormalCondition);

    /// <inheritdoc />
    public override int EffectiveModeIndex(DateTimeOffset at) => Simulation.EffectiveModeIndex(at);

    /// <inheritdoc />
    public override double EffectiveFactor(DateTimeOffset at) => Simulation.EffectiveFactor(at);

    /// <inheritdoc />
    public override bool InTransition(DateTimeOffset at) => Simulation.InTransition(at);

    /// <inheritdoc />
    public override S2DeviceStep Step(DateTimeOffset at, double seconds) => new(Simulation.Step(at, seconds).ElectricW, 0, 0);
}

/// <summary>A DDBC device over <see cref="DdbcSimulation"/>; modes and transitions are reported for its first actuator.</summary>
public sealed class DdbcDevice(string id, DdbcSimulation simulation) : S2Device
{
    private readonly string[] _modes = [.. simulation.Model.Actuators[0].OperationModes.Select(m => m.Id)];
    private readonly string _first = simulation.Model.Actuators[0].Id;

    /// <summary>The simulation.</summary>
    public DdbcSimulation Simulation { get; } = simulation;

    /// <inheritdoc />
    public override string Id { get; } = id;

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.DemandDrivenBased;

    /// <inheritdoc />
    public override IReadOnlyList<string> ModeIds => _modes;

    /// <inheritdoc />
    public override InstructionOutcome Instruct(string mode, double factor, DateTimeOffset at, string? actuator = null, bool abnormalCondition = false) =>
        Simulation.Instruct(actuator ?? _first, mode, factor, at, abnormalCondition);

    /// <inheritdoc />
    public override bool HasMode(string mode, string? actuator = null)
    {
        var a = Simulation.Model.Actuators.FirstOrDefault(x => x.Id == (actuator ?? _first));
        return a is not null && a.OperationModes.Any(m => m.Id == mode);
    }

    /// <inheritdoc />
    public override int EffectiveModeIndex(DateTimeOffset at) => Simulation.EffectiveModeIndex(_first, at);

    /// <inheritdoc />
    public override double EffectiveFactor(DateTimeOffset at) => Simulation.EffectiveFactor(_first, at);

    /// <inheritdoc />
    public override bool InTransition(DateTimeOffset at) => Simulation.ActuatorIds.Any(a => Simulation.InTransition(a, at));

    /// <inheritdoc />
    public override S2DeviceStep Step(DateTimeOffset at, double seconds)
    {
        var step = Simulation.Step(at, seconds);
        return new S2DeviceStep(step.Power.ElectricW, step.SupplyRate, step.DemandRate);
    }
}

/// <summary>
/// A PPBC home appliance (<see cref="HomeApplianceResource"/>): modes OFF and RUN. With <see cref="AutoStart"/> the
/// device starts itself at the first step where a run is allowed, once per UTC day (its horizon).
/// </summary>
public sealed class ApplianceDevice(HomeApplianceResource appliance, bool autoStart) : S2Device
{
    private static readonly string[] Modes = ["OFF", "RUN"];
    private DateTime _day = DateTime.MinValue;

    /// <summary>The appliance resource.</summary>
    public HomeApplianceResource Appliance { get; } = appliance;

    /// <summary>Whether the appliance starts itself as early as its windows allow.</summary>
    public bool AutoStart { get; } = autoStart;

    /// <inheritdoc />
    public override string Id => Appliance.Id;

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.PowerProfileBased;

    /// <inheritdoc />
    public override IReadOnlyList<string> ModeIds => Modes;

    /// <inheritdoc />
    public override InstructionOutcome Instruct(string mode, double factor, DateTimeOffset at, string? actuator = null, bool abnormalCondition = false)
    {
        BeginDay(at);
        return mode switch
        {
            "RUN" => Appliance.Instruct(ApplianceMode.Run, at),
            "OFF" => Appliance.Instruct(ApplianceMode.Off, at),
            _ => InstructionOutcome.Rejected($"appliance '{Id}' has no operation mode '{mode}'; valid: OFF, RUN"),
        };
    }

    /// <inheritdoc />
    public override int EffectiveModeIndex(DateTimeOffset at) => Appliance.Mode(at) == ApplianceMode.Run ? 1 : 0;

    /// <inheritdoc />
    public override double EffectiveFactor(DateTimeOffset at) => EffectiveModeIndex(at);

    /// <inheritdoc />
    public override bool InTransition(DateTimeOffset at) => false;

    /// <inheritdoc />
    public override void BeforeStep(DateTimeOffset at)
    {
        BeginDay(at);
        if (AutoStart && Appliance.StartedAt is null && Appliance.IsAllowedStart(at))
        {
            Appliance.Instruct(ApplianceMode.Run, at);
        }
    }

    /// <inheritdoc />
    public override S2DeviceStep Step(DateTimeOffset at, double seconds) => new(Appliance.Step(at, seconds).PowerW, 0, 0);

    private void BeginDay(DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        if (day != _day && Appliance.Mode(at) != ApplianceMode.Run)
        {
            _day = day;
            var start = new DateTimeOffset(day, TimeSpan.Zero);
            Appliance.BeginHorizon(start, start.AddDays(1));
        }
    }
}
