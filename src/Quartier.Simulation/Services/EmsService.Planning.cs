using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Core.Tariffs;
using Quartier.Core.Units;
using Quartier.Optimization.Dots;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Kpis;

namespace Quartier.Simulation.Services;

/// <summary>
/// The EMS's grid tariffs (booked for every strategy, planned against by dots and mpc) and the planning EMS's view of
/// EVs and batteries. Tariff profiles are read by position, as DOTS does: under <c>dots</c> the step s (first 1) is
/// charged element s − 1 (DOTS's EMS index), under <c>rule</c> and <c>mpc</c> element s, the one starting at the step's
/// instant when the profile starts with the run; past the profile's last element the last value holds.
/// A variable peak tariff is booked as a charge on each connection's highest kW × EUR/kW of the run (the step's cost is
/// the rise of that maximum, so the steps sum to it).
/// </summary>
public sealed partial class EmsService
{
    private const int MaxBands = 8;
    private GridTariff _tariff = GridTariff.None;
    private double[] _bands = [];
    private double[] _bandEv = [];
    private double[] _bandExchange = [];
    private double[] _bandCost = [];
    private double[] _peakMax = [];
    private double[] _tariffCost = [];

    private bool DotsIndex => _options.Strategy == EmsStrategy.Dots;

    private void TariffSetup(ServiceContext context)
    {
        _tariff = GridTariff.FromSystem(context.System);
        foreach (var note in _tariff.Notes)
        {
            context.Note(note);
        }

        int n = context.Assets.Count;
        _peakMax = new double[n];
        _tariffCost = new double[n];
        var profile = _tariff.Variable ?? _tariff.VariablePeak;
        var distinct = profile?.Distinct().Order().ToArray() ?? [];
        _bands = distinct.Length is > 1 and <= MaxBands ? distinct : [];
        // per connection and band, so that no connection waits on another and the sums over connections keep their order
        _bandEv = new double[n * _bands.Length];
        _bandExchange = new double[n * _bands.Length];
        _bandCost = new double[n * _bands.Length];
        if (_tariff.BandwidthPrice is not null)
        {
            for (int i = 0; i < n; i++)
            {
                if (_ems[i] && !(_capacity[i] > 0))
                {
                    var a = context.Assets[i];
                    context.Note($"EConnection '{a.Name}' has no capacity: under the static bandwidth tariff its bandwidth is 0 W, so every kWh it exchanges is charged (as DOTS)");
                    break;
                }
            }
        }
    }

    /// <summary>Tariff element (by position) charged at array index <paramref name="k"/> (step k + 1).</summary>
    private int TariffPosition(int k) => DotsIndex ? k : k + 1;

    private static double At(IReadOnlyList<double> values, int position) => values.Count == 0 ? 0 : values[Math.Clamp(position, 0, values.Count - 1)];

    /// <summary>Books the grid-tariff cost (EUR) of connection <paramref name="i"/> at array index <paramref name="k"/>; energies in Wh.</summary>
    private double BookTariff(int i, int k, double importWh, double exportWh, double evWh)
    {
        if (_tariff.IsEmpty)
        {
            return 0;
        }

        int position = TariffPosition(k);
        double exchangedKwh = (importWh + exportWh) / 1000;
        double cost = 0;
        if (_tariff.BandwidthPrice is { } price)
        {
            cost += price * Math.Max(0, exchangedKwh - (_capacity[i] * _dt / 3.6e6));
        }

        if (_tariff.Variable is { } variable)
        {
            cost += At(variable, position) * exchangedKwh;
        }

        if (_tariff.VariablePeak is { } peak)
        {
            double charge = exchangedKwh / (_dt / 3600.0) * At(peak, position);
            if (charge > _peakMax[i])
            {
                cost += charge - _peakMax[i];
                _peakMax[i] = charge;
            }
        }

        _tariffCost[i] += cost;
        if (_bands.Length > 0 && _ems[i])
        {
            double value = At((_tariff.Variable ?? _tariff.VariablePeak)!, position);
            int b = Array.BinarySearch(_bands, value);
            if (b >= 0)
            {
                int at = (i * _bands.Length) + b;
                _bandEv[at] += evWh / 1000;
                _bandExchange[at] += exchangedKwh;
                _bandCost[at] += cost;
            }
        }

        return cost;
    }

