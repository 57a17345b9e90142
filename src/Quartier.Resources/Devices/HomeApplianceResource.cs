using System.Globalization;
using System.Text;
using Quartier.Core.Errors;
using Quartier.Resources.Runtime;
using Quartier.Resources.Status;

namespace Quartier.Resources.Devices;

/// <summary>
/// A home appliance (dishwasher, washing machine) as a PPBC resource: one container with one power sequence,
/// either constant (<c>consumptionWh</c> over <c>durationH</c>) or given per interval.
/// <para>
/// RUN at t is accepted iff: the appliance is not running or scheduled; it has not started yet in the present
/// horizon (<see cref="BeginHorizon"/> resets the one-start rule; before any horizon there is no limit); t lies
/// in the horizon, if one is set; and, when start windows are given, some window has <c>Start ≤ t</c> and
/// <c>t + duration ≤ End</c> (a window may cross midnight: windows are absolute times). A run continues to the end
/// of its sequence. OFF during a run is rejected unless the sequence is interruptible (then it pauses, and RUN
/// resumes it); OFF before a scheduled start cancels it. Step allocates nothing.
/// </para>
/// </summary>
public sealed class HomeApplianceResource : IResource
{
    private const int Container = 0;
    private readonly (DateTimeOffset Start, DateTimeOffset End)[]? _windows;
    private readonly long _durationTicks;
    private long _horizonStart = long.MinValue;
    private long _horizonEnd = long.MaxValue;
    private bool _horizonSet;
    private DateTimeOffset? _startedAt;
    private ResourceMeasurement _measurement;

    /// <summary>An appliance using <paramref name="consumptionWh"/> evenly over <paramref name="durationH"/> hours.</summary>
    /// <exception cref="InputException">Negative consumption, non-positive duration or an empty window.</exception>
    public HomeApplianceResource(string deviceId, double consumptionWh, double durationH, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? allowedStartWindows = null)
        : this(deviceId, ConstantSequence(deviceId, consumptionWh, durationH), false, allowedStartWindows)
    {
    }

    /// <summary>An appliance with power <paramref name="powerSequenceW"/>[i] during interval i of length <paramref name="interval"/>.</summary>
    /// <exception cref="InputException">An empty sequence, a non-finite power, a non-positive interval or an empty window.</exception>
    public HomeApplianceResource(string deviceId, IReadOnlyList<double> powerSequenceW, TimeSpan interval, bool interruptible = false, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? allowedStartWindows = null)
        : this(deviceId, IntervalSequence(deviceId, powerSequenceW, interval), interruptible, allowedStartWindows)
    {
    }

