using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>
/// Simulates a DDBC resource: per actuator a state machine of operation modes (as in
/// <see cref="FrbcSimulation"/>); each mode's supply rate and power follow the factor. The demand rate is set
/// from outside (<see cref="DemandRate"/>); <see cref="Step"/> reports supply against demand. Step allocates nothing.
/// </summary>
public sealed class DdbcSimulation
{
    private readonly string[] _ids;
    private readonly OperationModeStateMachine[] _machines;
    private readonly DdbcOperationMode[][] _modes;
    private double _demandRate;

    /// <summary>Creates the simulation; every actuator starts in its first mode with factor 0.</summary>
    public DdbcSimulation(DdbcModel model, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        ResourceId = resourceId;
        StatusUpdates = new InstructionStatusLog(enabled: true);
        var actuators = model.Actuators ?? [];
        if (actuators.Count == 0)
        {
            throw Error("has no actuators");
        }

        _ids = new string[actuators.Count];
        _machines = new OperationModeStateMachine[actuators.Count];
        _modes = new DdbcOperationMode[actuators.Count][];
        for (var a = 0; a < actuators.Count; a++)
        {
            var act = actuators[a];
            if (string.IsNullOrWhiteSpace(act.Id) || Array.IndexOf(_ids, act.Id, 0, a) >= 0)
            {
                throw Error($"actuator {a} has no id or a duplicate id '{act.Id}'");
            }

            _ids[a] = act.Id;
            var modes = act.OperationModes ?? [];
            _modes[a] = [.. modes];
            var modeIds = new string[modes.Count];
            var abnormal = new bool[modes.Count];
            for (var m = 0; m < modes.Count; m++)
            {
                modeIds[m] = modes[m].Id;
                abnormal[m] = modes[m].AbnormalConditionOnly;
            }

            var label = resourceId is null ? $"actuator '{act.Id}'" : $"actuator '{act.Id}' of resource '{resourceId}'";
            _machines[a] = new OperationModeStateMachine(label, act.Id, modeIds, abnormal, act.Transitions ?? [], act.Timers ?? [], StatusUpdates);
            _machines[a].Initialise(0, 0);
        }

        DemandRate = model.PresentDemandRate;
    }

    /// <summary>The resource description.</summary>
    public DdbcModel Model { get; }

    /// <summary>Resource id used in messages (may be null).</summary>
    public string? ResourceId { get; }

    /// <summary>Status updates emitted by instructions and steps.</summary>
    public InstructionStatusLog StatusUpdates { get; }

