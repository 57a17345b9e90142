using Quartier.Resources.Eos;
using static Quartier.Resources.Eos.EosBatteryModel;

namespace Quartier.Optimization.Eos;

/// <summary>
/// An allocation-free, incremental re-implementation of <see cref="EosSimulation.Run"/> for the optimiser: it keeps the
/// trajectory (battery and vehicle SoC at the start of every hour, hourly costs and revenue) of the current plan, and
/// re-simulates only from the first changed hour when a move is tried. Every hourly step repeats the simulator's
/// floating-point operations in the same order and the totals are summed the way NumPy sums, so <see cref="Cost"/>
/// equals <see cref="EosObjective.Of(EosOptimizeInput, EosSimulationResult)"/> of replaying the plan with
/// <see cref="EosSimulation"/> bit for bit (a test checks this on random plans); <see cref="Objective"/> adds a penalty
/// of 1000 × (1 + points missed) when the vehicle's target is missed.
/// </summary>
/// <remarks>
/// Usage: change the plan arrays (<see cref="Ac"/>, <see cref="Discharge"/>, <see cref="EvRate"/>, <see cref="ApplianceLoad"/>),
/// call <see cref="Evaluate"/> with the first changed hour, then <see cref="Accept"/> to keep the change or restore
/// the arrays to reject it.
/// </remarks>
internal sealed class EosPlanEvaluator
{
    private const int ScrCacheSize = 16;

    private readonly int _n;
    private readonly int _start;
    private readonly double[] _load;
    private readonly double[] _pv;
    private readonly double[] _price;
    private readonly double[] _tariff;
    private readonly double _maxPower;
    private readonly double _dcToAc;
    private readonly double _acToDc;
    private readonly double? _maxAc;
    private readonly bool _hasInverter;
    private readonly EosBatteryModel? _battery;
    private readonly EosBatteryModel? _ev;
    private readonly double _batteryPrice;
    private readonly double _evTargetPercent;
    private readonly double _evMaxPercent;
    private readonly bool _evConstrained;
    private readonly SelfConsumptionInterpolator _scr = SelfConsumptionInterpolator.Default;

    // Per hour a small cache of self-consumption rates (the rate depends only on the hour's consumption before the battery).
    private readonly double[] _scrKeys;
    private readonly double[] _scrValues;
    private readonly int[] _scrNext;

    private readonly double[] _batSoc;
    private readonly double[] _evSoc;
    private readonly double[] _costs;
    private readonly double[] _revenue;
    private readonly double[] _tBatSoc;
    private readonly double[] _tEvSoc;
    private readonly double[] _tCosts;
    private readonly double[] _tRevenue;
    private int _trialFrom = -1;

    public EosPlanEvaluator(EosOptimizeInput input, int startHour, bool evTarget)
    {
        _n = input.Hours;
        _start = startHour;
        var ems = input.Ems;
        _load = ems.TotalLoad;
        _pv = ems.PvForecastWh;
        _price = ems.ElectricityPricePerWh;
        _tariff = ems.FeedInTariffPerWh;
        var inverter = input.Inverter;
        _hasInverter = inverter is not null;
        _maxPower = inverter?.MaxPowerWh ?? 0;
        _dcToAc = inverter?.DcToAcEfficiency ?? 1.0;
        _acToDc = inverter?.AcToDcEfficiency ?? 1.0;
        _maxAc = inverter?.MaxAcChargePowerW;
        if (inverter is not null && input.PvBattery is { } pv)
        {
            _battery = new EosBatteryModel(pv);
            AcPossible = _acToDc > 0 && (_maxAc is null || _maxAc > 0);
            _batteryPrice = ems.PricePerWhBattery;
        }

        if (input.Ev is { } ev)
        {
            _ev = new EosBatteryModel(ev);
            _evMaxPercent = ev.MaxSocPercentage;
            _evTargetPercent = ev.MinSocPercentage;
            _evConstrained = evTarget;
        }

        Ac = new double[_n];
        Dc = new double[_n];
        Discharge = new double[_n];
        EvRate = new double[_n];
        ApplianceLoad = new double[_n];
        for (int h = startHour; h < _n; h++)
        {
            Dc[h] = 1.0;
        }

        _scrKeys = new double[_n * ScrCacheSize];
        Array.Fill(_scrKeys, double.NaN);
        _scrValues = new double[_n * ScrCacheSize];
        _scrNext = new int[_n];

        _batSoc = new double[_n + 1];
        _evSoc = new double[_n + 1];
        _costs = new double[_n];
        _revenue = new double[_n];
        _tBatSoc = new double[_n + 1];
        _tEvSoc = new double[_n + 1];
        _tCosts = new double[_n];
        _tRevenue = new double[_n];
        _batSoc[startHour] = _battery?.InitialSocWh ?? 0.0;
        _evSoc[startHour] = _ev?.InitialSocWh ?? 0.0;
        Evaluate(startHour);
        Accept();
    }

