using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>
/// Simulates an OMBC resource: one state machine of operation modes whose power follows the factor
/// (<c>start + factor·(end − start)</c>). Instructions, transitions, timers and status updates behave as in
/// <see cref="FrbcSimulation"/> (the previous mode continues until a transition completes). Step allocates nothing.
/// </summary>
public sealed class OmbcSimulation
{
    private readonly OperationModeStateMachine _machine;
    private readonly PowerRange[][] _powers;

    /// <summary>Creates the simulation in <paramref name="initialModeId"/> (default: the first mode) with <paramref name="initialFactor"/>.</summary>
    public OmbcSimulation(OmbcModel model, string? initialModeId = null, double initialFactor = 0, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        ResourceId = resourceId;
        StatusUpdates = new InstructionStatusLog(enabled: true);
        var label = resourceId is null ? "OMBC resource" : $"resource '{resourceId}'";
        var modes = model.OperationModes ?? [];
        var ids = new string[modes.Count];
        var abnormal = new bool[modes.Count];
        _powers = new PowerRange[modes.Count][];
        for (var m = 0; m < modes.Count; m++)
        {
            ids[m] = modes[m].Id;
            abnormal[m] = modes[m].AbnormalConditionOnly;
            _powers[m] = [.. modes[m].PowerRanges ?? []];
        }

        _machine = new OperationModeStateMachine(label, null, ids, abnormal, model.Transitions ?? [], model.Timers ?? [], StatusUpdates);
        var initial = initialModeId is null ? 0 : _machine.IndexOf(initialModeId);
        if (initial < 0)
        {
            throw new InputException($"{label}: unknown initial operation mode '{initialModeId}'; valid: {_machine.ValidModeIds()}", elementId: resourceId);
        }

        if (!(initialFactor >= 0 && initialFactor <= 1))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{label}: initial factor {initialFactor} is outside 0..1"), elementId: resourceId);
        }

