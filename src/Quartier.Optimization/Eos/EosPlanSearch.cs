using Quartier.Resources.Eos;

namespace Quartier.Optimization.Eos;

/// <summary>
/// The search behind <see cref="EosOptimizer"/>, over EOS's decision space: per hour one battery state (idle,
/// discharge allowed, or AC charging at one of the battery's charge levels; PV surplus may always charge, as with EOS's
/// default <c>optimize_dc_charge = false</c>), per hour one EV charge factor, and one appliance start.
/// </summary>
/// <remarks>
/// <para>1. <see cref="EosJointProgramme"/> plans everything at once (battery SoC bins × appliance phase, the vehicle's
/// target priced in by a Lagrange multiplier found by bisection).</para>
/// <para>2. Should that plan miss the vehicle's target, a greedy adds EV charge one factor step at a time where the extra
/// stored energy costs least.</para>
/// <para>3. Exact local search until no move improves, every candidate scored by <see cref="EosPlanEvaluator"/> (which
/// equals a replay by <see cref="EosSimulation"/>) and kept only if it lowers the objective: a dynamic programme over
/// the battery's SoC alone (2,000 bins) for the fixed vehicle and appliance; per hour every combination of battery state
/// and EV factor; EV charge moved between two hours (each lower factor at one with the compensating factor and its
/// neighbours at the other); battery states swapped between two hours; the appliance moved to another start.</para>
/// <para>Infeasible vehicle targets are penalised (1000 per percentage point missed), so the search meets the target
/// whenever it can. Everything is deterministic.</para>
/// </remarks>
internal sealed class EosPlanSearch
{
    private const int Bins = 2000;
    private const int JointBins = 500;
    private const int CoarseBins = 60;

    private readonly EosPlanEvaluator _eval;
    private readonly int _n;
    private readonly int _start;
    private readonly int _maxRounds;
    private readonly double[] _levels;
    private readonly double[] _rates;
    private readonly int _states;
    private readonly int[] _bs;
    private readonly int[] _ei;
    private readonly int[] _applianceStarts;
    private readonly double _appliancePerHour;
    private readonly int _applianceDuration;
    private readonly bool _hasAppliance;
    private readonly bool _optimizeEv;

    // Dynamic programme buffers.
    private readonly double[] _dpSoc = new double[Bins];
    private readonly double[] _dpAcc = new double[Bins];
    private readonly double[] _dpKey = new double[Bins];
    private readonly double[] _dpNextSoc = new double[Bins];
    private readonly double[] _dpNextAcc = new double[Bins];
    private readonly double[] _dpNextKey = new double[Bins];
    private readonly int[] _dpParent;
    private readonly int[] _dpChoice;
    private readonly double[] _consumption;

    private int _washStart = -1;
    private int _fallbackRequested = -1;
    private int _fallbackEffective = -1;

    public EosPlanSearch(EosOptimizeInput input, EosOptimizerOptions options)
    {
        _n = input.Hours;
        _start = options.StartHour;
        _maxRounds = Math.Max(1, options.MaxRounds);
        _optimizeEv = EosObjective.OptimizesEv(input);
        _eval = new EosPlanEvaluator(input, _start, _optimizeEv);

        if (_eval.Battery is null)
        {
            _levels = [];
            _states = 1;
        }
        else
        {
            _levels = !_eval.AcPossible ? []
                : input.PvBattery!.ChargeRates is { } r && r.Any(x => x > 0) ? [.. r.Where(x => x > 0).Distinct().Order()]
                : [1.0];
            _states = 2 + _levels.Length;
        }

        if (_optimizeEv)
        {
            var rates = options.EvChargeRates ?? (IReadOnlyList<double>?)input.Ev!.ChargeRates ?? EosBatteryParameters.DefaultChargeRates;
            _rates = [.. rates.Append(0.0).Distinct().Order()];
        }
        else
        {
            _rates = [0.0];
        }

        EvChargeRates = _optimizeEv ? _rates : [];
        _bs = new int[_n];
        _ei = new int[_n];
        _dpParent = new int[_n * Bins];
        _dpChoice = new int[_n * Bins];
        _consumption = new double[_n];

        if (input.Dishwasher is { } dishwasher)
        {
            _hasAppliance = true;
            _applianceDuration = dishwasher.DurationH;
            _appliancePerHour = dishwasher.ConsumptionWh / dishwasher.DurationH;
            _applianceStarts = ApplianceStarts(input, options, out _fallbackEffective);
            if (_fallbackEffective >= 0)
            {
                _fallbackRequested = _applianceStarts[0];
            }
        }
        else
        {
            _applianceStarts = [];
        }
    }

