using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Devices;

/// <summary>
/// A stationary battery as an FRBC resource: one actuator (<see cref="ActuatorId"/>) whose operation modes are
/// the 13 <see cref="BatteryMode"/>s; the fill level is the state of charge (0..1 of capacity).
/// <para>
/// Transitions: between every pair of the 12 modes other than FAULT (instantaneous). Every mode can go to
/// FAULT, but only under an abnormal condition; FAULT can only go to IDLE (in normal conditions). With
/// <see cref="BatterySpec.MinModeDwell"/> &gt; 0 every transition starts timer <c>MIN_DWELL</c>, which blocks every
/// transition except those into FAULT. A reported status may set any mode directly.
/// </para>
/// <para>
/// Power comes from <see cref="BatteryBehaviour.Setpoint"/> for the active mode and the site; the state of
/// charge integrates it with the efficiencies (stored = P·η_c·h when charging, drawn = |P|/η_d·h when
/// discharging). The FRBC element of each mode (power range and fill rate) describes it for a CEM: charging
/// modes 0..Pc, discharging modes 0..−Pd, site-following modes the envelope −Pd..Pc (there the factor is a cap,
/// not an interpolation). <see cref="Step"/>, <see cref="Setpoint"/> and <see cref="Limits"/> allocate nothing.
/// </para>
/// </summary>
public sealed class BatteryResource : IResource
{
    /// <summary>The id of the battery's single FRBC actuator.</summary>
    public const string ActuatorId = "battery";

    /// <summary>The timer enforcing <see cref="BatterySpec.MinModeDwell"/>.</summary>
    public const string DwellTimerId = "MIN_DWELL";

    private static readonly ResourceTransition[] PlainTransitions = Transitions(dwell: false, TimeSpan.Zero);
    private static readonly ResourceTransition[] DwellTransitions = Transitions(dwell: true, TimeSpan.Zero);
    private ResourceMeasurement _measurement;

