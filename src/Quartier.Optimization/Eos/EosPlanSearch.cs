using Quartier.Resources.Eos;

namespace Quartier.Optimization.Eos;

/// <summary>
/// The search behind <see cref="EosOptimizer"/>, over EOS's decision space: per hour one battery state (idle,
/// discharge allowed, or AC charging at one of the battery's charge levels; PV surplus may always charge, as with EOS's
/// default <c>optimize_dc_charge = false</c>), per hour one EV charge factor, and one appliance start.
/// </summary>
/// <remarks>
/// <para>Start plan: the battery may discharge in every hour; the vehicle is charged at full rate in the cheapest hours
/// until its target is met, then the last of those hours is lowered as far as the target allows.</para>
/// <para>Moves, each candidate scored exactly by <see cref="EosPlanEvaluator"/> and kept only if it lowers the objective:
/// (1) a forward dynamic programme over the battery's SoC (one label — exact SoC and cost so far — per SoC bin; labels in a
/// bin compete on cost − λ·SoC) re-plans every battery state for the fixed vehicle and appliance; (2) per hour, every
/// combination of battery state and EV factor; (3) EV charging moved between two hours (any lower factor at one, any
/// higher at the other); (4) battery states swapped between two hours.</para>
/// <para>Phase 1 improves the start plan for every appliance start with moves (1, 500 bins) and (2); phase 2 takes the
/// three best and improves them with all moves (2,000 bins) until none helps. Everything is deterministic.</para>
/// </remarks>
internal sealed class EosPlanSearch
{
    private const int Bins = 2000;
    private const int FullSearches = 3;

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
    internal static long TDp, THour, TPair, TSwap;
    internal static int DpBins = int.Parse(Environment.GetEnvironmentVariable("EOPT_BINS") ?? "2000");
    internal static readonly bool Trace = Environment.GetEnvironmentVariable("EOPT_TRACE") == "1";

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
            _applianceStarts = ApplianceStarts(input, options);
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
        int[] starts = _hasAppliance ? _applianceStarts : [-1];
        Reset(starts[0]);
        if (_hasAppliance)
        {
            // The appliance start that is cheapest for the start plan.
            int cheapest = starts[0];
            double cheapestObjective = _eval.Objective;
            for (int k = 1; k < starts.Length; k++)
            {
                SetAppliance(starts[k]);
                if (Better(_eval.Evaluate(_start), cheapestObjective))
                {
                    cheapestObjective = _eval.TrialObjective;
                    cheapest = starts[k];
                }
            }

            SetAppliance(cheapest);
            Commit(_start);
        }

        InitialEv();
        Improve();
        if (Trace) Console.Error.WriteLine($"first {_washStart} obj {_eval.Objective} evals {_eval.Evaluations}");

        // Other appliance starts from the best plan so far: screen each with one round of the cheap moves, then improve
        // the most promising ones fully.
        if (starts.Length > 1)
        {
            var best = Snapshot();
            int bestStart = _washStart;
            double bestObjective = _eval.Objective;
            var candidates = new List<(double Score, int Start)>();
            foreach (int s in starts)
            {
                if (s != bestStart)
                {
                    Restore(best, s);
                    DynamicProgramme();
                    HourMoves();
                    candidates.Add((_eval.Objective, s));
                    if (Trace) Console.Error.WriteLine($"screen {s} obj {_eval.Objective} evals {_eval.Evaluations}");
                }
            }

            candidates.Sort();
            for (int k = 0; k < Math.Min(FullSearches, candidates.Count); k++)
            {
                int s = candidates[k].Start;
                Restore(best, s);
                Improve();
                if (Trace) Console.Error.WriteLine($"start {s} obj {_eval.Objective} evals {_eval.Evaluations}");
                if (Better(_eval.Objective, bestObjective))
                {
                    bestObjective = _eval.Objective;
                    best = Snapshot();
                    bestStart = s;
                }
            }

            Restore(best, bestStart);
        }
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

    private static int[] ApplianceStarts(EosOptimizeInput input, EosOptimizerOptions options)
    {
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
            starts.Add(EosSimulation.Run(input, probe, options.StartHour, options.Day).WashingStart ?? options.StartHour);
        }

        return [.. starts];
    }

    private void SetAppliance(int startHour)
    {
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

        _washStart = startHour;
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
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            bool improved = DynamicProgramme();
            long t1 = System.Diagnostics.Stopwatch.GetTimestamp();
            improved |= HourMoves();
            long t2 = System.Diagnostics.Stopwatch.GetTimestamp();
            improved |= EvPairMoves();
            long t3 = System.Diagnostics.Stopwatch.GetTimestamp();
            improved |= BatterySwaps();
            long t4 = System.Diagnostics.Stopwatch.GetTimestamp();
            TDp += t1 - t0; THour += t2 - t1; TPair += t3 - t2; TSwap += t4 - t3;
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

    /// <summary>Moves EV charging from one hour to another: any lower factor at <c>a</c> with any higher factor at <c>b</c>.</summary>
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
        int bins = DpBins;
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