    /// <summary>The EV factors the plan may use.</summary>
    public IReadOnlyList<double> EvChargeRates { get; }

    /// <summary>Plans evaluated.</summary>
    public long Evaluations => _eval.Evaluations;

    /// <summary>Objective of the best plan (with the EV penalty when the target cannot be met).</summary>
    public double Objective => _eval.Objective;

    /// <summary>Runs the search.</summary>
    public void Run()
    {
        Reset(_hasAppliance ? _applianceStarts[0] : -1);

        // A whole plan from the joint programme, kept if it beats the start plan.
        var joint = new EosJointProgramme(
            _eval,
            _levels,
            _rates,
            _hasAppliance && _fallbackEffective < 0 ? _applianceDuration : 0,
            _appliancePerHour,
            _applianceStarts,
            JointBins,
            _eval.Battery is null ? 0.0 : Lambda());
        var bs = new int[_n];
        var ei = new int[_n];
        if (joint.Solve(JointBins, CoarseBins, bs, ei, out int applianceStart))
        {
            var before = Snapshot();
            int beforeStart = _washStart;
            for (int h = _start; h < _n; h++)
            {
                SetBattery(h, bs[h]);
                SetEv(h, ei[h]);
            }

            if (applianceStart >= 0)
            {
                SetAppliance(applianceStart);
            }

            if (Better(_eval.Evaluate(_start), _eval.Objective))
            {
                _eval.Accept();
            }
            else
            {
                Restore(before, beforeStart);
            }
        }

        // Should the programme have missed the vehicle's target, the greedy fills it; then the exact local search.
        InitialEv();
        Improve();
    }

    /// <summary>The best plan as EOS controls.</summary>
    public EosControls ToControls() => new()
    {
        AcCharge = [.. _eval.Ac],
        DcCharge = [.. _eval.Dc],
        DischargeAllowed = [.. _eval.Discharge],
        EvChargeHours = _optimizeEv ? [.. _eval.EvRate] : null,
        WashingStart = _hasAppliance ? _washStart : null,
        Source = "optimizer",
    };

    /// <summary>
    /// The appliance starts to consider; <paramref name="fallbackEffective"/> is −1 unless no start fits, in which case
    /// the only candidate is the start hour and this is where the simulation moves it.
    /// </summary>
    private static int[] ApplianceStarts(EosOptimizeInput input, EosOptimizerOptions options, out int fallbackEffective)
    {
        fallbackEffective = -1;
        // EOS's genetic search draws the start from start_hour … 23; the run must also fit into the horizon and the
        // time windows must allow it (the simulation would move a forbidden start).
        int n = input.Hours;
        int duration = input.Dishwasher!.DurationH;
        int last = Math.Min(23, n - duration);
        if (last < options.StartHour)
        {
            last = n - duration;
        }

        var zeros = new double[n];
        var starts = new List<int>();
        for (int h = options.StartHour; h <= last; h++)
        {
            var probe = new EosControls { AcCharge = zeros, DcCharge = zeros, DischargeAllowed = zeros, WashingStart = h };
            if (EosSimulation.Run(input, probe, options.StartHour, options.Day).WashingStart == h)
            {
                starts.Add(h);
            }
        }

        if (starts.Count == 0)
        {
            // Nothing fits: keep EOS's own rule (the simulation moves the start) so the result stays a valid replay.
            var probe = new EosControls { AcCharge = zeros, DcCharge = zeros, DischargeAllowed = zeros, WashingStart = options.StartHour };
            fallbackEffective = EosSimulation.Run(input, probe, options.StartHour, options.Day).WashingStart ?? options.StartHour;
            starts.Add(options.StartHour);
        }

        return [.. starts];
    }