    /// <summary>Creates the battery at <see cref="BatterySpec.InitialSoc"/> in <paramref name="initialMode"/>.</summary>
    /// <exception cref="Quartier.Core.Errors.InputException">The spec is invalid.</exception>
    public BatteryResource(string id, BatterySpec spec, BatteryMode initialMode = BatteryMode.SelfConsumption, double initialFactor = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(id);
        if (!(initialFactor >= 0 && initialFactor <= 1))
        {
            throw new Quartier.Core.Errors.InputException($"battery '{id}': initial factor {initialFactor} is outside 0..1", elementId: id);
        }

        Id = id;
        Spec = spec;
        Simulation = new FrbcSimulation(BuildModel(spec), spec.InitialSoc, id);
        Simulation.StatusUpdates.Enabled = false;
        Simulation.Initialise(0, (int)initialMode, initialFactor);
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.FillRateBased;

    /// <summary>The parameters.</summary>
    public BatterySpec Spec { get; }

    /// <summary>The FRBC simulation holding mode, transitions, timers and fill level.</summary>
    public FrbcSimulation Simulation { get; }

    /// <summary>Status updates of instructions (recording off by default; set <c>Enabled</c>).</summary>
    public InstructionStatusLog StatusUpdates => Simulation.StatusUpdates;

    /// <summary>The active operation mode.</summary>
    public BatteryMode Mode => (BatteryMode)Simulation.ActiveModeIndex(0);

    /// <summary>The active operation mode factor.</summary>
    public double Factor => Simulation.FactorOf(0);

    /// <summary>State of charge, 0..1 of capacity.</summary>
    public double FillLevel => Simulation.FillLevel;

    /// <summary>Stored energy (Wh).</summary>
    public double EnergyWh => Simulation.FillLevel * Spec.CapacityWh;

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <summary>Last measured electric power (W, + = charging); NaN before the first measurement.</summary>
    public double MeasuredPowerW => _measurement.ElectricW;

    /// <summary>AC power the battery can take and give over the next <paramref name="seconds"/> (SoC bounds MinSoc..MaxSoc).</summary>
    public BatteryLimits Limits(double seconds) => BatteryBehaviour.Limits(Spec, FillLevel, seconds);

    /// <summary>
    /// Instructs a mode change (or a new factor), executed at <paramref name="at"/>. Rejections: factor outside
    /// 0..1, FAULT without abnormal condition, leaving FAULT other than to IDLE, a running MIN_DWELL timer.
    /// </summary>
    public InstructionOutcome Instruct(BatteryMode mode, double factor, DateTimeOffset at, bool abnormalCondition = false, string? instructionId = null)
    {
        if ((uint)mode >= BatteryModes.Count)
        {
            return InstructionOutcome.Rejected($"battery '{Id}': unknown mode {(int)mode}; valid: {string.Join(", ", BatteryModes.AllIds)}");
        }

        return Simulation.InstructIndex(0, (int)mode, factor, at.UtcTicks, abnormalCondition, instructionId);
    }

    /// <summary>The mode in effect at <paramref name="at"/>: the previous one while a transition runs.</summary>
    public BatteryMode EffectiveMode(DateTimeOffset at) => (BatteryMode)Simulation.EffectiveModeIndex(0, at);

    /// <summary>The factor in effect at <paramref name="at"/>.</summary>
    public double EffectiveFactor(DateTimeOffset at) => Simulation.EffectiveFactor(0, at);

    /// <summary>Whether a transition is under way at <paramref name="at"/>.</summary>
    public bool InTransition(DateTimeOffset at) => Simulation.InTransition(ActuatorId, at);

    /// <summary>The setpoint the active mode would give now for <paramref name="site"/> over <paramref name="seconds"/> (pure preview).</summary>
    public double Setpoint(in SiteConditions site, double seconds)
    {
        var mode = Mode;
        var limits = LimitsFor(mode, seconds);
        return BatteryBehaviour.Setpoint(mode, Factor, site, limits, Spec, FillLevel);
    }

    /// <summary>
    /// Executes the mode in effect at <paramref name="at"/> for <paramref name="seconds"/>: setpoint within the
    /// limits, energy through the efficiencies, new state of charge.
    /// </summary>
    public BatteryStepResult Step(DateTimeOffset at, double seconds, in SiteConditions site)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "step length must be a finite number of seconds >= 0");
        }

        Simulation.Advance(at);
        var mode = (BatteryMode)Simulation.EffectiveModeIndex(0, at);
        var factor = Simulation.EffectiveFactor(0, at);
        var limits = LimitsFor(mode, seconds);
        var p = BatteryBehaviour.Setpoint(mode, factor, site, limits, Spec, FillLevel);
        var h = seconds / 3600.0;
        double stored, losses;
        if (p > 0)
        {
            stored = p * Spec.ChargeEfficiency * h;
            losses = (p * h) - stored;
        }
        else if (p < 0)
        {
            var drawn = -p / Spec.DischargeEfficiency * h;
            stored = -drawn;
            losses = drawn + (p * h);
        }
        else
        {
            stored = 0;
            losses = 0;
        }

        var level = FillLevel + (stored / Spec.CapacityWh);
        if (Math.Abs(level - Spec.MaxSoc) < 1e-12)
        {
            level = Spec.MaxSoc;
        }
        else if (Math.Abs(level - Spec.MinSoc) < 1e-12)
        {
            level = Spec.MinSoc;
        }

        Simulation.SetFillLevel(level);
        Simulation.Advance(at.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)));
        return new BatteryStepResult(p, stored, losses, Simulation.FillLevel);
    }

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyFrbc(this, Simulation, status, ref _measurement);
    }

    private BatteryLimits LimitsFor(BatteryMode mode, double seconds) =>
        BatteryBehaviour.Limits(Spec, FillLevel, seconds, mode == BatteryMode.ReserveBackup ? Spec.ReserveSoc : 0);

    private static FrbcModel BuildModel(BatterySpec spec)
    {
        var pc = spec.MaxChargePowerW;
        var pd = spec.DischargeLimitW;
        var perSecond = 1.0 / (spec.CapacityWh * 3600.0);
        var chargeRate = pc * spec.ChargeEfficiency * perSecond;
        var dischargeRate = -pd / spec.DischargeEfficiency * perSecond;
        var full = new NumberRange(0, 1);
        var modes = new FrbcOperationMode[BatteryModes.Count];
        for (var m = 0; m < modes.Length; m++)
        {
            var mode = (BatteryMode)m;
            (NumberRange rate, NumberRange power) = mode switch
            {
                BatteryMode.Idle or BatteryMode.Fault => (new NumberRange(0, 0), new NumberRange(0, 0)),
                BatteryMode.ForcedCharge or BatteryMode.NonExport => (new NumberRange(0, chargeRate), new NumberRange(0, pc)),
                BatteryMode.GridSupportImport => (new NumberRange(0, (spec.GridSupportPowerW ?? pc) * spec.ChargeEfficiency * perSecond), new NumberRange(0, spec.GridSupportPowerW ?? pc)),
                BatteryMode.ForcedDischarge => (new NumberRange(0, dischargeRate), new NumberRange(0, -pd)),
                BatteryMode.GridSupportExport => (new NumberRange(0, -(spec.GridSupportPowerW ?? pd) / spec.DischargeEfficiency * perSecond), new NumberRange(0, -(spec.GridSupportPowerW ?? pd))),
                _ => (new NumberRange(dischargeRate, chargeRate), new NumberRange(-pd, pc)),
            };
            var element = new FrbcOperationModeElement(full, rate, [new PowerRange(power.Start, power.End, CommodityQuantity.ElectricPower3PhaseSymmetric)]);
            modes[m] = new FrbcOperationMode(BatteryModes.Id(mode), [element], AbnormalConditionOnly: false);
        }

        var dwell = spec.MinModeDwell > TimeSpan.Zero;
        ResourceTimer[] timerList = dwell ? [new ResourceTimer(DwellTimerId, spec.MinModeDwell)] : [];
        var transitions = spec.TransitionDuration > TimeSpan.Zero ? Transitions(dwell, spec.TransitionDuration) : dwell ? DwellTransitions : PlainTransitions;
        var actuator = new FrbcActuator(ActuatorId, modes, transitions, timerList);
        return new FrbcModel([actuator], new FrbcStorage(full, "state of charge (fraction of capacity)"));
    }

    /// <summary>The 145 transitions (without a duration shared by every battery, so the runtime compiles them once); transitions into FAULT are instantaneous.</summary>
    private static ResourceTransition[] Transitions(bool dwell, TimeSpan duration)
    {
        string[] timers = dwell ? [DwellTimerId] : [];
        var transitions = new List<ResourceTransition>();
        for (var from = 0; from < BatteryModes.Count; from++)
        {
            for (var to = 0; to < BatteryModes.Count; to++)
            {
                var f = (BatteryMode)from;
                var t = (BatteryMode)to;
                if (from == to || (f == BatteryMode.Fault && t != BatteryMode.Idle))
                {
                    continue;
                }

                var intoFault = t == BatteryMode.Fault;
                transitions.Add(new ResourceTransition(
                    $"{BatteryModes.Id(f)}_TO_{BatteryModes.Id(t)}",
                    BatteryModes.Id(f),
                    BatteryModes.Id(t),
                    timers,
                    intoFault ? [] : timers,
                    intoFault ? TimeSpan.Zero : duration,
                    AbnormalConditionOnly: intoFault));
            }
        }

        return [.. transitions];
    }
}