    /// <summary>Grid-tariff cost and, for a tariff with a few levels, the EMS connections' EV energy and exchange per level.</summary>
    private IEnumerable<Kpi> TariffKpis()
    {
        if (_tariff.IsEmpty)
        {
            yield break;
        }

        yield return new Kpi("grid_tariff_cost", KpiTerms.InOrder(_tariffCost), "EUR");
        for (int b = 0; b < _bands.Length; b++)
        {
            string band = BandScope(b);
            yield return new Kpi("ev_energy_at_tariff", BandSum(_bandEv, b), "kWh", band);
            yield return new Kpi("exchange_at_tariff", BandSum(_bandExchange, b), "kWh", band);
            yield return new Kpi("grid_tariff_cost_at_tariff", BandSum(_bandCost, b), "EUR", band);
        }
    }

    private string BandScope(int b) =>
        $"tariff {_bands[b].ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} {(_tariff.Variable is not null ? "EUR/kWh" : "EUR/kW")}";

    /// <summary>Band <paramref name="b"/>'s figure summed over the connections in their order.</summary>
    private double BandSum(double[] perConnection, int b)
    {
        double sum = 0;
        for (int i = b; i < perConnection.Length; i += _bands.Length)
        {
            sum += perConnection[i];
        }

        return sum;
    }

    /// <summary>The grid-tariff sums' addends per connection (<see cref="IKpiTerms"/>).</summary>
    private IEnumerable<KpiTerm> TariffTerms()
    {
        if (_tariff.IsEmpty)
        {
            yield break;
        }

        for (int i = 0; i < _tariffCost.Length; i++)
        {
            string id = _assets[i].Id;
            yield return new KpiTerm("grid_tariff_cost", "system", id, _tariffCost[i]);
            for (int b = 0; b < _bands.Length; b++)
            {
                string band = BandScope(b);
                int at = (i * _bands.Length) + b;
                yield return new KpiTerm("ev_energy_at_tariff", band, id, _bandEv[at]);
                yield return new KpiTerm("exchange_at_tariff", band, id, _bandExchange[at]);
                yield return new KpiTerm("grid_tariff_cost_at_tariff", band, id, _bandCost[at]);
            }
        }
    }

    private PlanTariffInput PlanTariff(int i, int k, EmsPlanning.Buffers buf)
    {
        // DOTS builds the tariffs in this order into one objective term, so the last present one is what it prices
        var (kind, values) = _tariff.VariablePeak is { } peak ? (GridTariffKind.VariablePeak, peak)
            : _tariff.Variable is { } variable ? (GridTariffKind.Variable, variable)
            : _tariff.BandwidthPrice is not null ? (GridTariffKind.StaticBandwidth, (IReadOnlyList<double>?)null)
            : (GridTariffKind.None, null);
        if (values is not null)
        {
            int position = TariffPosition(k);
            for (int t = 0; t < buf.Tariff.Length; t++)
            {
                buf.Tariff[t] = At(values, position + t);
            }
        }

        return new PlanTariffInput(kind, values is null ? null : buf.Tariff, _tariff.BandwidthPrice ?? 0, _capacity[i]);
    }

    /// <summary>The EV of connection <paramref name="i"/> with its sessions relative to the plan made at array index <paramref name="k"/>.</summary>
    private EmsEv? PlanEv(int i, int k)
    {
        if (!_evSoc.Has(i))
        {
            return null;
        }

        int j = _evSoc.Start(i);
        var ev = _evSessions[j];
        int first = _rules == ServiceRules.Dots ? k : k + 1; // DOTS shows PTU p at step p + 1
        var sessions = new EmsEvSession[ev.Arrivals.Length];
        for (int s = 0; s < sessions.Length; s++)
        {
            sessions[s] = new EmsEvSession(ev.Arrivals[s] - first, ev.Departures[s] - first, ev.ArrivalSocJ[s], ev.DepartureSocJ[s]);
        }

        return new EmsEv(ev.PowerW, ev.MaxSocJ, _evSoc.Value(j), _rules == ServiceRules.Dots ? 1.0 : ev.Efficiency, sessions);
    }

    private EvPlanData[] _evSessions = [];

