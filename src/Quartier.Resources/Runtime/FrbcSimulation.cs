using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Resources.Runtime;

/// <summary>
/// Simulates an FRBC resource: per actuator the active operation mode and factor, the transition in progress
/// and the running timers; the storage fill level.
/// <para>
/// <b>Instructions</b> (<see cref="Instruct"/>) execute at their execution time: they are checked against the
/// state at that time, rejected with a precise reason or accepted; acceptance initiates the transition (starts
/// its timers) and reports ACCEPTED and STARTED; SUCCEEDED follows when the transition completes.
/// </para>
/// <para>
/// <b>Transition duration</b>: while a transition is in progress (from its initiation until initiation +
/// duration) the actuator keeps behaving as the previous mode with the previous factor; from then on as the new
/// mode. The S2 status already names the new mode as active during that time (with the previous mode and the
/// transition timestamp), as S2 does.
/// </para>
/// <para>
/// <b>Stepping</b> (<see cref="Step(DateTimeOffset, double)"/>) integrates the fill level exactly for piecewise
/// constant rates: it splits the step where a transition completes, a usage-forecast element ends, or the fill
/// level crosses an element or leakage boundary. Per actuator the element for the present fill level gives
/// fill rate and power by S2 interpolation (<c>start + factor·(end − start)</c>); leakage and usage are
/// subtracted. At a storage bound the actuators pushing outwards are throttled (fill rate and power scaled by
/// the same fraction) so the level stays at the bound; what leakage or usage still cannot get is reported as
/// unmet (spilled at the upper bound). Where two elements meet and each pushes towards the other, the level
/// stays at the boundary and the two are mixed so the net rate is zero.
/// </para>
/// Step allocates nothing.
/// </summary>
public sealed partial class FrbcSimulation
{
    private const int MaxSegments = 256;
    private readonly ActuatorData[] _actuators;
    private readonly double _storageLo;
    private readonly double _storageHi;
    private readonly double[] _rateA;
    private readonly double[] _rateB;
    private readonly CommodityPowers[] _powerA;
    private readonly CommodityPowers[] _powerB;
    private double[] _leakLo = [];
    private double[] _leakHi = [];
    private double[] _leakRate = [];
    private long _usageStart;
    private long[] _usageEnd = [];
    private double[] _usageRate = [];

    /// <summary>
    /// Creates the simulation. Every actuator starts in its first operation mode with factor 0 and no previous
    /// mode; use <see cref="ApplyActuatorStatus"/> to start elsewhere.
    /// </summary>
    /// <param name="model">The resource description (validated here).</param>
    /// <param name="initialFillLevel">Fill level at the start (within the storage range).</param>
    /// <param name="resourceId">Resource id used in messages, optional.</param>
    public FrbcSimulation(FrbcModel model, double initialFillLevel, string? resourceId = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        ResourceId = resourceId;
        StatusUpdates = new InstructionStatusLog(enabled: true);
        var range = model.Storage?.FillLevelRange ?? throw Error("has no storage");
        if (!(range.Start < range.End) || !double.IsFinite(range.Start) || !double.IsFinite(range.End))
        {
            throw Error($"storage fill_level_range {range} must have start < end");
        }

        _storageLo = range.Start;
        _storageHi = range.End;
        if (model.Actuators is null || model.Actuators.Count == 0)
        {
            throw Error("has no actuators");
        }

        _actuators = new ActuatorData[model.Actuators.Count];
        for (var a = 0; a < _actuators.Length; a++)
        {
            var actuator = model.Actuators[a] ?? throw Error($"actuator {a} is null");
            if (string.IsNullOrWhiteSpace(actuator.Id))
            {
                throw Error($"actuator {a} has no id");
            }

            for (var b = 0; b < a; b++)
            {
                if (_actuators[b].Id == actuator.Id)
                {
                    throw Error($"actuator id '{actuator.Id}' is used twice");
                }
            }

            _actuators[a] = Compile(actuator);
        }

        _rateA = new double[_actuators.Length];
        _rateB = new double[_actuators.Length];
        _powerA = new CommodityPowers[_actuators.Length];
        _powerB = new CommodityPowers[_actuators.Length];
        SetLeakage(model.Leakage);
        SetUsageForecast(model.UsageForecast);
        ApplyStorageStatus(initialFillLevel);
    }

