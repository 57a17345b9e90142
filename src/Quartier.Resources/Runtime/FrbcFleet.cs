using System.Runtime.Intrinsics;
using Quartier.Core.Parallelism;

namespace Quartier.Resources.Runtime;

/// <summary>
/// The shared part of the device fleets (<see cref="Devices.BatteryFleet"/>, <see cref="Devices.HeatPumpFleet"/>, <see cref="Devices.EvFleet"/>): the
/// state that changes every step — fill level, active mode, factor — held in arrays for many single-actuator FRBC
/// resources, with the resources brought up to date only where a fleet falls back to them. A resource handed out
/// (<see cref="Simulation"/>) is read back before the fleet steps it again, so status reports and tests see and set
/// the real state. The fast path is off for a resource that records its status updates.
/// </summary>
public abstract class FrbcFleet
{
    private readonly FrbcSimulation[] _simulations;
    private readonly bool _fastPath;
    private readonly bool[] _fillStale;
    private readonly bool[] _factorStale;
    private readonly bool[] _external;
    private readonly bool[] _fast;
    private readonly int _modes;
    private readonly double[] _coverLo;
    private readonly double[] _coverHi;

    // fast mode changes (fleets of resources with few modes): per asset and (from, to) the timers the change starts, -1 = not fast
    private const int MaxFastModes = 4;
    private readonly int[] _plainStarts;
    private readonly int _timers;
    private readonly long[] _busyUntil;
    private readonly bool[] _modeStale;

    // a reset of the mode state (to a mode with factor 0, no previous mode, timers untouched) taken by the fleet and not yet
    // done on the resource: the derived fleet does it there (OnReset) when the resource is next brought up to date
    private readonly bool[] _resetStale;
    private readonly int[] _previousMode;
    private readonly double[] _previousFactor;
    private readonly long[] _changedAt;
    private readonly int[] _startedMask;
    private readonly long[] _startedAt;

    /// <summary>A fleet over the resources' simulations; <paramref name="fastPath"/> false sends every step to the resource.</summary>
    protected FrbcFleet(IReadOnlyList<FrbcSimulation> simulations, bool fastPath)
    {
        ArgumentNullException.ThrowIfNull(simulations);
        int n = simulations.Count;
        _simulations = [.. simulations];
        _fastPath = fastPath;
        Fill = new double[n];
        ModeIndex = new int[n];
        FactorOf = new double[n];
        SettledFrom = new long[n];
        _fillStale = new bool[n];
        _factorStale = new bool[n];
        _external = new bool[n];
        _fast = new bool[n];
        _modes = n == 0 ? 0 : _simulations.Max(s => s.ModeCount(0));
        _coverLo = new double[n * _modes];
        _coverHi = new double[n * _modes];
        bool fastModes = _modes <= MaxFastModes;
        _plainStarts = new int[fastModes ? n * _modes * _modes : 0];
        _timers = n == 0 ? 0 : _simulations.Max(s => s.TimerCount(0));
        _busyUntil = new long[n];
        _modeStale = new bool[n];
        _resetStale = new bool[n];
        _previousMode = new int[n];
        _previousFactor = new double[n];
        _changedAt = new long[n];
        _startedMask = new int[n];
        _startedAt = new long[fastModes ? n * _timers : 0];
        // each resource's arrays on their own, over the cores
        IndexedWork.For(n, i =>
        {
            if (fastModes)
            {
                int count = _simulations[i].ModeCount(0);
                for (int from = 0; from < _modes; from++)
                {
                    for (int to = 0; to < _modes; to++)
                    {
                        _plainStarts[(((i * _modes) + from) * _modes) + to] = from < count && to < count && from != to ? _simulations[i].PlainTransitionStarts(0, from, to) : -1;
                    }
                }
            }

            ReadBack(i);
            for (int m = 0; m < _modes; m++)
            {
                (_coverLo[(i * _modes) + m], _coverHi[(i * _modes) + m]) = m < _simulations[i].ModeCount(0) ? _simulations[i].FactorCoverage(0, m) : (double.NaN, double.NaN);
            }
        });
    }

    public int Count => _simulations.Length;

    /// <summary>Fill level per resource (read after <see cref="Refresh"/>).</summary>
    protected double[] Fill { get; }

    /// <summary>Active mode index per resource.</summary>
    protected int[] ModeIndex { get; }