    /// <summary>An EV station's sessions as the EMS reads them from the description (DOTS's EMS reads them itself too).</summary>
    private sealed record EvPlanData(int[] Arrivals, int[] Departures, double[] ArrivalSocJ, double[] DepartureSocJ, double MaxSocJ, double PowerW, double Efficiency);

    private void PlanningSetup(ServiceContext context)
    {
        _evSessions = new EvPlanData[_evSoc.Entries];
        for (int j = 0; j < _evSessions.Length; j++)
        {
            var a = _evSoc.EntryAsset(j);
            var departures = a.ParameterArray("departure_socs");
            _evSessions[j] = new EvPlanData(
                [.. a.ParameterArray("arrival_ptus").Select(v => (int)v)],
                [.. a.ParameterArray("departure_ptus").Select(v => (int)v)],
                a.ParameterArray("arrival_socs"),
                departures,
                a.ParameterOr("max_soc", departures.Length == 0 ? 0 : departures.Max()),
                a.RequiredDouble("power"),
                a.ParameterOr("efficiency", 1.0));
        }
    }

    /// <summary>
    /// The connection's heat pump (or, without one, its hybrid) with its house, from the heat-pump service's own parameters
    /// and present state; the tap draw at the price index (DOTS: element s − 1), the hybrid's COP from each step's air.
    /// Null when the heat pumps run their own thermostat (not dispatched by this run).
    /// </summary>
    private (EmsHouse? House, EmsHeatPump? HeatPump, EmsHybrid? Hybrid) PlanHeatPumps(int i, int k, int pk, EmsPlanning.Buffers buf)
    {
        var binding = _hpHouse.Has(i) ? _hpHouse : _hhpHouse.Has(i) ? _hhpHouse : null;
        if (binding?.Producer is not HeatPumpService { Control: HeatPumpControl.Dispatch } service)
        {
            return (null, null, null);
        }

        int asset = binding.SourceAsset(i, 0);
        var p = service.Parameters(asset);
        var (tIn, tOut, tBuf, tDhw) = service.StateK(asset);
        var house = new EmsHouse(p.CIn, p.COut, p.KExch, p.KFloor, p.KVent, p.KCond, p.GlassM2, tIn, tOut, p.HouseMinK, p.HouseMaxK, p.HouseHorizonK);
        if (!p.Hybrid)
        {
            for (int t = 0; t < buf.Tap.Length; t++)
            {
                buf.Tap[t] = service.TapHeatW(asset, pk + t);
            }

            var hp = new EmsHeatPump(p.QNominalW, p.MinRel, p.CopSpaceHeating, p.CopHotWater,
                p.HasDhw ? p.DhwCapacitance : 1, p.HasDhw ? p.DhwMinK : double.NegativeInfinity, p.HasDhw ? p.DhwPlanMaxK : double.PositiveInfinity, p.HasDhw ? p.DhwHorizonK : double.NegativeInfinity, p.HasDhw ? tDhw : 0,
                p.BufferCapacitance, p.BufferMinK, p.BufferMaxK, p.BufferHorizonK, tBuf, p.HasDhw ? p.ElementW : 0, p.CopElement > 0 ? p.CopElement : 1, buf.Tap);
            return (house, hp, null);
        }

        for (int t = 0; t < buf.Cop.Length; t++)
        {
            buf.Cop[t] = p.HybridCop(_planning!.Dots ? Math.Round(buf.Air[t], 5) : buf.Air[t]);
        }

        return (house, null, new EmsHybrid(p.QNominalW, p.MinRel, buf.Cop, p.BufferCapacitance, p.BufferMinK, p.BufferMaxK, p.BufferHorizonK, tBuf));
    }

    private EmsBattery? PlanBattery(int i)
    {
        if (!_batFill.Has(i))
        {
            return null;
        }

        int j = _batFill.Start(i);
        var spec = _batControl[j].Spec;
        double capacityJ = spec.CapacityWh * 3600;
        double fill = _batFill.Value(j);
        return new EmsBattery(capacityJ, fill * capacityJ, spec.ChargeEfficiency, spec.DischargeEfficiency, spec.MaxChargePowerW, spec.DischargeLimitW, _planning!.Dots ? 0.5 : fill);
    }

    private readonly record struct PlanTariffInput(GridTariffKind Kind, double[]? Values, double BandwidthPrice, double BandwidthW);

