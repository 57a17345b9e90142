using Quartier.Core.Units;
using Quartier.Optimization.Dots;
using Quartier.Core.Model;
using Quartier.Core.Tariffs;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Kpis;
using Quartier.Simulation.Runs;

namespace Quartier.Simulation.Services;

/// <summary>
/// The EConnection with a rule-based home EMS. Per step and site: demand and heat pumps are served first;
/// an EV takes at least what it needs to reach its departure target; PV surplus goes to the EV, then to the
/// battery, then to the grid (curtailed above the connection capacity); a deficit is covered by the battery,
/// then the grid — the battery as an S2 resource: the EMS instructs its operation mode and factor (description
/// <c>operation_mode</c>, default SELF_CONSUMPTION) and books the setpoint that mode gives for the site's PV and
/// load; the battery executes the same instruction through its resource simulation. Each asset's power is split over the phases it is connected to (DOTS's rule), reactive
/// power follows each asset's power factor. Without an EMS (<c>got_ems: false</c>, as DOTS) only the demand
/// profile counts; a demand profile that goes negative (DOTS's net "baseload+pv" profiles) counts its
/// negative part as local generation. Import is positive. Cost uses the connection's contract (static price, or day-ahead plus a
/// flat adder) and a feed-in tariff measure where present.
/// </summary>
public sealed partial class EmsService : CalculationService, IKpiSource, IKpiTerms
{
    public const string HeatToTankDhw = "heat_power_to_tank_dhw";
    public const string HeatToBuffer = "heat_power_to_buffer";
    public const string HeatToDhw = "heat_power_to_dhw";
    public const string HeatToHouse = "heat_power_to_house";
    public const string HeatToBufferHybrid = "heat_power_to_buffer_hhp";
    public const string HeatToHouseHybrid = "heat_power_to_house_hhp";
    public const string GridCost = "grid_tariff_cost";
    public const string PlanObjective = "plan_objective";
    public const string PlanSeconds = "plan_seconds";
    private const string FabricTemperature = "fabric_temperature";

    public const string NetPower = "net_power";
    public const string ImportPower = "import_power";
    public const string ExportPower = "export_power";
    public const string ConsumptionPower = "consumption_power";
    public const string PvPower = "pv_power";
    public const string DispatchPv = "dispatch_pv";
    public const string Curtailed = "curtailed_power";
    public const string Cost = "cost";
    public const string BuyPrice = "buy_price";
    public static readonly string[] ActivePhase = ["active_power_ph1", "active_power_ph2", "active_power_ph3"];
    public static readonly string[] ReactivePhase = ["reactive_power_ph1", "reactive_power_ph2", "reactive_power_ph3"];
    public static readonly string[] ApparentPhase = ["apparent_power_ph1", "apparent_power_ph2", "apparent_power_ph3"];

    private Group _demand = null!;
    private Group _pv = null!;
    private Group _hp = null!;
    private Group _hhp = null!;
    private InputBinding _evMax = null!;
    private InputBinding _evRequired = null!;
    private InputBinding _batFill = null!;
    private BatteryControl[] _batControl = [];
    private int _dt;
    private InputBinding _price = null!;
    private double[] _evFrac = [];
    private double[] _evTan = [];
    private double[] _batFrac = [];
    private double[] _batTan = [];
    private bool[] _ems = [];
    private double[] _capacity = [];
    private ConnectionContract[] _contracts = [];
    private ArraySegment<double>[] _outP = [];
    private ArraySegment<double>[] _outQ = [];
    private ArraySegment<double>[] _outS = [];
    private ArraySegment<double> _net;
    private ArraySegment<double> _import;
    private ArraySegment<double> _export;
    private ArraySegment<double> _consumption;
    private ArraySegment<double> _pvPower;
    private ArraySegment<double> _dispatchPv;
    private ArraySegment<double> _curtailed;
    private ArraySegment<double> _dispatchEv;
    private ArraySegment<double> _dispatchBattery;
    private ArraySegment<double> _batMode;
    private ArraySegment<double> _batFactor;
    private ArraySegment<double> _batPv;
    private ArraySegment<double> _batLoad;
    private ArraySegment<double> _cost;
    private ArraySegment<double> _buyPrice;