    /// <summary>The resource description.</summary>
    public FrbcModel Model { get; }

    /// <summary>Resource id used in messages (may be null).</summary>
    public string? ResourceId { get; }

    /// <summary>Present fill level.</summary>
    public double FillLevel { get; private set; }

    /// <summary>Lower end of the storage range.</summary>
    public double MinFillLevel => _storageLo;

    /// <summary>Upper end of the storage range.</summary>
    public double MaxFillLevel => _storageHi;

    /// <summary>Status updates emitted by instructions and steps (recording on by default).</summary>
    public InstructionStatusLog StatusUpdates { get; }

    /// <summary>Number of actuators.</summary>
    public int ActuatorCount => _actuators.Length;

    /// <summary>Id of actuator <paramref name="index"/>.</summary>
    public string ActuatorId(int index) => _actuators[index].Id;

    /// <summary>Id of the active operation mode of <paramref name="actuatorId"/> (the target mode during a transition).</summary>
    public string ActiveModeId(string actuatorId)
    {
        var sm = Require(actuatorId).Machine;
        return sm.ModeId(sm.ActiveMode);
    }

    /// <summary>Factor of the active operation mode of <paramref name="actuatorId"/>.</summary>
    public double Factor(string actuatorId) => Require(actuatorId).Machine.Factor;

    /// <summary>Id of the mode active before the present one, or null.</summary>
    public string? PreviousModeId(string actuatorId)
    {
        var sm = Require(actuatorId).Machine;
        return sm.PreviousMode < 0 ? null : sm.ModeId(sm.PreviousMode);
    }

    /// <summary>When the transition into the active mode was initiated, or null.</summary>
    public DateTimeOffset? TransitionTimestamp(string actuatorId)
    {
        var ts = Require(actuatorId).Machine.TransitionTimestamp;
        return ts == Ticks.Never ? null : Ticks.ToTime(ts);
    }

    /// <summary>True while <paramref name="actuatorId"/> still behaves as its previous mode at <paramref name="at"/>.</summary>
    public bool InTransition(string actuatorId, DateTimeOffset at)
    {
        var sm = Require(actuatorId).Machine;
        return sm.PreviousMode >= 0 && Ticks.Of(at) < sm.TransitionEnd;
    }

    /// <summary>The timers of <paramref name="actuatorId"/>.</summary>
    public TimerSet Timers(string actuatorId) => Require(actuatorId).Machine.Timers;

    /// <summary>
    /// Instructs <paramref name="actuatorId"/> to go to <paramref name="modeId"/> with <paramref name="factor"/>,
    /// executed at <paramref name="at"/>. Rejected (with the reason) for an unknown actuator or mode, a factor
    /// outside 0..1, an abnormal-only mode or transition without <paramref name="abnormalCondition"/>, a
    /// transition still in progress, no transition from the active mode, a running blocking timer (named, with
    /// its finish time), or a target mode with no element at the present fill level. A new factor for the
    /// active mode needs no transition.
    /// </summary>
    public InstructionOutcome Instruct(string actuatorId, string modeId, double factor, DateTimeOffset at, bool abnormalCondition = false, string? instructionId = null)
    {
        var at0 = Ticks.Of(at);
        var a = IndexOfActuator(actuatorId);
        if (a < 0)
        {
            return Rejected(null, actuatorId, at0, $"unknown actuator '{actuatorId}'{OfResource}; valid: {ValidActuatorIds()}");
        }

        var sm = _actuators[a].Machine;
        var mode = sm.IndexOf(modeId);
        if (mode < 0)
        {
            return Rejected(sm, actuatorId, at0, $"{_actuators[a].Label} has no operation mode '{modeId}'; valid: {sm.ValidModeIds()}", instructionId);
        }

        return InstructIndex(a, mode, factor, at0, abnormalCondition, instructionId);
    }

