namespace Quartier.Optimization.Eos;

/// <summary>
/// A forward dynamic programme over the whole plan at once — battery state, EV factor and appliance start per hour —
/// for <see cref="EosPlanSearch"/>. The state is (battery SoC bin, appliance phase: not started / running for k hours /
/// done); each label carries its exact battery SoC, cost so far and EV energy stored. The vehicle's target is priced
/// in with a Lagrange multiplier μ (a label's key is cost − μ·EV energy − λ·SoC), found by bisection so that the chosen
/// plan stores just enough. Hourly steps are the simulator's own (<see cref="EosPlanEvaluator.BatteryHour"/>); the
/// approximations are the SoC bins and the EV's fall-back near full, which the caller's exact scoring corrects.
/// </summary>
internal sealed class EosJointProgramme
{
    private const int Iterations = 8;

    private readonly EosPlanEvaluator _eval;
    private readonly int _n;
    private readonly int _start;
    private readonly int _maxBins;
    private readonly int _phases;
    private readonly int _duration;
    private readonly double _perHour;
    private readonly bool[] _canStart;
    private readonly double[] _levels;
    private readonly int _states;
    private readonly double[] _evEnergy;
    private readonly double _lambda;

    private readonly double[] _soc;
    private readonly double[] _acc;
    private readonly double[] _ev;
    private readonly double[] _key;
    private readonly double[] _nextSoc;
    private readonly double[] _nextAcc;
    private readonly double[] _nextEv;
    private readonly double[] _nextKey;
    private readonly int[] _parent;
    private readonly int[] _choice;

    /// <summary>Stops the programme between hours (then <see cref="OperationCanceledException"/>).</summary>
    public CancellationToken Cancellation { get; init; }

    public EosJointProgramme(EosPlanEvaluator eval, double[] levels, double[] evRates, int applianceDuration, double appliancePerHour, int[] applianceStarts, int maxBins, double lambda)
    {
        _eval = eval;
        _n = eval.Hours;
        _start = eval.StartHour;
        _maxBins = eval.Battery is null ? 1 : maxBins;
        _levels = levels;
        _states = eval.Battery is null ? 1 : 2 + levels.Length;
        _evEnergy = new double[evRates.Length];
        for (int i = 0; i < evRates.Length; i++)
        {
            _evEnergy[i] = eval.EvEnergy(evRates[i]);
        }

        _duration = applianceDuration;
        _perHour = appliancePerHour;
        _phases = applianceDuration > 0 ? applianceDuration + 1 : 1;
        _canStart = new bool[_n];
        foreach (int s in applianceStarts)
        {
            if (applianceDuration > 0 && s >= _start && s + applianceDuration <= _n)
            {
                _canStart[s] = true;
            }
        }

        _lambda = lambda;
        int cells = _phases * _maxBins;
        _soc = new double[cells];
        _acc = new double[cells];
        _ev = new double[cells];
        _key = new double[cells];
        _nextSoc = new double[cells];
        _nextAcc = new double[cells];
        _nextEv = new double[cells];
        _nextKey = new double[cells];
        _parent = new int[_n * cells];
        _choice = new int[_n * cells];
    }

    /// <summary>
    /// Finds μ by bisection (coarse bins) and solves with <paramref name="bins"/>; writes the plan into
    /// <paramref name="batteryStates"/>, <paramref name="evIndices"/> and <paramref name="applianceStart"/> (−1: none).
    /// Returns false when no plan was found (no appliance start fits, or the vehicle's target is out of reach).
    /// </summary>
    public bool Solve(int bins, int coarseBins, int[] batteryStates, int[] evIndices, out int applianceStart)
    {
        applianceStart = -1;
        bins = Math.Min(bins, _maxBins);
        coarseBins = Math.Min(coarseBins, _maxBins);
        double need = _eval.EvEnergyNeeded;
        double mu = 0.0;
        if (need > 0 && _evEnergy.Length > 1)
        {
            double maxPrice = 0.0;
            for (int h = _start; h < _n; h++)
            {
                maxPrice = Math.Max(maxPrice, Math.Abs(_eval.PriceAt(h)));
            }

            double hi = Math.Max(maxPrice, 1e-9) * 1.5;
            int grow = 0;
            while (Run(coarseBins, hi, need, lagrangian: true, out double reached) >= 0 && reached < need && grow < 20)
            {
                hi *= 2;
                grow++;
            }

            double lo = 0.0;
            for (int iteration = 0; iteration < Iterations; iteration++)
            {
                double mid = 0.5 * (lo + hi);
                if (Run(coarseBins, mid, need, lagrangian: true, out double reached) >= 0 && reached >= need)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid;
                }
            }

            mu = hi;
        }

        // The fine pass may store slightly less than the coarse one: raise μ a little until it meets the target.
        int cell = Run(bins, mu, need, lagrangian: false, out double stored);
        for (int k = 0; k < 5 && cell >= 0 && stored < need - 1e-6; k++)
        {
            mu *= 1.1;
            cell = Run(bins, mu, need, lagrangian: false, out stored);
        }

        if (cell < 0)
        {
            return false;
        }