    private readonly EmsOptions _options;
    private EmsPlanning? _planning;
    private IReadOnlyList<Asset> _assets = [];
    private InputBinding _irr = null!;
    private InputBinding _air = null!;
    private InputBinding _soil = null!;
    private InputBinding _hpHouse = null!;
    private InputBinding _hpFabric = null!;
    private InputBinding _hpBuffer = null!;
    private InputBinding _hpDhw = null!;
    private InputBinding _hhpHouse = null!;
    private InputBinding _hhpFabric = null!;
    private InputBinding _hhpBuffer = null!;
    private InputBinding _evSoc = null!;
    private ArraySegment<double> _outToTank;
    private ArraySegment<double> _outToBuffer;
    private ArraySegment<double> _outToDhw;
    private ArraySegment<double> _outToHouse;
    private ArraySegment<double> _outToBufferHybrid;
    private ArraySegment<double> _outToHouseHybrid;
    private ArraySegment<double> _gridCost;
    private ArraySegment<double> _objective;
    private ArraySegment<double> _planSeconds;

    /// <summary>The EMS of every EConnection: rule-based (default), DOTS's MILP or Quartier's MPC (<paramref name="options"/>).</summary>
    /// <param name="options">The EMS strategy.</param>
    /// <param name="rules">The services' rules, which set when an EV session's PTU is seen (DOTS: PTU p at step p + 1).</param>
    public EmsService(EmsOptions? options = null, ServiceRules rules = ServiceRules.Dots)
    {
        _options = options ?? new EmsOptions();
        _rules = rules;
    }

    private readonly ServiceRules _rules;

    public EmsOptions Options => _options;

    /// <summary>Grid frequency and outages for the batteries' site-dependent modes (none by default).</summary>
    public GridConditions? Conditions { get; init; }

    /// <summary>Timed instructions: a scheduled battery's mode and factor are read from what it publishes.</summary>
    public Quartier.Resources.Schedules.InstructionSchedule? Schedule { get; init; }

    private bool[] _batScheduled = [];
    private bool _anyS2Device;
    private Group _s2 = null!;
    private InputBinding _batModeNow = null!;
    private InputBinding _batFactorNow = null!;
    private InputBinding _batMaxCharge = null!;
    private InputBinding _batMaxDischarge = null!;
    private bool _batLimitsPublished;
    private double[] _hzSteps = [];
    private bool[] _upSteps = [];
    private double[] _prevNet = [];
    private ArraySegment<double> _batHz;
    private ArraySegment<double> _batUp;
    private ArraySegment<double> _batPrev;

    public override string Name => "ems";

    public override int LookaheadSteps => _options.Plans ? _options.Horizon : 0;