    /// <summary>Hours in the horizon.</summary>
    public int Hours => _n;

    /// <summary>First simulated hour.</summary>
    public int StartHour => _start;

    /// <summary>True when the plan's AC charging takes effect (battery behind an inverter with a usable AC path).</summary>
    public bool AcPossible { get; }

    /// <summary>The PV battery model, or <c>null</c> when there is none (or no inverter).</summary>
    public EosBatteryModel? Battery => _battery;

    /// <summary>AC charge factor per hour (plan).</summary>
    public double[] Ac { get; }

    /// <summary>DC charge permission per hour (plan; 1 from the start hour).</summary>
    public double[] Dc { get; }

    /// <summary>Discharge permission per hour (plan).</summary>
    public double[] Discharge { get; }

    /// <summary>EV charge factor per hour (plan).</summary>
    public double[] EvRate { get; }

    /// <summary>Appliance energy per hour (plan).</summary>
    public double[] ApplianceLoad { get; }

    /// <summary>DC→AC efficiency of the inverter (1 without one).</summary>
    public double DcToAc => _dcToAc;

    /// <summary>Import price of <paramref name="hour"/>.</summary>
    public double PriceAt(int hour) => _price[hour];

    /// <summary>Objective of the accepted plan.</summary>
    public double Objective { get; private set; }

    /// <summary>Objective of the accepted plan without the EV penalty.</summary>
    public double Cost { get; private set; }

    /// <summary>Objective of the last evaluated plan without the EV penalty.</summary>
    public double TrialCost { get; private set; }

    /// <summary>EV SoC after the last hour of the last evaluated plan, Wh.</summary>
    public double TrialEvSocWh => _tEvSoc[_n];

    /// <summary>Objective of the last evaluated plan.</summary>
    public double TrialObjective { get; private set; }

    /// <summary>Evaluations so far.</summary>
    public long Evaluations { get; private set; }

    /// <summary>The vehicle's battery model, or <c>null</c> without a vehicle.</summary>
    public EosBatteryModel? Ev => _ev;

    /// <summary>True when the final EV SoC <paramref name="evSocWh"/> meets EOS's target window (always true without a target).</summary>
    public bool EvFeasible(double evSocWh) => Shortfall(evSocWh) == 0;

    /// <summary>Battery SoC at the start of <paramref name="hour"/> in the accepted plan (hour = <see cref="Hours"/>: the end).</summary>
    public double BatterySocAt(int hour) => _batSoc[hour];

    /// <summary>EV SoC at the start of <paramref name="hour"/> in the accepted plan.</summary>
    public double EvSocAt(int hour) => _evSoc[hour];

    /// <summary>Shortfall of the accepted plan's final EV SoC below the target, percentage points (0 when met or no target).</summary>
    public double EvShortfall => Shortfall(_evSoc[_n]);