        int cells = _phases * bins;
        for (int h = _n - 1; h >= _start; h--)
        {
            int row = h * cells;
            int choice = _choice[row + cell];
            bool started = (choice & 1) != 0;
            int decision = choice >> 1;
            batteryStates[h] = decision / _evEnergy.Length;
            evIndices[h] = decision % _evEnergy.Length;
            if (started)
            {
                applianceStart = h;
            }

            cell = _parent[row + cell];
        }

        return true;
    }

    /// <summary>
    /// One pass with multiplier <paramref name="mu"/>; returns the final cell (or −1) and the EV energy its plan stores.
    /// <paramref name="lagrangian"/>: the cell minimising cost − μ·EV energy (for the bisection); otherwise the cheapest
    /// cell meeting the target, if any.
    /// </summary>
    private int Run(int bins, double mu, double need, bool lagrangian, out double evEnergy)
    {
        var battery = _eval.Battery;
        double initial = _eval.BatterySocAt(_start);
        double lo = battery is null ? 0.0 : Math.Min(battery.MinSocWh, initial);
        double hi = battery is null ? 0.0 : Math.Max(battery.MaxSocWh, initial);
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        int cells = _phases * bins;
        int rates = _evEnergy.Length;
        int done = _phases - 1;

        _key.AsSpan(0, cells).Fill(double.PositiveInfinity);
        int first = Bin(initial, lo, width, bins);
        _soc[first] = initial;
        _acc[first] = 0.0;
        _ev[first] = 0.0;
        _key[first] = 0.0;

        for (int h = _start; h < _n; h++)
        {
            Cancellation.ThrowIfCancellationRequested();
            _nextKey.AsSpan(0, cells).Fill(double.PositiveInfinity);
            int row = h * cells;
            // Without appliance phases the appliance (if any) is a fixed load, already in the plan.
            double load = _phases == 1 ? _eval.BaseConsumption(h) : _eval.LoadAt(h);
            for (int cell = 0; cell < cells; cell++)
            {
                if (double.IsPositiveInfinity(_key[cell]))
                {
                    continue;
                }

                int phase = cell / bins;
                if (phase == 0)
                {
                    Expand(h, row, cell, load, 0.0, 0, false, bins, lo, width, mu, rates);
                    if (_canStart[h])
                    {
                        Expand(h, row, cell, load, _perHour, 1, true, bins, lo, width, mu, rates);
                    }
                }
                else if (phase < done)
                {
                    Expand(h, row, cell, load, _perHour, phase + 1, false, bins, lo, width, mu, rates);
                }
                else
                {
                    Expand(h, row, cell, load, 0.0, phase, false, bins, lo, width, mu, rates);
                }
            }

            Array.Copy(_nextKey, _key, cells);
            Array.Copy(_nextSoc, _soc, cells);
            Array.Copy(_nextAcc, _acc, cells);
            Array.Copy(_nextEv, _ev, cells);
        }

        // Final cells: the appliance has run (when there is one).
        int best = -1;
        bool bestFeasible = false;
        double bestValue = double.PositiveInfinity;
        for (int b = 0; b < bins; b++)
        {
            int cell = (done * bins) + b;
            if (double.IsPositiveInfinity(_key[cell]))
            {
                continue;
            }

            double value = _acc[cell] - _eval.ResidualValue(_soc[cell]);
            bool feasible = !lagrangian && _ev[cell] >= need - 1e-6;
            if (lagrangian || !feasible)
            {
                value -= mu * _ev[cell];
            }

            if ((feasible && !bestFeasible) || (feasible == bestFeasible && value < bestValue))
            {
                best = cell;
                bestFeasible = feasible;
                bestValue = value;
            }
        }

        evEnergy = best >= 0 ? _ev[best] : 0.0;
        return best;
    }

    private void Expand(int h, int row, int cell, double load, double appliance, int nextPhase, bool started, int bins, double lo, double width, double mu, int rates)
    {
        double baseConsumption = load + appliance;
        for (int s = 0; s < _states; s++)
        {
            double ac = s >= 2 ? _levels[s - 2] : 0.0;
            double discharge = s == 1 ? 1.0 : 0.0;
            for (int i = 0; i < rates; i++)
            {
                double e = _evEnergy[i];
                double consumption = e > 0 ? baseConsumption + e : baseConsumption;
                double soc = _soc[cell];
                double acc = _acc[cell] + _eval.BatteryHour(h, consumption, ref soc, ac, discharge);
                double ev = _ev[cell] + e;
                double key = acc - (mu * ev) - (_lambda * soc);
                int next = (nextPhase * bins) + Bin(soc, lo, width, bins);
                if (key < _nextKey[next])
                {
                    _nextKey[next] = key;
                    _nextSoc[next] = soc;
                    _nextAcc[next] = acc;
                    _nextEv[next] = ev;
                    _parent[row + next] = cell;
                    _choice[row + next] = ((((s * rates) + i) << 1) | (started ? 1 : 0));
                }
            }
        }
    }

    private static int Bin(double soc, double lo, double width, int bins)
    {
        int b = (int)((soc - lo) / width);
        return b < 0 ? 0 : b >= bins ? bins - 1 : b;
    }
}