    public override AssetKind Kind => AssetKind.EConnection;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(NetPower, "W", "import positive"),
        new(ImportPower, "W"),
        new(ExportPower, "W"),
        new(ConsumptionPower, "W", "demand + heat pumps + EV charging"),
        new(PvPower, "W", "local generation used or exported, incl. a net demand profile's negative part"),
        new(DispatchPv, "W", "PV dispatch, generation negative (DOTS)"),
        new(Curtailed, "W"),
        new(EvChargingService.Dispatch, "W"),
        new(BatteryService.Dispatch, "W", "battery power, charging positive"),
        new(BatteryService.Mode, "code", "operation mode instructed to the battery (index of BatteryMode)"),
        new(BatteryService.Factor, "ratio", "operation-mode factor instructed to the battery"),
        new(BatteryService.SitePv, "W", "site generation the battery instruction applies to"),
        new(BatteryService.SiteLoad, "W", "site consumption (without the battery) the battery instruction applies to"),
        new(BatteryService.SiteFrequency, "Hz", "grid frequency the battery instruction applies to, written while its mode reads it (NaN = no frequency series)"),
        new(BatteryService.SiteGridUp, "flag", "1 while the public grid is up, 0 during an outage; written while the battery's mode reads it"),
        new(BatteryService.SitePreviousGrid, "W", "the connection's net power of the previous step (RAMP_RATE_CONTROL's reference; NaN at the first step), written while the battery's mode reads it"),
        new(Cost, "EUR", "energy cost of the step: import cost − export revenue + grid-tariff cost"),
        new(BuyPrice, "EUR/kWh"),
        new(GridCost, "EUR", "grid-tariff cost of the step (bandwidth, variable or peak tariff measure)"),
        new(HeatToTankDhw, "W", "planned heat into the heat pump's hot-water tank (heat pump and element)"),
        new(HeatToBuffer, "W", "planned heat from the heat pump into its buffer"),
        new(HeatToDhw, "W", "hot water drawn from the tank (tap profile)"),
        new(HeatToHouse, "W", "planned heat from the buffer into the house"),
        new(HeatToBufferHybrid, "W", "planned heat from the hybrid heat pump into its buffer"),
        new(HeatToHouseHybrid, "W", "planned heat from the hybrid's buffer into the house"),
        new(PlanObjective, "EUR", "objective of the plan made at this step (planning EMS)"),
        new(PlanSeconds, "s", "solver time of the plan made at this step (planning EMS)"),
        .. ActivePhase.Select(n => new OutputDeclaration(n, "W")),
        .. ReactivePhase.Select(n => new OutputDeclaration(n, "VAr")),
        .. ApparentPhase.Select(n => new OutputDeclaration(n, "VA")),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
    [
        new("demand", AssetKind.ElectricityDemand, ElectricityDemandService.ActivePower),
        new("s2device", AssetKind.GenericConsumer, S2DeviceService.Power),
        new("pv", AssetKind.PVInstallation, PvService.PotentialActivePower),
        new("hp", AssetKind.HeatPump, HeatPumpService.ElectricPower),
        new("hhp", AssetKind.HybridHeatPump, HeatPumpService.ElectricPower),
        new("ev_max", AssetKind.EVChargingStation, EvChargingService.MaxCharge),
        new("ev_required", AssetKind.EVChargingStation, EvChargingService.RequiredPower),
        new("battery_fill", AssetKind.Battery, BatteryService.FillLevel),
        new("battery_mode_now", AssetKind.Battery, BatteryService.ActiveMode),
        new("battery_factor_now", AssetKind.Battery, BatteryService.ActiveFactor),
        new("battery_max_charge", AssetKind.Battery, BatteryService.MaxCharge),
        new("battery_max_discharge", AssetKind.Battery, BatteryService.MaxDischarge),
        new("price", AssetKind.EnergyMarket, MarketService.DayAheadPrice, Routing.Global),
        new("irradiance", AssetKind.EnvironmentalProfiles, WeatherService.Irradiance, Routing.Global),
        new("air", AssetKind.EnvironmentalProfiles, WeatherService.AirTemperature, Routing.Global),
        new("soil", AssetKind.EnvironmentalProfiles, WeatherService.SoilTemperature, Routing.Global),
        new("hp_house", AssetKind.HeatPump, HeatPumpService.HouseTemperature),
        new("hp_fabric", AssetKind.HeatPump, FabricTemperature),
        new("hp_buffer", AssetKind.HeatPump, HeatPumpService.BufferTemperature),
        new("hp_dhw", AssetKind.HeatPump, HeatPumpService.DhwTemperature),
        new("hhp_house", AssetKind.HybridHeatPump, HeatPumpService.HouseTemperature),
        new("hhp_fabric", AssetKind.HybridHeatPump, FabricTemperature),
        new("hhp_buffer", AssetKind.HybridHeatPump, HeatPumpService.BufferTemperature),
        new("ev_soc", AssetKind.EVChargingStation, EvChargingService.StateOfChargeJ),
    ];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _demand = new Group(context.Input("demand"));
        _s2 = new Group(context.Input("s2device"));
        _anyS2Device = _s2.Binding.Entries > 0;
        _pv = new Group(context.Input("pv"));
        _hp = new Group(context.Input("hp"));
        _hhp = new Group(context.Input("hhp"));
        _evMax = context.Input("ev_max");
        _evRequired = context.Input("ev_required");
        _batFill = context.Input("battery_fill");
        _batModeNow = context.Input("battery_mode_now");
        _batScheduled = new bool[_batFill.Entries];
        for (int j = 0; j < _batScheduled.Length; j++)
        {
            _batScheduled[j] = ScheduleBinding.For(Schedule, _batFill.EntryAsset(j)).Length > 0;
        }

        _batFactorNow = context.Input("battery_factor_now");
        _batMaxCharge = context.Input("battery_max_charge");
        _batMaxDischarge = context.Input("battery_max_discharge");