    /// <summary>Active factor per resource.</summary>
    protected double[] FactorOf { get; }

    /// <summary>Ticks from which each resource behaves as its active mode (end of a transition in progress).</summary>
    protected long[] SettledFrom { get; }

    /// <summary>Fill level of resource <paramref name="i"/>.</summary>
    public double FillLevel(int i)
    {
        Refresh(i);
        return Fill[i];
    }

    /// <summary>The active factor of resource <paramref name="i"/>.</summary>
    public double Factor(int i)
    {
        Refresh(i);
        return FactorOf[i];
    }

    /// <summary>The active mode index of resource <paramref name="i"/>.</summary>
    protected int ActiveMode(int i)
    {
        Refresh(i);
        return ModeIndex[i];
    }

    /// <summary>Hands out resource <paramref name="i"/> of <paramref name="resources"/> brought up to date; the fleet reads it back before its next step.</summary>
    protected T HandOut<T>(T[] resources, int i)
    {
        ArgumentNullException.ThrowIfNull(resources);
        Sync(i);
        _external[i] = true;
        return resources[i];
    }

    /// <summary>Whether resource <paramref name="i"/> may be stepped by the fleet's own arithmetic at <paramref name="at"/> for <paramref name="seconds"/>.</summary>
    protected bool CanStepFast(int i, DateTimeOffset at, double seconds) =>
        _fastPath && _fast[i] && seconds > 0 && seconds < double.PositiveInfinity && at.UtcTicks >= SettledFrom[i];

    /// <summary>
    /// Takes an instruction that only changes the factor of the active mode, as the state machine would accept it (factor
    /// in 0..1, the fill level within the mode's elements, the mode not for abnormal conditions only, no transition in progress); false: not such a case.
    /// </summary>
    protected bool TryInstructFactor(int i, int mode, double factor, DateTimeOffset at)
    {
        if (!_fastPath || !_fast[i] || mode != ModeIndex[i] || !(factor >= 0 && factor <= 1) || at.UtcTicks < SettledFrom[i])
        {
            return false;
        }

        int k = (i * _modes) + mode;
        double level = Fill[i];
        if (!(level >= _coverLo[k] && level <= _coverHi[k]))
        {
            return false;
        }

        FactorOf[i] = factor;
        _factorStale[i] = true;
        return true;
    }

    /// <summary>
    /// Takes an instruction to another mode where the state machine's decision is certain: the transition instantaneous
    /// and for normal conditions, every timer of zero length and none running (a reported timer may run), the fill level
    /// within the new mode's elements, <paramref name="allowed"/> by the device; false: not such a case.
    /// </summary>
    protected bool TryInstructMode(int i, int mode, double factor, DateTimeOffset at, bool allowed)
    {
        if (!allowed || !_fastPath || !_fast[i] || _plainStarts.Length == 0 || mode == ModeIndex[i] || (uint)mode >= (uint)_modes || !(factor >= 0 && factor <= 1))
        {
            return false;
        }

        long ticks = at.UtcTicks;
        int starts = _plainStarts[(((i * _modes) + ModeIndex[i]) * _modes) + mode];
        double level = Fill[i];
        int k = (i * _modes) + mode;
        if (starts < 0 || ticks < SettledFrom[i] || ticks < _busyUntil[i] || !(level >= _coverLo[k] && level <= _coverHi[k]))
        {
            return false;
        }

        _previousMode[i] = ModeIndex[i];
        _previousFactor[i] = FactorOf[i];
        ModeIndex[i] = mode;
        FactorOf[i] = factor;
        _changedAt[i] = ticks;
        SettledFrom[i] = ticks;
        for (int t = 0; t < _timers; t++)
        {
            if ((starts & (1 << t)) != 0)
            {
                _startedAt[(i * _timers) + t] = ticks;
                _busyUntil[i] = Math.Max(_busyUntil[i], ticks);
            }
        }

        _startedMask[i] |= starts;
        _modeStale[i] = true;
        _factorStale[i] = false;
        return true;
    }

    /// <summary>
    /// Whether resource <paramref name="i"/> may be stepped by the fleet's own arithmetic at <paramref name="ticks"/> without being
    /// read back first: as <see cref="CanStepFast"/> (the step's length checked by the caller), and not handed out.
    /// </summary>
    protected bool SteadyLane(int i, long ticks) => _fastPath && _fast[i] && !_external[i] && ticks >= SettledFrom[i];