        _machine.Initialise(initial, initialFactor);
    }

    /// <summary>The resource description.</summary>
    public OmbcModel Model { get; }

    /// <summary>Resource id used in messages (may be null).</summary>
    public string? ResourceId { get; }

    /// <summary>Status updates emitted by instructions and steps.</summary>
    public InstructionStatusLog StatusUpdates { get; }

    /// <summary>Id of the active operation mode (the target during a transition).</summary>
    public string ActiveModeId => _machine.ModeId(_machine.ActiveMode);

    /// <summary>Factor of the active operation mode.</summary>
    public double Factor => _machine.Factor;

    /// <summary>Id of the previously active mode, or null.</summary>
    public string? PreviousModeId => _machine.PreviousMode < 0 ? null : _machine.ModeId(_machine.PreviousMode);

    /// <summary>The timers.</summary>
    public TimerSet Timers => _machine.Timers;

    /// <summary>When the transition into the active mode began, or null before any.</summary>
    public DateTimeOffset? TransitionTimestamp => _machine.TransitionTimestamp == Ticks.Never ? null : Ticks.ToTime(_machine.TransitionTimestamp);

    /// <summary>Index (in the model's order) of the mode in effect at <paramref name="at"/>: the previous one while a transition runs.</summary>
    public int EffectiveModeIndex(DateTimeOffset at) => _machine.EffectiveMode(Ticks.Of(at));

    /// <summary>The factor in effect at <paramref name="at"/>.</summary>
    public double EffectiveFactor(DateTimeOffset at) => _machine.EffectiveFactor(Ticks.Of(at));

    /// <summary>Whether a transition is under way at <paramref name="at"/>.</summary>
    public bool InTransition(DateTimeOffset at) => _machine.PreviousMode >= 0 && Ticks.Of(at) < _machine.TransitionEnd;

    /// <summary>
    /// Instructs the resource to go to <paramref name="modeId"/> with <paramref name="factor"/> at <paramref name="at"/>;
    /// the same checks as <see cref="FrbcSimulation.Instruct"/> except the fill level.
    /// </summary>
    public InstructionOutcome Instruct(string modeId, double factor, DateTimeOffset at, bool abnormalCondition = false, string? instructionId = null)
    {
        var t = Ticks.Of(at);
        _machine.CompleteUntil(t);
        var mode = _machine.IndexOf(modeId);
        string? reason;
        var transition = -1;
        if (mode < 0)
        {
            reason = $"{Label} has no operation mode '{modeId}'; valid: {_machine.ValidModeIds()}";
        }
        else
        {
            reason = _machine.Check(mode, factor, t, abnormalCondition, out transition);
        }

        if (reason is not null)
        {
            _machine.Reject(instructionId, t, reason);
            return InstructionOutcome.Rejected(reason);
        }

        _machine.Execute(mode, factor, t, transition, instructionId);
        return InstructionOutcome.Accepted;
    }

    /// <summary>Power per commodity at instant <paramref name="at"/> (previous mode while transitioning).</summary>
    public CommodityPowers PowerAt(DateTimeOffset at)
    {
        var t = Ticks.Of(at);
        var p = default(CommodityPowers);
        AddPower(ref p, _machine.EffectiveMode(t), _machine.EffectiveFactor(t), 1);
        return p;
    }

    /// <summary>Average power per commodity over the step (split where a transition completes); completes transitions.</summary>
    public CommodityPowers Step(DateTimeOffset at, double seconds)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "step length must be a finite number of seconds >= 0");
        }

        var t0 = Ticks.Of(at);
        var t1 = t0 + Ticks.FromSeconds(seconds);
        var p = default(CommodityPowers);
        if (seconds == 0)
        {
            _machine.CompleteUntil(t0);
            AddPower(ref p, _machine.EffectiveMode(t0), _machine.EffectiveFactor(t0), 1);
            return p;
        }

        var split = _machine.PreviousMode >= 0 && _machine.TransitionEnd > t0 && _machine.TransitionEnd < t1 ? _machine.TransitionEnd : t1;
        var w = Ticks.ToSeconds(split - t0) / seconds;
        AddPower(ref p, _machine.EffectiveMode(t0), _machine.EffectiveFactor(t0), w);
        if (split < t1)
        {
            AddPower(ref p, _machine.ActiveMode, _machine.Factor, 1 - w);
        }

        _machine.CompleteUntil(t1);
        return p;
    }

    /// <summary>Takes over a reported S2 <c>OMBC.Status</c>.</summary>
    /// <exception cref="InputException">Unknown mode (lists the valid ids) or a factor outside 0..1.</exception>
    public void ApplyStatus(string activeModeId, double factor, string? previousModeId = null, DateTimeOffset? transitionTimestamp = null)
    {
        var mode = RequireMode(activeModeId);
        var previous = previousModeId is null ? -1 : RequireMode(previousModeId);
        if (!(factor >= 0 && factor <= 1))
        {
            throw new InputException(string.Create(CultureInfo.InvariantCulture, $"{Label}: operation_mode_factor {factor} is outside 0..1"), elementId: ResourceId);
        }

        _machine.ApplyStatus(mode, factor, previous, transitionTimestamp is { } ts ? Ticks.Of(ts) : Ticks.Never);
    }

    /// <summary>Takes over a reported S2 <c>OMBC.TimerStatus</c>.</summary>
    /// <exception cref="InputException">Unknown timer (lists the valid ids).</exception>
    public void ApplyTimerStatus(string timerId, DateTimeOffset finishedAt)
    {
        if (_machine.Timers.IndexOf(timerId) < 0)
        {
            throw new InputException($"{Label} has no timer '{timerId}'; valid: {_machine.Timers.ValidIds()}", elementId: ResourceId);
        }

        _machine.Timers.SetFinishedAt(timerId, finishedAt);
    }

    private string Label => ResourceId is null ? "OMBC resource" : $"resource '{ResourceId}'";

    private int RequireMode(string modeId)
    {
        var mode = _machine.IndexOf(modeId);
        return mode < 0
            ? throw new InputException($"{Label} has no operation mode '{modeId}'; valid: {_machine.ValidModeIds()}", elementId: ResourceId)
            : mode;
    }

    private void AddPower(ref CommodityPowers p, int mode, double factor, double weight)
    {
        var ranges = _powers[mode];
        for (var i = 0; i < ranges.Length; i++)
        {
            p.Add(ranges[i].Quantity, ranges[i].At(factor) * weight);
        }
    }
}