    /// <summary>Simulates the current plan from <paramref name="from"/> (the first hour that changed since the accepted plan) and returns the objective with the EV penalty.</summary>
    public double Evaluate(int from)
    {
        if (from < _start)
        {
            from = _start;
        }

        Evaluations++;
        _trialFrom = from;
        double bat = _batSoc[from];
        double ev = _evSoc[from];
        for (int h = from; h < _n; h++)
        {
            _tBatSoc[h] = bat;
            _tEvSoc[h] = ev;
            Step(h, ref bat, ref ev, out _tCosts[h], out _tRevenue[h]);
        }

        _tBatSoc[_n] = bat;
        _tEvSoc[_n] = ev;
        Array.Copy(_costs, _start, _tCosts, _start, from - _start);
        Array.Copy(_revenue, _start, _tRevenue, _start, from - _start);
        double balance = Sum(_tCosts.AsSpan(_start, _n - _start)) - Sum(_tRevenue.AsSpan(_start, _n - _start));
        TrialCost = balance - ResidualValue(bat);
        TrialObjective = TrialCost + Penalty(ev);
        return TrialObjective;
    }

    /// <summary>Makes the last evaluated plan the accepted one.</summary>
    public void Accept()
    {
        int from = _trialFrom;
        Array.Copy(_tBatSoc, from, _batSoc, from, _n + 1 - from);
        Array.Copy(_tEvSoc, from, _evSoc, from, _n + 1 - from);
        Array.Copy(_tCosts, from, _costs, from, _n - from);
        Array.Copy(_tRevenue, from, _revenue, from, _n - from);
        Objective = TrialObjective;
        Cost = TrialCost;
    }

    /// <summary>Consumption of <paramref name="hour"/> before the inverter (load, appliance, EV) in the accepted plan, and the EV SoC after it.</summary>
    public double ConsumptionBeforeInverter(int hour)
    {
        double ev = _evSoc[hour];
        return Consumption(hour, ref ev);
    }

    /// <summary>Household load of <paramref name="hour"/>, Wh.</summary>
    public double LoadAt(int hour) => _load[hour];

    /// <summary>Household load plus appliance energy of <paramref name="hour"/> (consumption before EV charging).</summary>
    public double BaseConsumption(int hour) => _load[hour] + ApplianceLoad[hour];

    /// <summary>Energy the vehicle stores in an hour at <paramref name="factor"/> when it has room (no fall-back), Wh.</summary>
    public double EvEnergy(double factor)
    {
        if (_ev is null || !(factor > 0))
        {
            return 0.0;
        }

        double soc = _ev.MinSocWh;
        return _ev.ChargeFactor(ref soc, factor, factor, out _);
    }

    /// <summary>The vehicle's target as stored energy to add from the start hour, Wh (0 without a target).</summary>
    public double EvEnergyNeeded => _ev is null || !_evConstrained ? 0.0 : Math.Max(0.0, (_evTargetPercent / 100 * _ev.CapacityWh) - _evSoc[_start]);

    /// <summary>
    /// One hour of the battery alone, for the dynamic programme: given the battery SoC, the consumption before the
    /// inverter and the hour's controls, returns cost − revenue and updates the SoC.
    /// </summary>
    public double BatteryHour(int hour, double consumption, ref double soc, double ac, double discharge)
    {
        double exported = 0.0, imported = 0.0;
        if (_hasInverter)
        {
            Inverter(hour, consumption, ref soc, ac != 0 ? ac : Dc[hour], discharge != 0, out exported, out imported);
        }

        imported += AcCharge(ref soc, ac);
        return (imported * _price[hour]) - (exported * _tariff[hour]);
    }

    /// <summary>EOS's residual value of the battery at SoC <paramref name="soc"/>.</summary>
    public double ResidualValue(double soc) =>
        _battery is null ? 0.0 : EosObjective.ResidualValue(soc, _battery.MinSocWh, _battery.DischargingEfficiency, _dcToAc, _batteryPrice);

    private double Shortfall(double evSocWh)
    {
        if (_ev is null || !_evConstrained)
        {
            return 0.0;
        }

        double percent = evSocWh / _ev.CapacityWh * 100;
        return percent < _evTargetPercent ? _evTargetPercent - percent : percent > _evMaxPercent ? percent - _evMaxPercent : 0.0;
    }

    private double Penalty(double evSocWh)
    {
        double s = Shortfall(evSocWh);
        return s > 0 ? 1000.0 * (1.0 + s) : 0.0;
    }