        // the built-in battery publishes its limits at the fill level it publishes, as the rule EMS would work them out
        _batLimitsPublished = _batFill.Entries > 0 && _batFill.Producer is BatteryService && _batMaxCharge.Producer is BatteryService
            && _batMaxDischarge.Producer is BatteryService && _batMaxCharge.Entries == _batFill.Entries && _batMaxDischarge.Entries == _batFill.Entries;
        var conditions = Conditions ?? GridConditions.None;
        _hzSteps = conditions.FrequencyPerStep(context.Grid);
        _upSteps = conditions.AvailablePerStep(context.Grid);
        _prevNet = new double[n];
        Array.Fill(_prevNet, double.NaN);
        _batHz = context.Output(BatteryService.SiteFrequency);
        _batUp = context.Output(BatteryService.SiteGridUp);
        _batPrev = context.Output(BatteryService.SitePreviousGrid);
        _dt = context.Grid.StepSeconds;
        _price = context.Input("price");
        (_evFrac, _evTan) = SingleDevice(context, _evMax, "EVChargingStation");
        (_batFrac, _batTan) = SingleDevice(context, _batFill, "Battery");
        _batControl = new BatteryControl[_batFill.Entries];
        for (int j = 0; j < _batControl.Length; j++)
        {
            _batControl[j] = BatteryControl.FromAsset(_batFill.EntryAsset(j));
        }

