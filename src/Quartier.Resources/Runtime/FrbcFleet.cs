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
        for (int i = 0; i < n; i++)
        {
            ReadBack(i);
            for (int m = 0; m < _modes; m++)
            {
                (_coverLo[(i * _modes) + m], _coverHi[(i * _modes) + m]) = m < _simulations[i].ModeCount(0) ? _simulations[i].FactorCoverage(0, m) : (double.NaN, double.NaN);
            }
        }
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

    /// <summary>Resource <paramref name="i"/>'s simulation brought up to date; the fleet reads it back before its next step.</summary>
    protected FrbcSimulation Simulation(int i)
    {
        Sync(i);
        _external[i] = true;
        return _simulations[i];
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

    /// <summary>Records a new fill level reached on the fast path.</summary>
    protected void SetFill(int i, double level)
    {
        Fill[i] = level;
        _fillStale[i] = true;
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

        if (_factorStale[i])
        {
            sim.SetFactor(0, FactorOf[i]);
            _factorStale[i] = false;
        }
    }

    /// <summary>Takes the arrays from resource <paramref name="i"/> after a call into it.</summary>
    protected void ReadBack(int i)
    {
        var sim = _simulations[i];
        Fill[i] = sim.FillLevel;
        ModeIndex[i] = sim.ActiveModeIndex(0);
        FactorOf[i] = sim.FactorOf(0);
        SettledFrom[i] = sim.SettledFrom(0);
        _fast[i] = sim.PlainStorage && !sim.StatusUpdates.Enabled;
        _fillStale[i] = false;
        _factorStale[i] = false;
    }
}
