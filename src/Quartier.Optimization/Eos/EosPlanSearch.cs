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
internal sealed partial class EosPlanSearch
{
    private const int Bins = 2000;
    private const int JointBins = 500;
    private const int CoarseBins = 60;

    private readonly EosPlanEvaluator _eval;
    private readonly int _n;
    private readonly int _start;
    private readonly int _maxRounds;
    private readonly CancellationToken _cancellation;
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
        _cancellation = options.Cancellation;
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
            _eval.Battery is null ? 0.0 : Lambda())
        {
            Cancellation = _cancellation,
        };
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
            _cancellation.ThrowIfCancellationRequested();
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
}