    /// <summary>Completes transitions (reporting SUCCEEDED) up to <paramref name="until"/> without changing the fill level.</summary>
    public void Advance(DateTimeOffset until) => CompleteTransitions(Ticks.Of(until));

    /// <summary>
    /// Takes over a reported actuator status (S2 <c>FRBC.ActuatorStatus</c>): active mode and factor, previous mode
    /// and transition timestamp. <paramref name="actuatorId"/> may be null when there is one actuator. The device
    /// keeps behaving as the previous mode until the transition's duration after the timestamp has passed.
    /// </summary>
    /// <exception cref="InputException">Unknown actuator or mode (lists the valid ids), or a factor outside 0..1.</exception>
    public void ApplyActuatorStatus(string? actuatorId, string activeModeId, double factor, string? previousModeId = null, DateTimeOffset? transitionTimestamp = null)
    {
        var a = RequireForStatus(actuatorId);
        var sm = _actuators[a].Machine;
        var mode = RequireMode(a, activeModeId);
        var previous = previousModeId is null ? -1 : RequireMode(a, previousModeId);
        if (!(factor >= 0 && factor <= 1))
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"operation_mode_factor {factor} is outside 0..1"));
        }

        sm.ApplyStatus(mode, factor, previous, transitionTimestamp is { } ts ? Ticks.Of(ts) : Ticks.Never);
    }

    /// <summary>Takes over a reported fill level (S2 <c>FRBC.StorageStatus</c>).</summary>
    /// <exception cref="InputException">The level is not a number or lies outside the storage range.</exception>
    public void ApplyStorageStatus(double presentFillLevel)
    {
        if (!(presentFillLevel >= _storageLo && presentFillLevel <= _storageHi))
        {
            throw Error(string.Create(CultureInfo.InvariantCulture, $"fill level {presentFillLevel} is outside the storage range {_storageLo}..{_storageHi}"));
        }

        FillLevel = presentFillLevel;
    }

    /// <summary>Takes over a reported timer (S2 <c>FRBC.TimerStatus</c>): when it finishes.</summary>
    /// <exception cref="InputException">Unknown actuator or timer (lists the valid ids).</exception>
    public void ApplyTimerStatus(string? actuatorId, string timerId, DateTimeOffset finishedAt)
    {
        var a = RequireForStatus(actuatorId);
        var timers = _actuators[a].Machine.Timers;
        if (timers.IndexOf(timerId) < 0)
        {
            throw Error($"actuator '{_actuators[a].Id}' has no timer '{timerId}'; valid: {timers.ValidIds()}");
        }

        timers.SetFinishedAt(timerId, finishedAt);
    }

    /// <summary>Replaces the leakage behaviour (S2 <c>FRBC.LeakageBehaviour</c>); null or empty = no leakage.</summary>
    public void SetLeakage(IReadOnlyList<FrbcLeakageElement>? leakage)
    {
        var n = leakage?.Count ?? 0;
        var lo = new double[n];
        var hi = new double[n];
        var rate = new double[n];
        for (var i = 0; i < n; i++)
        {
            var e = leakage![i];
            if (!(e.FillLevelRange.Start < e.FillLevelRange.End) || !double.IsFinite(e.LeakageRate))
            {
                throw Error($"leakage element {i}: fill_level_range {e.FillLevelRange} must have start < end and a finite leakage_rate");
            }

            lo[i] = e.FillLevelRange.Start;
            hi[i] = e.FillLevelRange.End;
            rate[i] = e.LeakageRate;
        }

        _leakLo = lo;
        _leakHi = hi;
        _leakRate = rate;
    }

    /// <summary>Replaces the usage forecast (S2 <c>FRBC.UsageForecast</c>); null = no usage. Outside the forecast the usage is 0.</summary>
    public void SetUsageForecast(FrbcUsageForecast? forecast)
    {
        var n = forecast?.Elements?.Count ?? 0;
        var ends = new long[n];
        var rates = new double[n];
        var t = forecast is null ? 0 : Ticks.Of(forecast.StartTime);
        for (var i = 0; i < n; i++)
        {
            var e = forecast!.Elements[i];
            if (e.Duration < TimeSpan.Zero || !double.IsFinite(e.UsageRate))
            {
                throw Error($"usage forecast element {i}: duration must be >= 0 and usage_rate finite");
            }

            t = Ticks.Add(t, e.Duration.Ticks);
            ends[i] = t;
            rates[i] = e.UsageRate;
        }

        _usageStart = forecast is null ? 0 : Ticks.Of(forecast.StartTime);
        _usageEnd = ends;
        _usageRate = rates;
    }

    internal int ActiveModeIndex(int actuator) => _actuators[actuator].Machine.ActiveMode;

    internal double FactorOf(int actuator) => _actuators[actuator].Machine.Factor;

    /// <summary>Sets actuator <paramref name="actuator"/>'s factor without a status update (see <see cref="FrbcFleet"/>).</summary>
    internal void SetFactor(int actuator, double factor) => _actuators[actuator].Machine.SetFactor(factor);

    /// <summary>
    /// The fill levels at which a factor-only instruction for <paramref name="mode"/> of <paramref name="actuator"/> is
    /// accepted: the span of its elements when they join up and the mode is not for abnormal conditions only, else empty (NaN).
    /// </summary>
    internal (double Lo, double Hi) FactorCoverage(int actuator, int mode)
    {
        var data = _actuators[actuator];
        var elements = data.Modes[mode];
        if (elements.Length == 0 || data.Machine.IsAbnormalOnly(mode))
        {
            return (double.NaN, double.NaN);
        }

        var sorted = elements.OrderBy(e => e.Lo).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Lo > sorted[i - 1].Hi)
            {
                return (double.NaN, double.NaN);
            }
        }

        return (sorted[0].Lo, sorted.Max(e => e.Hi));
    }

    /// <summary>See <see cref="OperationModeStateMachine.PlainTransitionStarts"/>.</summary>
    internal int PlainTransitionStarts(int actuator, int from, int to) => _actuators[actuator].Machine.PlainTransitionStarts(from, to);

    /// <summary>Applies a run of mode changes taken by a fleet (<see cref="OperationModeStateMachine.Restore"/>) and the timers they started.</summary>
    internal void RestoreModeChange(int actuator, int active, double factor, int previous, double previousFactor, long changedAt, int startedTimers, ReadOnlySpan<long> startedAt)
    {
        _actuators[actuator].Machine.Restore(active, factor, previous, previousFactor, changedAt);
        StartTimers(actuator, startedTimers, startedAt);
    }

    /// <summary>Starts the timers of actuator <paramref name="actuator"/> in <paramref name="startedTimers"/> (a bit per timer) at <paramref name="startedAt"/> (ticks, per timer).</summary>
    internal void StartTimers(int actuator, int startedTimers, ReadOnlySpan<long> startedAt)
    {
        var timers = _actuators[actuator].Machine.Timers;
        for (var t = 0; t < timers.Count; t++)
        {
            if ((startedTimers & (1 << t)) != 0)
            {
                timers.Start(t, startedAt[t]);
            }
        }
    }

    /// <summary>The latest finishing time of actuator <paramref name="actuator"/>'s timers (ticks; <see cref="long.MinValue"/> without timers).</summary>
    internal long TimersBusyUntil(int actuator)
    {
        var timers = _actuators[actuator].Machine.Timers;
        var until = long.MinValue;
        for (var t = 0; t < timers.Count; t++)
        {
            until = Math.Max(until, timers.FinishedAtTicks(t));
        }

        return until;
    }

    /// <summary>Number of timers of <paramref name="actuator"/>.</summary>
    internal int TimerCount(int actuator) => _actuators[actuator].Machine.Timers.Count;

    /// <summary>Number of operation modes of <paramref name="actuator"/>.</summary>
    internal int ModeCount(int actuator) => _actuators[actuator].Machine.ModeCount;

    /// <summary>Whether stepping depends on nothing but the actuators' elements: no leakage, no usage forecast.</summary>
    internal bool PlainStorage => _leakRate.Length == 0 && _usageEnd.Length == 0;

    /// <summary>From when (ticks) actuator <paramref name="actuator"/> behaves as its active mode: the end of a transition in progress, else <see cref="long.MinValue"/>.</summary>
    internal long SettledFrom(int actuator) => _actuators[actuator].Machine is { PreviousMode: >= 0 } sm ? sm.TransitionEnd : long.MinValue;

    internal int EffectiveModeIndex(int actuator, DateTimeOffset at) => _actuators[actuator].Machine.EffectiveMode(Ticks.Of(at));

    internal double EffectiveFactor(int actuator, DateTimeOffset at) => _actuators[actuator].Machine.EffectiveFactor(Ticks.Of(at));

    internal string ModeId(int actuator, int mode) => _actuators[actuator].Machine.ModeId(mode);

    internal string ValidModeIds(int actuator) => _actuators[actuator].Machine.ValidModeIds();

    /// <summary>Sets the fill level, clamped to the storage range (for devices that integrate it themselves).</summary>
    internal void SetFillLevel(double level) => FillLevel = Math.Clamp(level, _storageLo, _storageHi);

    /// <summary>Sets the initial mode of an actuator (no previous mode, no transition).</summary>
    internal void Initialise(int actuator, int mode, double factor) => _actuators[actuator].Machine.Initialise(mode, factor);

    /// <summary>Index-based <see cref="Instruct"/> (no string lookups; allocates only when rejecting).</summary>
    internal InstructionOutcome InstructIndex(int a, int mode, double factor, long at, bool abnormalCondition, string? instructionId)
    {
        var data = _actuators[a];
        var sm = data.Machine;
        CompleteTransitions(at);
        var reason = sm.Check(mode, factor, at, abnormalCondition, out var transition);
        if (reason is null && FindElement(data.Modes[mode], FillLevel, downBias: false, inclusive: true) < 0)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"operation mode '{sm.ModeId(mode)}' of {data.Label} is not valid at fill level {FillLevel} (its elements cover {Coverage(data.Modes[mode])})");
        }

        if (reason is not null)
        {
            return Rejected(sm, data.Id, at, reason, instructionId);
        }

        sm.Execute(mode, factor, at, transition, instructionId);
        return InstructionOutcome.Accepted;
    }

    private string OfResource => ResourceId is null ? string.Empty : $" of resource '{ResourceId}'";

    private static string Coverage(Element[] elements)
    {
        if (elements.Length == 0)
        {
            return "nothing";
        }

        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var e in elements)
        {
            lo = Math.Min(lo, e.Lo);
            hi = Math.Max(hi, e.Hi);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{lo}..{hi}");
    }

    /// <summary>
    /// Element of a mode at <paramref name="level"/>: upward bias picks lo ≤ level &lt; hi, downward bias
    /// lo &lt; level ≤ hi; either falls back to an element with the level on its edge. -1 if none.
    /// </summary>
    private static int FindElement(Element[] elements, double level, bool downBias, bool inclusive = true)
    {
        for (var i = 0; i < elements.Length; i++)
        {
            var e = elements[i];
            if (downBias ? e.Lo < level && level <= e.Hi : e.Lo <= level && level < e.Hi)
            {
                return i;
            }
        }

        if (inclusive)
        {
            for (var i = 0; i < elements.Length; i++)
            {
                if (elements[i].Lo <= level && level <= elements[i].Hi)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private InputException Error(string message) =>
        new(ResourceId is null ? message : $"resource '{ResourceId}': {message}", elementId: ResourceId);

    private InstructionOutcome Rejected(OperationModeStateMachine? sm, string actuatorId, long at, string reason, string? instructionId = null)
    {
        if (sm is not null)
        {
            sm.Reject(instructionId, at, reason);
        }
        else
        {
            StatusUpdates.Add(instructionId, actuatorId, InstructionStatus.Rejected, at, reason);
        }

        return InstructionOutcome.Rejected(reason);
    }

    private int IndexOfActuator(string? actuatorId)
    {
        for (var a = 0; a < _actuators.Length; a++)
        {
            if (_actuators[a].Id == actuatorId)
            {
                return a;
            }
        }

        return -1;
    }

    private string ValidActuatorIds()
    {
        var ids = new string[_actuators.Length];
        for (var a = 0; a < ids.Length; a++)
        {
            ids[a] = _actuators[a].Id;
        }

        return string.Join(", ", ids);
    }

    private ActuatorData Require(string actuatorId)
    {
        var a = IndexOfActuator(actuatorId);
        return a < 0 ? throw Error($"unknown actuator '{actuatorId}'; valid: {ValidActuatorIds()}") : _actuators[a];
    }

    private int RequireForStatus(string? actuatorId)
    {
        if (actuatorId is null)
        {
            return _actuators.Length == 1
                ? 0
                : throw Error($"has {_actuators.Length} actuators ({ValidActuatorIds()}); the status must name actuator_id");
        }

        var a = IndexOfActuator(actuatorId);
        return a < 0 ? throw Error($"unknown actuator '{actuatorId}'; valid: {ValidActuatorIds()}") : a;
    }

    private int RequireMode(int a, string modeId)
    {
        var sm = _actuators[a].Machine;
        var mode = sm.IndexOf(modeId);
        return mode < 0 ? throw Error($"actuator '{_actuators[a].Id}' has no operation mode '{modeId}'; valid: {sm.ValidModeIds()}") : mode;
    }

    private ActuatorData Compile(FrbcActuator actuator)
    {
        var label = ResourceId is null ? $"actuator '{actuator.Id}'" : $"actuator '{actuator.Id}' of resource '{ResourceId}'";
        var modes = actuator.OperationModes ?? [];
        var ids = new string[modes.Count];
        var abnormal = new bool[modes.Count];
        var elements = new Element[modes.Count][];
        for (var m = 0; m < modes.Count; m++)
        {
            var mode = modes[m] ?? throw Error($"{label}: operation mode {m} is null");
            ids[m] = mode.Id;
            abnormal[m] = mode.AbnormalConditionOnly;
            var list = mode.Elements ?? [];
            if (list.Count == 0)
            {
                throw Error($"{label}: operation mode '{mode.Id}' has no elements");
            }

            elements[m] = new Element[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                var e = list[i];
                if (!(e.FillLevelRange.Start < e.FillLevelRange.End))
                {
                    throw Error($"{label}: operation mode '{mode.Id}' element {i}: fill_level_range {e.FillLevelRange} must have start < end");
                }

                if (!double.IsFinite(e.FillRate.Start) || !double.IsFinite(e.FillRate.End))
                {
                    throw Error($"{label}: operation mode '{mode.Id}' element {i}: fill_rate {e.FillRate} must be finite");
                }

                var powers = e.PowerRanges ?? [];
                var compiled = new PowerRange[powers.Count];
                for (var p = 0; p < powers.Count; p++)
                {
                    for (var q = 0; q < p; q++)
                    {
                        if (compiled[q].Quantity == powers[p].Quantity)
                        {
                            throw Error($"{label}: operation mode '{mode.Id}' element {i} has two power ranges for {CommodityQuantities.ToS2(powers[p].Quantity)}");
                        }
                    }

                    compiled[p] = powers[p];
                }

                elements[m][i] = new Element(e.FillLevelRange.Start, e.FillLevelRange.End, e.FillRate.Start, e.FillRate.End, compiled);
            }
        }

        var machine = new OperationModeStateMachine(label, actuator.Id, ids, abnormal, actuator.Transitions ?? [], actuator.Timers ?? [], StatusUpdates);
        machine.Initialise(0, 0);
        return new ActuatorData(actuator.Id, label, machine, elements);
    }

    private sealed record ActuatorData(string Id, string Label, OperationModeStateMachine Machine, Element[][] Modes);

    private readonly record struct Element(double Lo, double Hi, double RateStart, double RateEnd, PowerRange[] Powers);

    private readonly record struct SegmentRates(double Net, double Supply, double Leak, double Unmet, double Spilled, bool Saturated);
}
