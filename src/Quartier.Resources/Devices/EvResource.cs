using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Devices;

/// <summary>
/// An electric vehicle as an FRBC resource: one actuator (<see cref="ActuatorId"/>) with modes IDLE and
/// FORCED_CHARGE; the fill level is the state of charge. FORCED_CHARGE takes factor·MaxChargePowerW and stores
/// it with the charging efficiency (S2 element: power 0..Pmax, fill rate 0..Pmax·η/(Cap·3600) per second)
/// until <see cref="EvSpec.MaxSoc"/>, where the runtime throttles it to zero within the step.
/// <para>
/// A charging session: <see cref="SetSoc"/> (arrival SoC), <see cref="Plug"/> (departure and target), instruct,
/// step, <see cref="Unplug"/> (which falls back to IDLE). FORCED_CHARGE is rejected while unplugged.
/// Step allocates nothing.
/// </para>
/// </summary>
public sealed class EvResource : IResource
{
    /// <summary>The id of the EV's single FRBC actuator.</summary>
    public const string ActuatorId = "ev";

    private ResourceMeasurement _measurement;

    /// <summary>Creates the EV, unplugged and IDLE, at <see cref="EvSpec.InitialSoc"/>.</summary>
    /// <exception cref="InputException">The spec is invalid.</exception>
    public EvResource(string id, EvSpec spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(id);
        Id = id;
        Spec = spec;
        Simulation = new FrbcSimulation(BuildModel(spec), spec.InitialSoc, id);
        Simulation.StatusUpdates.Enabled = false;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.FillRateBased;

    /// <summary>The parameters.</summary>
    public EvSpec Spec { get; }

    /// <summary>The FRBC simulation holding mode and state of charge.</summary>
    public FrbcSimulation Simulation { get; }

    /// <summary>True between <see cref="Plug"/> and <see cref="Unplug"/>.</summary>
    public bool IsPlugged { get; private set; }

    /// <summary>Departure of the present session (null when unplugged).</summary>
    public DateTimeOffset? Departure { get; private set; }

    /// <summary>State of charge wanted at departure (NaN when unplugged).</summary>
    public double TargetSoc { get; private set; } = double.NaN;

    /// <summary>State of charge (0..1).</summary>
    public double Soc => Simulation.FillLevel;

    /// <summary>The active mode.</summary>
    public EvMode Mode => (EvMode)Simulation.ActiveModeIndex(0);

    /// <summary>The active factor.</summary>
    public double Factor => Simulation.FactorOf(0);

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <summary>Last measured electric power (W); NaN before the first measurement.</summary>
    public double MeasuredPowerW => _measurement.ElectricW;

    /// <summary>Sets the state of charge (e.g. on arrival).</summary>
    /// <exception cref="InputException">Outside 0..1.</exception>
    public void SetSoc(double soc) => Simulation.ApplyStorageStatus(soc);

    /// <summary>Starts a session: plugged in, to reach <paramref name="targetSoc"/> by <paramref name="departure"/>.</summary>
    /// <exception cref="InputException">Target outside 0..1.</exception>
    public void Plug(DateTimeOffset departure, double targetSoc)
    {
        if (!(targetSoc >= 0 && targetSoc <= 1))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"EV '{Id}': target SoC {targetSoc} is outside 0..1"), elementId: Id);
        }

        IsPlugged = true;
        Departure = departure;
        TargetSoc = targetSoc;
    }

    /// <summary>Ends the session; the EV goes to IDLE.</summary>
    public void Unplug()
    {
        IsPlugged = false;
        Departure = null;
        TargetSoc = double.NaN;
        Simulation.Initialise(0, (int)EvMode.Idle, 0);
    }

    /// <summary>
    /// The AC power needed during the next <paramref name="seconds"/> from <paramref name="at"/> so the target
    /// can still be reached by departure charging at full power afterwards: with E the AC energy still needed
    /// (<c>(target − soc)·Cap/η</c>), T the hours to departure, h the step in hours and slack
    /// <c>s = T − E/Pmax</c>: 0 when s ≥ h, Pmax when s ≤ 0, else <c>Pmax·(h − s)/h</c>; never above E/h.
    /// 0 when unplugged or at the target.
    /// </summary>
    public double RequiredPowerW(DateTimeOffset at, double seconds)
    {
        if (!IsPlugged || Departure is not { } departure || !(seconds > 0))
        {
            return 0;
        }

        var need = Math.Max(TargetSoc - Soc, 0) * Spec.CapacityWh / Spec.ChargeEfficiency;
        if (need <= 0)
        {
            return 0;
        }

        var pmax = Spec.MaxChargePowerW;
        var h = seconds / 3600.0;
        var hoursLeft = (departure - at).TotalHours;
        var slack = hoursLeft - (need / pmax);
        double p;
        if (slack >= h)
        {
            p = 0;
        }
        else if (slack <= 0)
        {
            p = pmax;
        }
        else
        {
            p = pmax * (h - slack) / h;
        }

        return Math.Min(p, need / h);
    }

    /// <summary>Instructs IDLE or FORCED_CHARGE with <paramref name="factor"/> at <paramref name="at"/>.</summary>
    public InstructionOutcome Instruct(EvMode mode, double factor, DateTimeOffset at, bool abnormalCondition = false, string? instructionId = null)
    {
        if (mode == EvMode.ForcedCharge && !IsPlugged)
        {
            return InstructionOutcome.Rejected($"EV '{Id}' is not plugged in; FORCED_CHARGE needs a plugged-in vehicle");
        }

        if ((uint)mode > (uint)EvMode.ForcedCharge)
        {
            return InstructionOutcome.Rejected($"EV '{Id}': unknown mode {(int)mode}; valid: {string.Join(", ", EvModes.AllIds)}");
        }

        return Simulation.InstructIndex(0, (int)mode, factor, at.UtcTicks, abnormalCondition, instructionId);
    }

    /// <summary>Charges (or not) over the step; the SoC stops at MaxSoc.</summary>
    public EvStepResult Step(DateTimeOffset at, double seconds)
    {
        var step = Simulation.Step(at, seconds);
        var power = step.ElectricW;
        var stored = (step.FillLevel - step.StartFillLevel) * Spec.CapacityWh;
        var losses = (power * seconds / 3600.0) - stored;
        return new EvStepResult(power, stored, Math.Max(losses, 0), step.FillLevel);
    }

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyFrbc(this, Simulation, status, ref _measurement);
    }

    private static FrbcModel BuildModel(EvSpec spec)
    {
        var rate = spec.MaxChargePowerW * spec.ChargeEfficiency / (spec.CapacityWh * 3600.0);
        var power = CommodityQuantity.ElectricPower3PhaseSymmetric;
        FrbcOperationModeElement[] idle = [new(new NumberRange(0, 1), new NumberRange(0, 0), [new PowerRange(0, 0, power)])];
        var charging = new FrbcOperationModeElement(new NumberRange(0, spec.MaxSoc), new NumberRange(0, rate), [new PowerRange(0, spec.MaxChargePowerW, power)]);
        FrbcOperationModeElement[] charge = spec.MaxSoc < 1
            ? [charging, new(new NumberRange(spec.MaxSoc, 1), new NumberRange(0, 0), [new PowerRange(0, 0, power)])]
            : [charging];
        var modes = new[]
        {
            new FrbcOperationMode(EvModes.Id(EvMode.Idle), idle),
            new FrbcOperationMode(EvModes.Id(EvMode.ForcedCharge), charge),
        };
        var transitions = new[]
        {
            ResourceTransition.Simple("IDLE_TO_FORCED_CHARGE", "IDLE", "FORCED_CHARGE"),
            ResourceTransition.Simple("FORCED_CHARGE_TO_IDLE", "FORCED_CHARGE", "IDLE"),
        };
        var actuator = new FrbcActuator(ActuatorId, modes, transitions, []);
        return new FrbcModel([actuator], new FrbcStorage(new NumberRange(0, 1), "state of charge (fraction of capacity)"));
    }
}