    /// <summary>Requests the appliance start <paramref name="requested"/> (the effective start differs only in the fall-back case).</summary>
    private void SetAppliance(int requested)
    {
        int startHour = requested == _fallbackRequested ? _fallbackEffective : requested;
        var load = _eval.ApplianceLoad;
        Array.Clear(load);
        if (startHour < _n)
        {
            int end = Math.Min(startHour + _applianceDuration, _n);
            for (int h = startHour; h < end; h++)
            {
                load[h] = _appliancePerHour;
            }
        }

        _washStart = requested;
    }

    private void SetBattery(int h, int state)
    {
        _bs[h] = state;
        _eval.Ac[h] = state >= 2 ? _levels[state - 2] : 0.0;
        _eval.Discharge[h] = state == 1 ? 1.0 : 0.0;
    }

    private void SetEv(int h, int index)
    {
        _ei[h] = index;
        _eval.EvRate[h] = _rates[index];
    }

    private void Commit(int from)
    {
        _eval.Evaluate(from);
        _eval.Accept();
    }

    private bool Better(double candidate, double incumbent) => candidate < incumbent - (1e-12 * Math.Max(1.0, Math.Abs(incumbent)));

    /// <summary>
    /// Greedy start for the vehicle: repeatedly raises the EV factor by one step in the hour where the extra stored
    /// energy costs least (exact objective change per Wh), until the target is met or nothing can be added.
    /// </summary>
    private void InitialEv()
    {
        if (!_optimizeEv || _rates.Length < 2)
        {
            return;
        }

        int top = _rates.Length - 1;
        while (_eval.EvShortfall > 0)
        {
            double evNow = _eval.EvSocAt(_n);
            double bestRatio = double.PositiveInfinity;
            int bestHour = -1;
            for (int h = _start; h < _n; h++)
            {
                int i0 = _ei[h];
                if (i0 == top)
                {
                    continue;
                }

                SetEv(h, i0 + 1);
                _eval.Evaluate(h);
                double gain = _eval.TrialEvSocWh - evNow;
                if (gain > 1e-6)
                {
                    double ratio = (_eval.TrialCost - _eval.Cost) / gain;
                    if (ratio < bestRatio)
                    {
                        bestRatio = ratio;
                        bestHour = h;
                    }
                }

                SetEv(h, i0);
            }

            if (bestHour < 0)
            {
                return;
            }

            SetEv(bestHour, _ei[bestHour] + 1);
            Commit(bestHour);
        }
    }

    /// <summary>Marginal value of stored energy used to rank labels within a bin: the mean import price, delivered through the discharge path.</summary>
    private double Lambda()
    {
        double sum = 0.0;
        for (int h = _start; h < _n; h++)
        {
            sum += _eval.PriceAt(h);
        }

        return sum / (_n - _start) * _eval.Battery!.DischargingEfficiency * _eval.DcToAc;
    }

    /// <summary>Improves the current plan until no move helps.</summary>
    private void Improve()
    {
        for (int round = 0; round < _maxRounds; round++)
        {
            bool improved = DynamicProgramme();
            improved |= HourMoves();
            improved |= EvPairMoves();
            improved |= BatterySwaps();
            improved |= ApplianceMoves();
            if (!improved)
            {
                break;
            }
        }
    }

    /// <summary>Battery states and EV indices of the current plan in one array (battery states first).</summary>
    private int[] Snapshot()
    {
        var plan = new int[2 * _n];
        Array.Copy(_bs, plan, _n);
        Array.Copy(_ei, 0, plan, _n, _n);
        return plan;
    }

    private void Restore(int[] plan, int applianceStart)
    {
        for (int h = _start; h < _n; h++)
        {
            SetBattery(h, plan[h]);
            SetEv(h, plan[_n + h]);
        }

        if (_hasAppliance)
        {
            SetAppliance(applianceStart);
        }

        Commit(_start);
    }

    /// <summary>The heuristic start: the battery may discharge in every hour, no EV charging, the given appliance start.</summary>
    private void Reset(int applianceStart)
    {
        int state = _states > 1 ? 1 : 0;
        for (int h = _start; h < _n; h++)
        {
            SetBattery(h, state);
            SetEv(h, 0);
        }

        if (_hasAppliance)
        {
            SetAppliance(applianceStart);
        }

        Commit(_start);
    }