    private HomeApplianceResource(string deviceId, PpbcSequenceElement[] elements, bool interruptible, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? windows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        Id = deviceId;
        Interruptible = interruptible;
        if (windows is not null)
        {
            _windows = new (DateTimeOffset, DateTimeOffset)[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                if (!(windows[i].Start < windows[i].End))
                {
                    throw new InputException($"appliance '{deviceId}': start window {i} [{Ticks.Format(windows[i].Start)}, {Ticks.Format(windows[i].End)}] must end after it starts", elementId: deviceId);
                }

                _windows[i] = windows[i];
            }
        }

        var sequence = new PpbcPowerSequence("RUN", elements, interruptible);
        var profile = new PpbcPowerProfile($"{deviceId}_profile", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [new PpbcSequenceContainer("run", [sequence])]);
        Simulation = new PpbcSimulation(profile, deviceId);
        Simulation.StatusUpdates.Enabled = false;
        _durationTicks = Simulation.TotalTicks(Container, 0);
        var energy = 0.0;
        foreach (var e in elements)
        {
            energy += e.PowerValues[0].Value * e.Duration.TotalHours;
        }

        ConsumptionWh = energy;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public ControlType ControlType => ControlType.PowerProfileBased;

    /// <summary>The PPBC simulation (container <c>run</c>, sequence <c>RUN</c>).</summary>
    public PpbcSimulation Simulation { get; }

    /// <summary>Whether OFF may pause a run.</summary>
    public bool Interruptible { get; }

    /// <summary>Duration of one run (without pauses).</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(_durationTicks);

    /// <summary>Energy of one run (Wh).</summary>
    public double ConsumptionWh { get; }

    /// <summary>Start of the run in the present horizon, or null.</summary>
    public DateTimeOffset? StartedAt => _startedAt;

    /// <inheritdoc />
    public ResourceMeasurement Measurement => _measurement;

    /// <summary>Last measured electric power (W); NaN before the first measurement.</summary>
    public double MeasuredPowerW => _measurement.ElectricW;

    /// <summary>Status of the run at <paramref name="at"/>.</summary>
    public PowerSequenceStatus Status(DateTimeOffset at) => Simulation.StatusAt(Container, at.UtcTicks);

    /// <summary>RUN while scheduled or executing at <paramref name="at"/>, else OFF.</summary>
    public ApplianceMode Mode(DateTimeOffset at) =>
        Status(at) is PowerSequenceStatus.Scheduled or PowerSequenceStatus.Executing ? ApplianceMode.Run : ApplianceMode.Off;

    /// <summary>Predicted end of the present run, or null.</summary>
    public DateTimeOffset? RunEnd => Simulation.EndTicks(Container) is long e ? Ticks.ToTime(e) : null;

    /// <summary>Starts an optimisation horizon: one start is allowed within [<paramref name="start"/>, <paramref name="end"/>).</summary>
    /// <exception cref="InputException">The horizon is empty.</exception>
    public void BeginHorizon(DateTimeOffset start, DateTimeOffset end)
    {
        if (!(start < end))
        {
            throw new InputException($"appliance '{Id}': horizon [{Ticks.Format(start)}, {Ticks.Format(end)}) is empty", elementId: Id);
        }

        _horizonStart = start.UtcTicks;
        _horizonEnd = end.UtcTicks;
        _horizonSet = true;
        _startedAt = null;
    }

    /// <summary>True when a run may start at <paramref name="at"/> as far as the windows go.</summary>
    public bool IsAllowedStart(DateTimeOffset at)
    {
        if (_windows is null)
        {
            return true;
        }

        var t = at.UtcTicks;
        foreach (var (start, end) in _windows)
        {
            if (start.UtcTicks <= t && Ticks.Add(t, _durationTicks) <= end.UtcTicks)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>RUN or OFF at <paramref name="at"/> (rules in the class remarks; the reason says which failed).</summary>
    public InstructionOutcome Instruct(ApplianceMode mode, DateTimeOffset at)
    {
        var t = at.UtcTicks;
        var status = Simulation.StatusAt(Container, t);
        if (mode == ApplianceMode.Off)
        {
            return status switch
            {
                PowerSequenceStatus.Executing when Interruptible => Simulation.StartInterruptionIndex(Container, t, null),
                PowerSequenceStatus.Executing => Reject($"is running until {Ticks.Format(Simulation.EndTicks(Container) ?? t)} and its power sequence is not interruptible"),
                PowerSequenceStatus.Scheduled => CancelScheduled(t),
                _ => InstructionOutcome.Accepted,
            };
        }

        switch (status)
        {
            case PowerSequenceStatus.Interrupted:
                return Simulation.EndInterruptionIndex(Container, t, null);
            case PowerSequenceStatus.Executing:
                return Reject($"is already running (since {Ticks.Format(_startedAt ?? at)}) until {Ticks.Format(Simulation.EndTicks(Container) ?? t)}");
            case PowerSequenceStatus.Scheduled:
                return Reject($"is already scheduled to start at {Ticks.Format(_startedAt ?? at)}");
        }

        if (_startedAt is { } started)
        {
            return Reject($"already started at {Ticks.Format(started)} in this horizon; one start per horizon");
        }

        if (_horizonSet && (t < _horizonStart || t >= _horizonEnd))
        {
            return Reject($"start {Ticks.Format(t)} is outside the horizon [{Ticks.Format(_horizonStart)}, {Ticks.Format(_horizonEnd)})");
        }

        if (!IsAllowedStart(at))
        {
            return Reject($"start {Ticks.Format(t)} is outside every allowed start window (a run of {Duration} must start and end within one): {WindowList()}");
        }

        if (status is PowerSequenceStatus.Finished or PowerSequenceStatus.Aborted)
        {
            Simulation.ResetIndex(Container, t);
        }

        var outcome = Simulation.ScheduleIndex(Container, 0, t, false, null);
        if (outcome.IsAccepted)
        {
            _startedAt = at;
        }

        return outcome;
    }

    /// <summary>Average power and energy over the step; status at its end.</summary>
    public ApplianceStepResult Step(DateTimeOffset at, double seconds)
    {
        var power = Simulation.Step(at, seconds).ElectricW;
        var end = at.UtcTicks + Ticks.FromSeconds(seconds);
        return new ApplianceStepResult(power, power * seconds / 3600.0, Simulation.StatusAt(Container, end));
    }

    /// <inheritdoc />
    public void ApplyStatus(ResourceStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusDispatch.ApplyMeasurementOnly(this, status, ref _measurement);
    }

    private static PpbcSequenceElement[] ConstantSequence(string id, double consumptionWh, double durationH)
    {
        if (!(consumptionWh >= 0) || !double.IsFinite(consumptionWh))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"appliance '{id}': consumption_wh {consumptionWh} must be >= 0"), elementId: id);
        }

        if (!(durationH > 0) || !double.IsFinite(durationH))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"appliance '{id}': duration_h {durationH} must be > 0"), elementId: id);
        }

        var duration = TimeSpan.FromHours(durationH);
        return [new PpbcSequenceElement(duration, [new PowerValue(CommodityQuantity.ElectricPower3PhaseSymmetric, consumptionWh / duration.TotalHours)])];
    }

    private static PpbcSequenceElement[] IntervalSequence(string id, IReadOnlyList<double> powerW, TimeSpan interval)
    {
        if (powerW is null || powerW.Count == 0)
        {
            throw new InputException($"appliance '{id}': the power sequence is empty", elementId: id);
        }

        if (interval <= TimeSpan.Zero)
        {
            throw new InputException($"appliance '{id}': interval {interval} must be > 0", elementId: id);
        }

        var elements = new PpbcSequenceElement[powerW.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            if (!double.IsFinite(powerW[i]))
            {
                throw new InputException($"appliance '{id}': power sequence value {i} is not a finite number", elementId: id);
            }

            elements[i] = new PpbcSequenceElement(interval, [new PowerValue(CommodityQuantity.ElectricPower3PhaseSymmetric, powerW[i])]);
        }

        return elements;
    }

    private InstructionOutcome CancelScheduled(long t)
    {
        var outcome = Simulation.ResetIndex(Container, t);
        if (outcome.IsAccepted)
        {
            _startedAt = null;
        }

        return outcome;
    }

    private InstructionOutcome Reject(string reason) => InstructionOutcome.Rejected($"appliance '{Id}' {reason}");

    private string WindowList()
    {
        var sb = new StringBuilder();
        foreach (var (start, end) in _windows!)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append('[').Append(Ticks.Format(start)).Append(", ").Append(Ticks.Format(end)).Append(']');
        }

        return sb.ToString();
    }
}