    private void InitializePlanning(ServiceContext context)
    {
        _planning = new EmsPlanning(_options, context.Assets.Count);
        _planTimes = new List<double>[context.Assets.Count];
        for (int i = 0; i < _planTimes.Length; i++)
        {
            _planTimes[i] = new List<double>(_ems[i] ? context.Grid.Count : 0);
        }

        foreach (var binding in new[] { _demand.Binding, _pv.Binding, _irr, _air, _soil, _price })
        {
            if (binding.Entries > 0 && !binding.CanForecast)
            {
                context.Note($"the planning EMS ({_options.Strategy.ToString().ToLowerInvariant()}) gets no look-ahead of {binding.Declaration.SourceKind}/{binding.Declaration.SourceOutput} from service '{binding.Producer?.Name}': it plans with the present value held over its horizon");
            }
        }

        for (int i = 0; i < context.Assets.Count; i++)
        {
            if (_ems[i] && _irr.Entries == 0 && (_hpHouse.Has(i) || _hhpHouse.Has(i)))
            {
                var a = context.Assets[i];
                throw a.Error($"EConnection '{a.Name}': the {_options.Strategy.ToString().ToLowerInvariant()} EMS plans heat pumps on the weather, and the system has no EnvironmentalProfiles (or a weather file)");
            }
        }

        context.Note(_planning.Dots
            ? $"EMS dots: DOTS's cost-minimising MILP per EConnection and step, {_options.Horizon} steps ahead, re-planned every step, CBC at a relative gap of {_options.Gap:0.###}; prices, tariffs, taps and EV sessions read one element before weather, demand and PV, as DOTS does"
            : $"EMS mpc: receding-horizon MILP per EConnection and step, {_options.Horizon} steps ahead on a perfect forecast, CBC at a relative gap of {_options.Gap:0.###}, Quartier's physics (EV and battery efficiencies, one time index, no 17 kW constant)");
        PlanningSetup(context);
    }