        _ems = new bool[n];
        _capacity = new double[n];
        _contracts = new ConnectionContract[n];
        double? feedIn = ConnectionContract.FeedIn(context.System);
        bool market = _price.Entries > 0;
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            _contracts[i] = ConnectionContract.Read(a, feedIn, market);
            _ems[i] = _contracts[i].GotEms;
            _capacity[i] = a.DoubleOr("capacity", 0);
        }

        _outP = ActivePhase.Select(context.Output).ToArray();
        _outQ = ReactivePhase.Select(context.Output).ToArray();
        _outS = ApparentPhase.Select(context.Output).ToArray();
        _net = context.Output(NetPower);
        _import = context.Output(ImportPower);
        _export = context.Output(ExportPower);
        _consumption = context.Output(ConsumptionPower);
        _pvPower = context.Output(PvPower);
        _dispatchPv = context.Output(DispatchPv);
        _curtailed = context.Output(Curtailed);
        _dispatchEv = context.Output(EvChargingService.Dispatch);
        _dispatchBattery = context.Output(BatteryService.Dispatch);
        _batMode = context.Output(BatteryService.Mode);
        _batFactor = context.Output(BatteryService.Factor);
        _batPv = context.Output(BatteryService.SitePv);
        _batLoad = context.Output(BatteryService.SiteLoad);
        _cost = context.Output(Cost);
        _buyPrice = context.Output(BuyPrice);
        _gridCost = context.Output(GridCost);
        _outToTank = context.Output(HeatToTankDhw);
        _outToBuffer = context.Output(HeatToBuffer);
        _outToDhw = context.Output(HeatToDhw);
        _outToHouse = context.Output(HeatToHouse);
        _outToBufferHybrid = context.Output(HeatToBufferHybrid);
        _outToHouseHybrid = context.Output(HeatToHouseHybrid);
        _objective = context.Output(PlanObjective);
        _planSeconds = context.Output(PlanSeconds);
        _irr = context.Input("irradiance");
        _air = context.Input("air");
        _soil = context.Input("soil");
        _hpHouse = context.Input("hp_house");
        _hpFabric = context.Input("hp_fabric");
        _hpBuffer = context.Input("hp_buffer");
        _hpDhw = context.Input("hp_dhw");
        _hhpHouse = context.Input("hhp_house");
        _hhpFabric = context.Input("hhp_fabric");
        _hhpBuffer = context.Input("hhp_buffer");
        _evSoc = context.Input("ev_soc");
        _assets = context.Assets;
        TariffSetup(context);
        if (_options.Plans)
        {
            InitializePlanning(context);
        }
        else
        {
            InitializeRule();
            if (_ems.Any(e => e))
            {
                context.Note("EMS rule: one step at a time — prices and grid tariffs are booked in the cost but do not steer any decision (EMS 'dots' or 'mpc' plans against them)");
            }
        }
    }

    /// <summary>The rule EMS splits its connections over the engine's cores; the planning EMS schedules its plans itself.</summary>
    public override bool Partitionable => !_options.Plans;

    public override void Step(in StepContext step)
    {
        if (_planning is null || _ems.Length < 2)
        {
            StepRange(step, 0, _ems.Length);
            return;
        }

        // one plan per connection, independent of each other: handed out one by one to the cores (plans differ in
        // cost by orders of magnitude), with results that do not depend on which core made them
        var context = step;
        Parallel.For(0, _ems.Length, new ParallelOptions { MaxDegreeOfParallelism = _planning.Threads }, i => StepRange(context, i, i + 1));
    }

    public override void StepRange(in StepContext step, int from, int to)
    {
        if (_planning is null)
        {
            StepRule(step, from, to);
            return;
        }

        double hours = step.ElapsedSeconds / 3600.0;
        double da = _price.Entries > 0 ? _price.First(0) : 0;
        for (int i = from; i < to; i++)
        {
            var ph = default(PhasePower);
            double demand = _demand.Add(i, 1.0, ref ph) + _s2.Add(i, 1.0, ref ph);
            double heat = 0, pvPotential = 0, ev = 0, battery = 0, curtailed = 0;
            if (_ems[i] && _planning is not null)
            {
                PlanConnection(i, step, ref ph, out heat, out pvPotential, out ev, out battery, out curtailed);
            }
            else if (_ems[i])
            {
                heat = _hp.Add(i, 1.0, ref ph) + _hhp.Add(i, 1.0, ref ph);
                pvPotential = _pv.Total(i);
                double evRequired = _evRequired.First(i);
                double evMax = Math.Max(evRequired, _evMax.First(i));
                double baseLoad = demand + heat + evRequired - pvPotential;
                double surplus = Math.Max(-baseLoad, 0);
                double evExtra = Math.Min(evMax - evRequired, surplus);
                surplus -= evExtra;
                ev = evRequired + evExtra;
                if (_batFill.Has(i))
                {
                    int j = _batFill.Start(i);
                    var control = _batControl[j];
                    double fill = _batFill.Value(j);
                    var site = new SiteConditions(pvPotential + Math.Max(-demand, 0), Math.Max(demand, 0) + heat + ev);
                    var limits = control.Limits(control.Mode, fill, _dt);
                    battery = BatteryBehaviour.Setpoint(control.Mode, control.Factor, site, limits, control.Spec, fill);
                    _batMode[i] = (int)control.Mode;
                    _batFactor[i] = control.Factor;
                    _batPv[i] = site.PvW;
                    _batLoad[i] = site.LoadW;
                }
                if (pvPotential > 0)
                {
                    _pv.Add(i, -1.0, ref ph);
                }

                AddDevice(i, ev, _evMax, _evFrac, _evTan, ref ph);
                AddDevice(i, battery, _batFill, _batFrac, _batTan, ref ph);
            }

            double total = ph.P1 + ph.P2 + ph.P3;
            _outP[0][i] = ph.P1;
            _outP[1][i] = ph.P2;
            _outP[2][i] = ph.P3;
            _outQ[0][i] = ph.Q1;
            _outQ[1][i] = ph.Q2;
            _outQ[2][i] = ph.Q3;
            _outS[0][i] = Math.Sqrt((ph.P1 * ph.P1) + (ph.Q1 * ph.Q1));
            _outS[1][i] = Math.Sqrt((ph.P2 * ph.P2) + (ph.Q2 * ph.Q2));
            _outS[2][i] = Math.Sqrt((ph.P3 * ph.P3) + (ph.Q3 * ph.Q3));

            double imp = total > 0 ? total : 0;
            double exp = total < 0 ? -total : 0;
            double buy = _contracts[i].Buy(da);
            double sell = _contracts[i].Sell(da);
            _net[i] = total;
            _import[i] = imp;
            _export[i] = exp;
            _consumption[i] = Math.Max(demand, 0) + heat + ev;
            _pvPower[i] = pvPotential - curtailed + Math.Max(-demand, 0);
            _dispatchPv[i] = -(pvPotential - curtailed);
            _curtailed[i] = curtailed;
            _dispatchEv[i] = ev;
            _dispatchBattery[i] = battery;
            _buyPrice[i] = buy;
            double gridCost = BookTariff(i, step.Index - 1, imp * hours, exp * hours, ev * hours);
            _gridCost[i] = gridCost;
            _cost[i] = (((imp * buy) - (exp * sell)) * hours / 1000.0) + gridCost;
        }
    }

    private List<double>[]? _planTimes;

    /// <inheritdoc/>
    public IReadOnlyList<Core.Results.Kpi> Kpis()
    {
        var kpis = new List<Core.Results.Kpi>();
        if (_planTimes is not null)
        {
            var all = _planTimes.SelectMany(t => t).Order().ToArray();
            kpis.Add(new("ems_plans", all.Length, "count"));
            if (all.Length > 0)
            {
                kpis.Add(new("ems_plan_seconds_median", all[all.Length / 2], "s"));
                kpis.Add(new("ems_plan_seconds_p99", all[Math.Min(all.Length - 1, (int)Math.Ceiling(0.99 * all.Length) - 1)], "s"));
                kpis.Add(new("ems_plan_seconds_max", all[^1], "s"));
            }
        }

        kpis.AddRange(TariffKpis());
        return kpis;
    }

    /// <inheritdoc/>
    public IEnumerable<KpiTerm> Terms() => TariffTerms();

    private static void AddDevice(int site, double power, InputBinding binding, double[] frac, double[] tan, ref PhasePower ph)
    {
        if (power == 0 || !binding.Has(site))
        {
            return;
        }

        int j = binding.Start(site);
        ph.Add(power, power * tan[j], frac, j * 3);
    }

    private static (double[] Frac, double[] Tan) SingleDevice(ServiceContext context, InputBinding binding, string type)
    {
        for (int i = 0; i < context.Assets.Count; i++)
        {
            if (binding.Count(i) > 1)
            {
                var a = context.Assets[i];
                throw a.Error($"EConnection '{a.Name}' has {binding.Count(i)} {type} assets; the home EMS dispatches at most one");
            }
        }

        var g = new Group(binding);
        return (g.Fractions, g.TanPhi);
    }

    /// <summary>Active and reactive power per phase of one connection, accumulated device by device.</summary>
    private struct PhasePower
    {
        public double P1, P2, P3, Q1, Q2, Q3;

        public void Add(double p, double q, double[] fractions, int f)
        {
            double f1 = fractions[f], f2 = fractions[f + 1], f3 = fractions[f + 2];
            P1 += p * f1;
            P2 += p * f2;
            P3 += p * f3;
            Q1 += q * f1;
            Q2 += q * f2;
            Q3 += q * f3;
        }
    }

    /// <summary>An input whose entries are devices on phases: fractions per entry and phase, tan φ per entry.</summary>
    private sealed class Group
    {
        private readonly InputBinding _binding;

        public Group(InputBinding binding)
        {
            _binding = binding;
            Fractions = new double[binding.Entries * 3];
            TanPhi = new double[binding.Entries];
            for (int j = 0; j < binding.Entries; j++)
            {
                var asset = binding.EntryAsset(j);
                PhaseMap.Fractions(asset, Fractions.AsSpan(j * 3, 3));
                TanPhi[j] = PhaseMap.TanPhi(asset);
            }

            ByPhase = EmsService.ByPhase(Fractions);
        }

        public double[] Fractions { get; }

        /// <summary>Each entry's share of phase 1, 2 and 3 (<see cref="Fractions"/> by phase), for four entries at a time.</summary>
        public double[][] ByPhase { get; }

        public double[] TanPhi { get; }

        public InputBinding Binding => _binding;

        /// <summary>Adds <paramref name="power"/> of the site's first entry to the phases.</summary>
        public void AddFirst(int site, double power, ref PhasePower ph)
        {
            if (power == 0 || !_binding.Has(site))
            {
                return;
            }

            int j = _binding.Start(site);
            ph.Add(power, power * TanPhi[j], Fractions, j * 3);
        }

        public double Total(int site)
        {
            double s = 0;
            for (int j = _binding.Start(site); j < _binding.End(site); j++)
            {
                s += _binding.Value(j);
            }

            return s;
        }

        /// <summary>Adds <paramref name="scale"/> × each entry's power to the phases; returns the unscaled total.</summary>
        public double Add(int site, double scale, ref PhasePower ph) => EmsService.Add(_binding.View(), site, scale, Fractions, TanPhi, ref ph);
    }
}