    /// <summary>Records the new fill levels of resources <paramref name="i"/> … <paramref name="i"/> + 3 reached on the fast path.</summary>
    protected void SetFills(int i, Vector256<double> levels)
    {
        levels.CopyTo(Fill.AsSpan(i, 4));
        _fillStale.AsSpan(i, 4).Fill(true);
    }

    /// <summary>Whether the fleet may take a device call of its own for resource <paramref name="i"/> (read back first where handed out).</summary>
    protected bool CanDefer(int i)
    {
        Refresh(i);
        return _fastPath && _fast[i];
    }

    /// <summary>
    /// Takes a reset of resource <paramref name="i"/>'s mode state, as its state machine's <c>Initialise(mode, factor)</c> does it:
    /// <paramref name="mode"/> at <paramref name="factor"/>, no previous mode, no transition, the timers as they are (those a mode
    /// change the fleet took started still start). The resource does it in <see cref="OnReset"/> when it is next brought up to
    /// date; a mode change taken before it is then moot but for its timers. Call after <see cref="CanDefer"/>.
    /// </summary>
    protected void ResetMode(int i, int mode, double factor)
    {
        ModeIndex[i] = mode;
        FactorOf[i] = factor;
        SettledFrom[i] = long.MinValue;
        _modeStale[i] = false;
        _factorStale[i] = false;
        _resetStale[i] = true;
    }

    /// <summary>Does on resource <paramref name="i"/> the reset <see cref="ResetMode"/> took (its timers are already up to date).</summary>
    protected virtual void OnReset(int i)
    {
    }

    /// <summary>Brings device state the derived fleet took on its own to resource <paramref name="i"/>, after its mode state.</summary>
    protected virtual void OnSync(int i)
    {
    }

    /// <summary>Records a new fill level reached on the fast path.</summary>
    protected void SetFill(int i, double level)
    {
        Fill[i] = level;
        _fillStale[i] = true;
    }

    /// <summary>Lets a fleet take device state of its own from resource <paramref name="i"/> after a call into it (not during the base constructor).</summary>
    protected virtual void OnReadBack(int i)
    {
    }

    /// <summary>Reads back a resource that was handed out.</summary>
    protected void Refresh(int i)
    {
        if (_external[i])
        {
            _external[i] = false;
            ReadBack(i);
        }
    }

    /// <summary>Brings resource <paramref name="i"/> up to the arrays before a call into it.</summary>
    protected void Sync(int i)
    {
        Refresh(i);
        var sim = _simulations[i];
        if (_fillStale[i])
        {
            sim.SetFillLevel(Fill[i]);
            _fillStale[i] = false;
        }

        if (_resetStale[i])
        {
            // the timers mode changes started (before the reset and after it; a timer started twice keeps the later start), then the reset
            sim.StartTimers(0, _startedMask[i], _startedAt.AsSpan(i * _timers, _timers));
            _startedMask[i] = 0;
            OnReset(i);
            _resetStale[i] = false;
        }

        if (_modeStale[i])
        {
            sim.RestoreModeChange(0, ModeIndex[i], FactorOf[i], _previousMode[i], _previousFactor[i], _changedAt[i], _startedMask[i], _startedAt.AsSpan(i * _timers, _timers));
            _modeStale[i] = false;
            _startedMask[i] = 0;
        }

        if (_factorStale[i])
        {
            sim.SetFactor(0, FactorOf[i]);
            _factorStale[i] = false;
        }

        OnSync(i);
    }

    /// <summary>Takes the arrays from resource <paramref name="i"/> after a call into it.</summary>
    protected void ReadBack(int i)
    {
        var sim = _simulations[i];
        Fill[i] = sim.FillLevel;
        ModeIndex[i] = sim.ActiveModeIndex(0);
        FactorOf[i] = sim.FactorOf(0);
        SettledFrom[i] = sim.SettledFrom(0);
        _busyUntil[i] = sim.TimersBusyUntil(0);
        _modeStale[i] = false;
        _startedMask[i] = 0;
        OnReadBack(i);
        _fast[i] = sim.PlainStorage && !sim.StatusUpdates.Enabled;
        _fillStale[i] = false;
        _factorStale[i] = false;
    }
}