    /// <summary>Per hour, the best combination of battery state and EV factor with everything else fixed.</summary>
    private bool HourMoves()
    {
        bool improved = false;
        int rates = _rates.Length;
        for (int h = _start; h < _n; h++)
        {
            int s0 = _bs[h], i0 = _ei[h];
            int bestS = s0, bestI = i0;
            double best = _eval.Objective;
            for (int s = 0; s < _states; s++)
            {
                SetBattery(h, s);
                for (int i = 0; i < rates; i++)
                {
                    if (s == s0 && i == i0)
                    {
                        continue;
                    }

                    SetEv(h, i);
                    double v = _eval.Evaluate(h);
                    if (Better(v, best))
                    {
                        best = v;
                        bestS = s;
                        bestI = i;
                    }
                }

                SetEv(h, i0);
            }

            SetBattery(h, bestS);
            SetEv(h, bestI);
            if (bestS != s0 || bestI != i0)
            {
                Commit(h);
                improved = true;
            }
        }

        return improved;
    }

    /// <summary>Moves EV charging from hour <c>a</c> to hour <c>b</c>: each lower factor at <c>a</c> with the factor at <c>b</c> that makes up for it and its two neighbours.</summary>
    private bool EvPairMoves()
    {
        if (_rates.Length < 2)
        {
            return false;
        }

        bool improved = false;
        int top = _rates.Length - 1;
        for (int a = _start; a < _n; a++)
        {
            if (_ei[a] == 0)
            {
                continue;
            }

            for (int b = _start; b < _n; b++)
            {
                if (b == a || _ei[b] == top)
                {
                    continue;
                }

                int a0 = _ei[a], b0 = _ei[b];
                int bestA = a0, bestB = b0;
                double best = _eval.Objective;
                int from = Math.Min(a, b);
                for (int ia = 0; ia < a0; ia++)
                {
                    SetEv(a, ia);

                    // The factor at b that makes up for the energy taken from a, and its neighbours.
                    int match = Compensating(b0, _rates[a0] - _rates[ia]);
                    int lo = Math.Max(b0 + 1, match - 1), hi = Math.Min(top, match + 1);
                    for (int ib = lo; ib <= hi; ib++)
                    {
                        SetEv(b, ib);
                        double v = _eval.Evaluate(from);
                        if (Better(v, best))
                        {
                            best = v;
                            bestA = ia;
                            bestB = ib;
                        }
                    }
                }

                SetEv(a, bestA);
                SetEv(b, bestB);
                if (bestA != a0 || bestB != b0)
                {
                    Commit(from);
                    improved = true;
                    if (_ei[a] == 0)
                    {
                        break;
                    }
                }
            }
        }

        return improved;
    }

    /// <summary>The lowest EV factor index above <paramref name="index"/> adding at least <paramref name="energy"/> (as a factor), or the top one.</summary>
    private int Compensating(int index, double energy)
    {
        for (int i = index + 1; i < _rates.Length; i++)
        {
            if (_rates[i] - _rates[index] >= energy - 1e-9)
            {
                return i;
            }
        }

        return _rates.Length - 1;
    }

    /// <summary>Moves the appliance to the best other start with everything else fixed.</summary>
    private bool ApplianceMoves()
    {
        if (_applianceStarts.Length < 2)
        {
            return false;
        }

        int current = _washStart;
        int bestStart = current;
        double best = _eval.Objective;
        foreach (int s in _applianceStarts)
        {
            if (s == current)
            {
                continue;
            }

            SetAppliance(s);
            double v = _eval.Evaluate(Math.Min(s, current));
            if (Better(v, best))
            {
                best = v;
                bestStart = s;
            }
        }

        SetAppliance(bestStart);
        if (bestStart == current)
        {
            return false;
        }

        Commit(Math.Min(bestStart, current));
        return true;
    }