    /// <summary>The demand rate the actuators should supply (finite).</summary>
    public double DemandRate
    {
        get => _demandRate;
        set => _demandRate = double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "demand rate must be finite");
    }

    /// <summary>Id of the active operation mode of <paramref name="actuatorId"/>.</summary>
    public string ActiveModeId(string actuatorId)
    {
        var sm = _machines[Require(actuatorId)];
        return sm.ModeId(sm.ActiveMode);
    }

    /// <summary>Factor of the active operation mode of <paramref name="actuatorId"/>.</summary>
    public double Factor(string actuatorId) => _machines[Require(actuatorId)].Factor;

    /// <summary>The timers of <paramref name="actuatorId"/>.</summary>
    public TimerSet Timers(string actuatorId) => _machines[Require(actuatorId)].Timers;

    /// <summary>Instructs an actuator (same checks as <see cref="FrbcSimulation.Instruct"/> except the fill level).</summary>
    public InstructionOutcome Instruct(string actuatorId, string modeId, double factor, DateTimeOffset at, bool abnormalCondition = false, string? instructionId = null)
    {
        var t = Ticks.Of(at);
        var a = Array.IndexOf(_ids, actuatorId);
        string? reason;
        var transition = -1;
        var mode = -1;
        if (a < 0)
        {
            reason = $"unknown actuator '{actuatorId}'{(ResourceId is null ? string.Empty : $" of resource '{ResourceId}'")}; valid: {string.Join(", ", _ids)}";
            StatusUpdates.Add(instructionId, actuatorId, InstructionStatus.Rejected, t, reason);
            return InstructionOutcome.Rejected(reason);
        }

        var sm = _machines[a];
        sm.CompleteUntil(t);
        mode = sm.IndexOf(modeId);
        reason = mode < 0
            ? $"actuator '{actuatorId}' has no operation mode '{modeId}'; valid: {sm.ValidModeIds()}"
            : sm.Check(mode, factor, t, abnormalCondition, out transition);
        if (reason is not null)
        {
            sm.Reject(instructionId, t, reason);
            return InstructionOutcome.Rejected(reason);
        }

        sm.Execute(mode, factor, t, transition, instructionId);
        return InstructionOutcome.Accepted;
    }

    /// <summary>Index of the mode of <paramref name="actuatorId"/> in effect at <paramref name="at"/> (the previous one while a transition runs).</summary>
    public int EffectiveModeIndex(string actuatorId, DateTimeOffset at) => _machines[Require(actuatorId)].EffectiveMode(Ticks.Of(at));

    /// <summary>The factor of <paramref name="actuatorId"/> in effect at <paramref name="at"/>.</summary>
    public double EffectiveFactor(string actuatorId, DateTimeOffset at) => _machines[Require(actuatorId)].EffectiveFactor(Ticks.Of(at));

    /// <summary>Whether a transition of <paramref name="actuatorId"/> is under way at <paramref name="at"/>.</summary>
    public bool InTransition(string actuatorId, DateTimeOffset at)
    {
        var sm = _machines[Require(actuatorId)];
        return sm.PreviousMode >= 0 && Ticks.Of(at) < sm.TransitionEnd;
    }

    /// <summary>Ids of the actuators, in the model's order.</summary>
    public IReadOnlyList<string> ActuatorIds => _ids;

    /// <summary>Average supply and power over the step (split where a transition completes); completes transitions.</summary>
    public DdbcStep Step(DateTimeOffset at, double seconds)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "step length must be a finite number of seconds >= 0");
        }

        var t0 = Ticks.Of(at);
        var t1 = t0 + Ticks.FromSeconds(seconds);
        var power = default(CommodityPowers);
        var supply = 0.0;
        for (var a = 0; a < _machines.Length; a++)
        {
            var sm = _machines[a];
            sm.CompleteUntil(t0);
            var split = seconds > 0 && sm.PreviousMode >= 0 && sm.TransitionEnd > t0 && sm.TransitionEnd < t1 ? sm.TransitionEnd : t1;
            var w = seconds > 0 ? Ticks.ToSeconds(split - t0) / seconds : 1;
            supply += Add(ref power, a, sm.EffectiveMode(t0), sm.EffectiveFactor(t0), w);
            if (split < t1)
            {
                supply += Add(ref power, a, sm.ActiveMode, sm.Factor, 1 - w);
            }

            sm.CompleteUntil(t1);
        }

        return new DdbcStep(power, supply, _demandRate);
    }

    /// <summary>Takes over a reported S2 <c>DDBC.ActuatorStatus</c> (<paramref name="actuatorId"/> may be null with one actuator).</summary>
    /// <exception cref="InputException">Unknown actuator or mode (lists the valid ids) or a factor outside 0..1.</exception>
    public void ApplyActuatorStatus(string? actuatorId, string activeModeId, double factor, string? previousModeId = null, DateTimeOffset? transitionTimestamp = null)
    {
        var a = RequireForStatus(actuatorId);
        var sm = _machines[a];
        var mode = RequireMode(a, activeModeId);
        var previous = previousModeId is null ? -1 : RequireMode(a, previousModeId);
        if (!(factor >= 0 && factor <= 1))
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"operation_mode_factor {factor} is outside 0..1"));
        }

        sm.ApplyStatus(mode, factor, previous, transitionTimestamp is { } ts ? Ticks.Of(ts) : Ticks.Never);
    }

    /// <summary>Takes over a reported S2 <c>DDBC.TimerStatus</c>.</summary>
    public void ApplyTimerStatus(string? actuatorId, string timerId, DateTimeOffset finishedAt)
    {
        var timers = _machines[RequireForStatus(actuatorId)].Timers;
        if (timers.IndexOf(timerId) < 0)
        {
            throw Error($"has no timer '{timerId}'; valid: {timers.ValidIds()}");
        }

        timers.SetFinishedAt(timerId, finishedAt);
    }

    private double Add(ref CommodityPowers power, int a, int mode, double factor, double weight)
    {
        var m = _modes[a][mode];
        var ranges = m.PowerRanges;
        for (var i = 0; i < ranges.Count; i++)
        {
            power.Add(ranges[i].Quantity, ranges[i].At(factor) * weight);
        }

        return m.SupplyRange.At(factor) * weight;
    }

    private int Require(string actuatorId)
    {
        var a = Array.IndexOf(_ids, actuatorId);
        return a < 0 ? throw Error($"unknown actuator '{actuatorId}'; valid: {string.Join(", ", _ids)}") : a;
    }

    private int RequireForStatus(string? actuatorId)
    {
        if (actuatorId is null)
        {
            return _ids.Length == 1 ? 0 : throw Error($"has {_ids.Length} actuators ({string.Join(", ", _ids)}); the status must name actuator_id");
        }

        return Require(actuatorId);
    }

    private int RequireMode(int a, string modeId)
    {
        var mode = _machines[a].IndexOf(modeId);
        return mode < 0 ? throw Error($"actuator '{_ids[a]}' has no operation mode '{modeId}'; valid: {_machines[a].ValidModeIds()}") : mode;
    }

    private InputException Error(string message) =>
        new(ResourceId is null ? $"DDBC resource: {message}" : $"resource '{ResourceId}': {message}", elementId: ResourceId);
}