    /// <summary>Plans connection <paramref name="i"/> and books the first step of the plan on its phases and dispatch outputs.</summary>
    private void PlanConnection(int i, in StepContext step, ref PhasePower ph, out double heat, out double pvPotential, out double ev, out double battery, out double curtailed)
    {
        var planning = _planning!;
        var buf = planning.For(i);
        int k = step.Index - 1;
        int h = planning.Horizon;
        int pk = planning.PriceIndex(k);
        FillSum(_demand.Binding, i, k, buf.Demand, buf.Scratch);
        pvPotential = _pv.Total(i);
        double[]? pv = null;
        if (_pv.Binding.Has(i))
        {
            FillSum(_pv.Binding, i, k, buf.Pv, buf.Scratch);
            pv = buf.Pv;
        }

        FillWeather(_irr, i, k, buf.Irradiance, 0);
        FillWeather(_air, i, k, buf.Air, UnitConvert.CelsiusToKelvin(0));
        FillWeather(_soil, i, k, buf.Soil, UnitConvert.CelsiusToKelvin(0));
        if (_price.Has(i))
        {
            _price.Ahead(_price.Start(i), pk, buf.Scratch);
        }
        else
        {
            Array.Clear(buf.Scratch);
        }

        for (int t = 0; t < h; t++)
        {
            buf.Buy[t] = _contracts[i].Buy(buf.Scratch[t]);
            buf.Sell[t] = _contracts[i].Sell(buf.Scratch[t]);
        }

        var tariff = PlanTariff(i, k, buf);
        var (house, heatPump, hybrid) = PlanHeatPumps(i, k, pk, buf);
        var input = new EmsPlanInput
        {
            Steps = h,
            StepSeconds = _dt,
            DemandW = buf.Demand,
            PvMaxW = pv,
            AirK = buf.Air,
            SoilK = buf.Soil,
            IrradianceWm2 = buf.Irradiance,
            BuyEurPerKwh = buf.Buy,
            SellEurPerKwh = buf.Sell,
            Tariff = tariff.Kind,
            TariffValues = tariff.Values,
            BandwidthPriceEurPerKwh = tariff.BandwidthPrice,
            BandwidthW = tariff.BandwidthW,
            PeakOldEur = buf.PeakOld,
            GridLimitW = planning.Dots ? 17_000 : double.PositiveInfinity,
            DotsQuirks = planning.Dots,
            House = house,
            HeatPump = heatPump,
            Hybrid = hybrid,
            Ev = PlanEv(i, k),
            Battery = PlanBattery(i),
        };
        var plan = planning.Plan(input, _assets[i], step);
        buf.PeakOld = planning.Dots ? plan.PeakFirstEur : Math.Max(buf.PeakOld, plan.PeakFirstEur);
        _objective[i] = plan.Objective;
        _planSeconds[i] = plan.SolveSeconds;
        _planTimes![i].Add(plan.SolveSeconds);

        heat = 0;
        if (house is null)
        {
            // heat pumps this EMS does not plan run their own thermostat and count as load
            heat = _hp.Add(i, 1.0, ref ph) + _hhp.Add(i, 1.0, ref ph);
        }
        else if (_hp.Binding.Has(i))
        {
            heat += plan.HeatPumpW;
            _hp.AddFirst(i, plan.HeatPumpW, ref ph);
            _outToTank[i] = plan.HeatToDhwTankW;
            _outToBuffer[i] = plan.HeatToBufferW;
            _outToDhw[i] = plan.HeatToDhwW;
            _outToHouse[i] = plan.HeatToHouseW;
        }

        else if (_hhp.Binding.Has(i))
        {
            heat += plan.HybridW;
            _hhp.AddFirst(i, plan.HybridW, ref ph);
            _outToBufferHybrid[i] = plan.HybridHeatToBufferW;
            if (_options.DotsHybridHouseDefect)
            {
                _outToHouse[i] = plan.HybridHeatToHouseW;
                _outToHouseHybrid[i] = 0;
            }
            else
            {
                _outToHouseHybrid[i] = plan.HybridHeatToHouseW;
            }
        }

        double pvUsed = Math.Min(plan.PvUseW + plan.PvSellW, pvPotential);
        curtailed = Math.Max(pvPotential - pvUsed, 0);
        if (pvPotential > 0)
        {
            _pv.Add(i, -pvUsed / pvPotential, ref ph);
        }

        ev = _evMax.Has(i) ? plan.EvW : 0;
        AddDevice(i, ev, _evMax, _evFrac, _evTan, ref ph);
        battery = 0;
        if (_batFill.Has(i))
        {
            int j = _batFill.Start(i);
            var control = _batControl[j];
            double fill = _batFill.Value(j);
            var (mode, factor) = plan.BatteryW switch
            {
                > 0 => (BatteryMode.GridSupportImport, Math.Min(plan.BatteryW / Math.Max(control.Spec.MaxChargePowerW, 1e-9), 1)),
                < 0 => (BatteryMode.GridSupportExport, Math.Min(-plan.BatteryW / Math.Max(control.Spec.DischargeLimitW, 1e-9), 1)),
                _ => (BatteryMode.Idle, 0.0),
            };
            var demandNow = buf.Demand[0];
            var site = new SiteConditions(pvUsed + Math.Max(-demandNow, 0), Math.Max(demandNow, 0) + heat + ev);
            var limits = control.Limits(mode, fill, _dt);
            battery = BatteryBehaviour.Setpoint(mode, factor, site, limits, control.Spec, fill);
            _batMode[i] = (int)mode;
            _batFactor[i] = factor;
            _batPv[i] = site.PvW;
            _batLoad[i] = site.LoadW;
            AddDevice(i, battery, _batFill, _batFrac, _batTan, ref ph);
        }
    }

    /// <summary>The sum over a connection's entries of an input's look-ahead from array index <paramref name="k"/>.</summary>
    private static void FillSum(InputBinding binding, int site, int k, double[] destination, double[] scratch)
    {
        Array.Clear(destination);
        for (int j = binding.Start(site); j < binding.End(site); j++)
        {
            binding.Ahead(j, k, scratch);
            for (int t = 0; t < destination.Length; t++)
            {
                destination[t] += scratch[t];
            }
        }
    }

    /// <summary>A weather look-ahead, temperatures turned to K by <paramref name="offset"/>.</summary>
    private static void FillWeather(InputBinding binding, int site, int k, double[] destination, double offset)
    {
        if (!binding.Has(site))
        {
            Array.Fill(destination, offset);
            return;
        }

        binding.Ahead(binding.Start(site), k, destination);
        if (offset != 0)
        {
            for (int t = 0; t < destination.Length; t++)
            {
                destination[t] += offset;
            }
        }
    }
}