    /// <summary>Swaps the battery states of two hours.</summary>
    private bool BatterySwaps()
    {
        if (_states < 2)
        {
            return false;
        }

        bool improved = false;
        for (int a = _start; a < _n; a++)
        {
            for (int b = a + 1; b < _n; b++)
            {
                int sa = _bs[a], sb = _bs[b];
                if (sa == sb)
                {
                    continue;
                }

                SetBattery(a, sb);
                SetBattery(b, sa);
                double v = _eval.Evaluate(a);
                if (Better(v, _eval.Objective))
                {
                    _eval.Accept();
                    improved = true;
                }
                else
                {
                    SetBattery(a, sa);
                    SetBattery(b, sb);
                }
            }
        }

        return improved;
    }

    /// <summary>
    /// Re-plans every battery state for the fixed vehicle and appliance: a forward dynamic programme over the SoC with one
    /// label (exact SoC and cost so far) per bin; labels in a bin compete on cost − λ·SoC. The result is scored exactly and
    /// kept only if it is better.
    /// </summary>
    private bool DynamicProgramme()
    {
        const int bins = Bins;
        var battery = _eval.Battery;
        if (battery is null || _states < 2)
        {
            return false;
        }

        for (int h = _start; h < _n; h++)
        {
            _consumption[h] = _eval.ConsumptionBeforeInverter(h);
        }

        double initial = _eval.BatterySocAt(_start);
        double lo = Math.Min(battery.MinSocWh, initial);
        double hi = Math.Max(battery.MaxSocWh, initial);
        double width = hi > lo ? (hi - lo) / bins : 1.0;
        double lambda = Lambda();

        _dpKey.AsSpan(0, bins).Fill(double.PositiveInfinity);
        int b0 = Bin(initial, lo, width, bins);
        _dpSoc[b0] = initial;
        _dpAcc[b0] = 0.0;
        _dpKey[b0] = 0.0;

        for (int h = _start; h < _n; h++)
        {
            _dpNextKey.AsSpan(0, bins).Fill(double.PositiveInfinity);
            int row = h * bins;
            double consumption = _consumption[h];
            for (int b = 0; b < bins; b++)
            {
                if (double.IsPositiveInfinity(_dpKey[b]))
                {
                    continue;
                }

                for (int s = 0; s < _states; s++)
                {
                    double soc = _dpSoc[b];
                    double ac = s >= 2 ? _levels[s - 2] : 0.0;
                    double cost = _eval.BatteryHour(h, consumption, ref soc, ac, s == 1 ? 1.0 : 0.0);
                    double acc = _dpAcc[b] + cost;
                    double key = acc - (lambda * soc);
                    int nb = Bin(soc, lo, width, bins);
                    if (key < _dpNextKey[nb])
                    {
                        _dpNextKey[nb] = key;
                        _dpNextSoc[nb] = soc;
                        _dpNextAcc[nb] = acc;
                        _dpParent[row + nb] = b;
                        _dpChoice[row + nb] = s;
                    }
                }
            }

            Array.Copy(_dpNextKey, _dpKey, bins);
            Array.Copy(_dpNextSoc, _dpSoc, bins);
            Array.Copy(_dpNextAcc, _dpAcc, bins);
        }

        int bestBin = -1;
        double bestValue = double.PositiveInfinity;
        for (int b = 0; b < bins; b++)
        {
            if (double.IsPositiveInfinity(_dpKey[b]))
            {
                continue;
            }

            double v = _dpAcc[b] - _eval.ResidualValue(_dpSoc[b]);
            if (v < bestValue)
            {
                bestValue = v;
                bestBin = b;
            }
        }

        var saved = (int[])_bs.Clone();
        int bin = bestBin;
        for (int h = _n - 1; h >= _start; h--)
        {
            int row = h * bins;
            SetBattery(h, _dpChoice[row + bin]);
            bin = _dpParent[row + bin];
        }

        int first = _start;
        while (first < _n && _bs[first] == saved[first])
        {
            first++;
        }

        if (first == _n)
        {
            return false;
        }

        double candidate = _eval.Evaluate(first);
        if (Better(candidate, _eval.Objective))
        {
            _eval.Accept();
            return true;
        }

        for (int h = _start; h < _n; h++)
        {
            SetBattery(h, saved[h]);
        }

        return false;
    }

    private static int Bin(double soc, double lo, double width, int bins)
    {
        int b = (int)((soc - lo) / width);
        return b < 0 ? 0 : b >= bins ? bins - 1 : b;
    }
}