    private double Consumption(int hour, ref double evSoc)
    {
        double consumption = _load[hour] + ApplianceLoad[hour];
        if (_ev is not null)
        {
            double factor = EvRate[hour];
            if (factor > 0)
            {
                consumption += _ev.ChargeFactor(ref evSoc, factor, factor, out _);
            }
        }

        return consumption;
    }

    private void Step(int hour, ref double bat, ref double ev, out double cost, out double revenue)
    {
        double consumption = Consumption(hour, ref ev);
        double exported = 0.0, imported = 0.0;
        if (_hasInverter)
        {
            double ac = Ac[hour];
            Inverter(hour, consumption, ref bat, ac != 0 ? ac : Dc[hour], Discharge[hour] != 0, out exported, out imported);
        }

        imported += AcCharge(ref bat, Ac[hour]);
        cost = imported * _price[hour];
        revenue = exported * _tariff[hour];
    }

    private double AcCharge(ref double soc, double ac)
    {
        if (_battery is null || !(ac > 0.0) || !AcPossible)
        {
            return 0.0;
        }

        double factor = ac;
        if (_maxAc is { } maxAc && _battery.MaxChargePowerW > 0)
        {
            factor = Min(factor, maxAc * _acToDc / _battery.MaxChargePowerW);
        }

        if (!(factor > 0))
        {
            return 0.0;
        }

        double stored = _battery.ChargeFactor(ref soc, factor, ac, out double losses);
        double dcEnergy = stored + losses;
        return dcEnergy / _acToDc;
    }

    private void Inverter(int hour, double consumption, ref double soc, double chargeFlag, bool dischargeAllowed, out double feedIn, out double gridImport)
    {
        double generation = _pv[hour];
        feedIn = 0.0;
        gridImport = 0.0;
        var battery = _battery;
        if (generation >= consumption)
        {
            if (consumption > _maxPower)
            {
                gridImport = -(_maxPower - consumption);
                return;
            }

            double rate = Rate(hour, consumption, generation);
            double surplusToStore = (generation - consumption) * rate;
            double unmatchedLoad = (generation - consumption) * (1.0 - rate);
            if (unmatchedLoad > 0)
            {
                if (battery is not null)
                {
                    double fromBatteryDc = battery.Discharge(ref soc, unmatchedLoad / _dcToAc, dischargeAllowed);
                    unmatchedLoad -= fromBatteryDc * _dcToAc;
                }

                if (unmatchedLoad > 0)
                {
                    gridImport += unmatchedLoad;
                }
            }

            if (surplusToStore > 0)
            {
                double remaining = surplusToStore;
                if (battery is not null)
                {
                    double stored = battery.ChargeEnergy(ref soc, surplusToStore, chargeFlag, out double chargeLosses);
                    remaining = surplusToStore - (stored + chargeLosses);
                }

                feedIn = remaining > _maxPower - consumption ? _maxPower - consumption : remaining;
            }
        }
        else
        {
            double shortfall = consumption - generation;
            double available = Max(_maxPower - generation, 0.0);
            double fromBatteryAc = 0.0;
            if (battery is not null)
            {
                double fromBatteryDc = battery.Discharge(ref soc, Min(shortfall, available) / _dcToAc, dischargeAllowed);
                fromBatteryAc = fromBatteryDc * _dcToAc;
            }

            gridImport = shortfall - fromBatteryAc;
        }
    }

    private double Rate(int hour, double consumption, double generation)
    {
        int baseIndex = hour * ScrCacheSize;
        for (int k = 0; k < ScrCacheSize; k++)
        {
            if (_scrKeys[baseIndex + k] == consumption)
            {
                return _scrValues[baseIndex + k];
            }
        }

        double rate = _scr.Rate(consumption, generation);
        int slot = baseIndex + _scrNext[hour];
        _scrKeys[slot] = consumption;
        _scrValues[slot] = rate;
        _scrNext[hour] = (_scrNext[hour] + 1) % ScrCacheSize;
        return rate;
    }

    /// <summary><c>numpy.sum</c>, as the replay computes it.</summary>
    internal static double Sum(ReadOnlySpan<double> values) => EosArithmetic.Sum(values);
}
