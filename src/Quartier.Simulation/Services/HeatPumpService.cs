using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>How a heat pump is controlled: its own thermostat, or the EConnection EMS's heat dispatch (DOTS).</summary>
public enum HeatPumpControl
{
    /// <summary>The heat pump runs its own thermostat and publishes its electric power (the rule EMS treats it as load).</summary>
    Thermostat,

    /// <summary>
    /// DOTS's split: the EMS decides the heat into buffer, tank and house and the service integrates the temperatures
    /// with that dispatch (delayed inputs from the EConnection: <c>heat_power_to_*</c>).
    /// </summary>
    Dispatch,
}

/// <summary>
/// DOTS's heat pump models with their own thermostat. The house is DOTS's 2-node RC model (inner air and
/// fabric nodes; C_in, C_out, R_exch, R_floor, R_vent, R_cond, A_glass from the Building's description),
/// fed from a buffer vessel that the heat pump heats; explicit Euler over the step (900 s in DOTS).
/// Thermostat: the house draws from the buffer the heat that brings it to its set point; the heat pump
/// switches on when the buffer falls below its set point and off 5 K above it (never past its maximum),
/// modulating down to <c>min_rel_heat</c>. A HybridHeatPump's gas boiler covers what the buffer cannot; an
/// all-electric HeatPump also heats a hot-water tank (priority) from a tap profile (L/s) on its first port.
/// Temperatures in the description are Kelvin (DOTS) or °C; outputs are °C.
/// The heat pump itself is an S2 FRBC resource over its buffer (<see cref="HeatPumpResource"/>: fill level = buffer
/// temperature, modes OFF and ON with the modulation as factor, S2 timers for <c>min_on_time</c>/<c>min_off_time</c>
/// in seconds): the thermostat is its controller, and an instruction the resource rejects (a running timer) leaves
/// the heat pump in its mode. The buffer temperature is the resource's fill level; electric power uses DOTS's COP.
/// Under <see cref="HeatPumpControl.Dispatch"/> there is no thermostat and no boiler: at each step the service integrates,
/// as DOTS's <c>update_temperatures</c> does, the EMS's heat dispatch of the step before.
/// <see cref="ServiceRules.Dots"/> (default): the all-electric pump's COPs are DOTS's fixed 4.0 (space heating) and 2.5
/// (hot water), the hybrid's DOTS's quadratic in buffer set point − air, nominal heat <c>power</c> (all-electric), 30 %
/// minimum modulation; the house starts at equilibrium with the first step's weather (at <c>house_temp_0</c> when that needs
/// heat, free-running otherwise; refused when the pump cannot hold it); the tap profile is read by position, element s − 1
/// at step s (its timestep ignored), rounded to 5 decimals; under dispatch a temperature beyond its bounds stops the run
/// as in DOTS. <see cref="ServiceRules.Quartier"/>: ESDL COPs, <c>heatPumpThermalPower</c>, <c>min_rel_heat</c>, the house
/// at <c>house_temp_0</c>, the tap profile by time, bounds reported as <c>comfort_deficit</c>.
/// </summary>
public sealed partial class HeatPumpService : CalculationService
{
    public const string ElectricPower = "electric_power";
    public const string HouseTemperature = "house_temperature";
    public const string BufferTemperature = "buffer_temperature";
    public const string HeatToBuffer = "heat_power_to_buffer";
    public const string HeatToHouse = "heat_power_to_house";
    public const string GasPower = "gas_power";
    public const string DhwTemperature = "dhw_temperature";
    public const string ComfortDeficit = "comfort_deficit";
    public const string FabricTemperature = "fabric_temperature";
    private const double Hysteresis = 5.0;
    private const double WaterHeatCapacity = 4183.0;

    private readonly AssetKind _kind;
    private readonly HeatPumpControl _control;
    private readonly ServiceRules _rules;
    private HeatPumpParameters[] _parameters = [];
    private string[] _names = [];
    private InputBinding _dToTank = null!;
    private InputBinding _dToDhw = null!;
    private InputBinding _dToBuffer = null!;
    private InputBinding _dToHouse = null!;
    private ArraySegment<double> _outFabric;
    private State[] _s = [];
    private HeatPumpHouses _h = new(0);
    private HeatPumpFleet _pumps = new([]);
    private DateTime _start;
    private double[][] _tapFlow = [];
    private int _dt;
    private InputBinding _irr = null!;
    private InputBinding _air = null!;
    private InputBinding _soil = null!;
    private ArraySegment<double> _outElectric;
    private ArraySegment<double> _outHouse;
    private ArraySegment<double> _outBuffer;
    private ArraySegment<double> _outToBuffer;
    private ArraySegment<double> _outToHouse;
    private ArraySegment<double> _outGas;
    private ArraySegment<double> _outDhw;
    private ArraySegment<double> _outDeficit;

    public HeatPumpService(AssetKind kind, HeatPumpControl control = HeatPumpControl.Thermostat, ServiceRules rules = ServiceRules.Dots)
    {
        if (kind is not (AssetKind.HeatPump or AssetKind.HybridHeatPump))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "HeatPump or HybridHeatPump");
        }

        _kind = kind;
        _control = control;
        _rules = rules;
        Inputs = control == HeatPumpControl.Dispatch
            ? [.. WeatherInputs, .. DispatchInputs(kind)]
            : WeatherInputs;
    }

    public HeatPumpControl Control => _control;

    /// <summary>Steps heat pumps in the steady state over arrays (<see cref="HeatPumpFleet"/>); false: every step through the resource.</summary>
    public bool FastPath { get; init; } = true;

    public ServiceRules Rules => _rules;

    /// <summary>Asset <paramref name="asset"/>'s parameters in K and SI, as the EMS plans with them.</summary>
    public HeatPumpParameters Parameters(int asset) => _parameters[asset];

    public override string Name => _kind == AssetKind.HybridHeatPump ? "hybridheatpump" : "heatpump";

    public override AssetKind Kind => _kind;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(ElectricPower, "W"),
        new(HouseTemperature, "°C"),
        new(BufferTemperature, "°C"),
        new(HeatToBuffer, "W"),
        new(HeatToHouse, "W"),
        new(GasPower, "W", "boiler heat (hybrid)"),
        new(DhwTemperature, "°C"),
        new(ComfortDeficit, "K", "how far the house is below its minimum"),
        new(FabricTemperature, "°C", "the house's fabric node (DOTS's house_temperatures[1])"),
    ];

    private static readonly InputDeclaration[] WeatherInputs =
    [
        new("irradiance", AssetKind.EnvironmentalProfiles, WeatherService.Irradiance, Routing.Global, Required: true),
        new("air", AssetKind.EnvironmentalProfiles, WeatherService.AirTemperature, Routing.Global, Required: true),
        new("soil", AssetKind.EnvironmentalProfiles, WeatherService.SoilTemperature, Routing.Global, Required: true),
    ];

    /// <summary>DOTS's heat dispatch, seen one step later (the EMS decides at t for the interval that starts there).</summary>
    private static InputDeclaration[] DispatchInputs(AssetKind kind) => kind == AssetKind.HybridHeatPump
        ?
        [
            new("to_buffer", AssetKind.EConnection, EmsService.HeatToBufferHybrid, Routing.Auto, Delayed: true),
            new("to_house", AssetKind.EConnection, EmsService.HeatToHouseHybrid, Routing.Auto, Delayed: true),
        ]
        :
        [
            new("to_tank", AssetKind.EConnection, EmsService.HeatToTankDhw, Routing.Auto, Delayed: true),
            new("to_dhw", AssetKind.EConnection, EmsService.HeatToDhw, Routing.Auto, Delayed: true),
            new("to_buffer", AssetKind.EConnection, EmsService.HeatToBuffer, Routing.Auto, Delayed: true),
            new("to_house", AssetKind.EConnection, EmsService.HeatToHouse, Routing.Auto, Delayed: true),
        ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; }

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _dt = context.Grid.StepSeconds;
        _s = new State[n];
        var h = _h = new HeatPumpHouses(n);
        var pumps = new HeatPumpResource[n];
        _start = context.Grid.Start;
        _tapFlow = new double[n][];
        _parameters = new HeatPumpParameters[n];
        _names = new string[n];
        bool dots = _rules == ServiceRules.Dots;
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            _names[i] = a.Name;
            var b = a.Building ?? throw a.Error($"{a.Type} '{a.Name}' must sit in a Building whose description gives the house's RC parameters");
            if (b.Parameters is null)
            {
                throw a.Error($"Building '{b.Name}' of {a.Type} '{a.Name}' has no RC parameters (C_in, C_out, R_exch, R_floor, R_vent, R_cond, A_glass) in its description JSON");
            }

            ref var s = ref _s[i];
            h.CIn[i] = Positive(b, "C_in");
            h.COut[i] = Positive(b, "C_out");
            h.KExch[i] = 1 / Positive(b, "R_exch");
            h.KFloor[i] = 1 / Positive(b, "R_floor");
            h.KVent[i] = 1 / Positive(b, "R_vent");
            h.KCond[i] = 1 / Positive(b, "R_cond");
            h.Glass[i] = b.ParameterOr("A_glass", 0);
            s.QNominal = _kind == AssetKind.HybridHeatPump ? a.RequiredDouble("heatPumpThermalPower")
                : dots ? a.RequiredDouble("power")
                : a.OptionalDouble("heatPumpThermalPower") ?? a.RequiredDouble("power");
            if (s.QNominal <= 0)
            {
                throw a.Error($"{a.Type} '{a.Name}' nominal heat power must be positive");
            }

            // DOTS: 4.0 fixed for the all-electric pump, the quadratic for the hybrid; Quartier: the ESDL's COP where given
            s.Cop = dots ? (_kind == AssetKind.HeatPump ? 4.0 : double.NaN) : a.OptionalDouble("heatPumpCOP") ?? a.OptionalDouble("COP") ?? double.NaN;
            s.MinRel = dots ? 0.3 : a.ParameterOr("min_rel_heat", 0.3);
            s.CBuf = a.ParameterOr("buffer_capacitance", 752_940);
            s.BufSet = Temp(a, "buffer_temp_set", 40);
            s.BufMin = Temp(a, "buffer_temp_min", 25);
            s.BufMax = Temp(a, "buffer_temp_max", 65);
            s.Buf = Temp(a, "buffer_temp_0", s.BufSet);
            double houseSet = h.Set[i] = Temp(a, "house_temp_set", 19);
            s.HouseMin = Temp(a, "house_temp_min", houseSet - 1);
            s.HouseMax = Temp(a, "house_temp_max", houseSet + 1);
            s.HouseHor = Temp(a, "house_temp_hor", houseSet);
            s.BufHor = Temp(a, "buffer_temp_hor", s.BufSet);
            h.In[i] = Temp(a, "house_temp_0", houseSet);
            if (!(s.BufMin < s.BufMax) || s.CBuf <= 0)
            {
                throw a.Error($"{a.Type} '{a.Name}' buffer needs buffer_temp_min < buffer_temp_max and buffer_capacitance > 0");
            }

            var spec = new HeatPumpSpec
            {
                MaxThermalPowerW = s.QNominal,
                BufferCapacityWhPerK = s.CBuf / 3600.0,
                MinTempC = s.BufMin,
                MaxTempC = s.BufMax,
                InitialTempC = Math.Clamp(s.Buf, s.BufMin, s.BufMax),
                MinOnTime = TimeSpan.FromSeconds(a.ParameterOr("min_on_time", 0)),
                MinOffTime = TimeSpan.FromSeconds(a.ParameterOr("min_off_time", 0)),
            };
            pumps[i] = new HeatPumpResource(a.Id, spec);
            s.Buf = _control == HeatPumpControl.Dispatch ? s.Buf : spec.StartTempC;
            _tapFlow[i] = [];
            if (_kind == AssetKind.HeatPump)
            {
                s.HasDhw = a.Parameters is { } p && p.TryGetProperty("dhw_capacitance", out _);
                s.CDhw = a.ParameterOr("dhw_capacitance", 1);
                s.DhwSet = Temp(a, "dhw_temp_set", 55);
                s.DhwMin = Temp(a, "dhw_temp_min", 25);
                s.DhwMax = Temp(a, "dhw_temp_max", 85);
                s.DhwHor = Temp(a, "dhw_temp_hor", s.DhwSet);
                s.DhwTap = Temp(a, "dhw_temp_tap", 15);
                s.Dhw = Temp(a, "dhw_temp_0", s.DhwSet);
                s.Element = a.ParameterOr("heat_element", 0);
                s.ElementCop = a.ParameterOr("cop_element", 1);
                var tap = a.Ports.SelectMany(p => p.Profiles).FirstOrDefault();
                if (s.HasDhw && tap is not null)
                {
                    _tapFlow[i] = dots ? TapByPosition(tap, a) : context.SampleProfile(tap);
                    if (dots && _tapFlow[i].Length < context.Grid.Count)
                    {
                        context.Note($"HeatPump '{a.Name}': its tap profile has {_tapFlow[i].Length} values, one per 900 s step from step 1 (DOTS's rule); no hot water is drawn after step {_tapFlow[i].Length} (DOTS stops there)");
                    }
                }
            }

            h.BufferCapacitance[i] = s.CBuf;
            h.BufferMin[i] = s.BufMin;
            h.BufferTop[i] = Math.Min(s.BufSet + Hysteresis, s.BufMax);
            _parameters[i] = Describe(s, i, a);
            double cop = double.IsNaN(s.Cop) ? 4.0 : s.Cop;
            s.CopReciprocal = 1 / cop;
            s.CopReciprocalExact = ExactArithmetic.IsPowerOfTwo(cop);
        }

        _pumps = new HeatPumpFleet(pumps, FastPath);
        if (_control == HeatPumpControl.Dispatch)
        {
            _dToBuffer = context.Input("to_buffer");
            _dToHouse = context.Input("to_house");
            if (_kind == AssetKind.HeatPump)
            {
                _dToTank = context.Input("to_tank");
                _dToDhw = context.Input("to_dhw");
            }
        }

        _outFabric = context.Output(FabricTemperature);

        _irr = context.Input("irradiance");
        _air = context.Input("air");
        _soil = context.Input("soil");
        _outElectric = context.Output(ElectricPower);
        _outHouse = context.Output(HouseTemperature);
        _outBuffer = context.Output(BufferTemperature);
        _outToBuffer = context.Output(HeatToBuffer);
        _outToHouse = context.Output(HeatToHouse);
        _outGas = context.Output(GasPower);
        _outDhw = context.Output(DhwTemperature);
        _outDeficit = context.Output(ComfortDeficit);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _s.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        double dt = _dt;
        bool hybrid = _kind == AssetKind.HybridHeatPump;
        var now = new DateTimeOffset(_start.AddSeconds(step.Seconds), TimeSpan.Zero);
        var previous = now.AddSeconds(-dt);
        var pumps = _pumps;
        var irrIn = _irr.View();
        var airIn = _air.View();
        var soilIn = _soil.View();

        // the weather is one value for all the heat pumps of a range (a global input, one copy per chunk)
        bool weatherUniform = irrIn.TryUniform(from, to - from, out double irrAll) & airIn.TryUniform(from, to - from, out double airAll)
            & soilIn.TryUniform(from, to - from, out double soilAll);
        Span<double> outElectric = _outElectric, outHouse = _outHouse, outBuffer = _outBuffer, outToBuffer = _outToBuffer, outToHouse = _outToHouse;
        Span<double> outGas = _outGas, outDhw = _outDhw, outDeficit = _outDeficit, outFabric = _outFabric;
        var states = _s.AsSpan();
        var h = _h;
        bool dispatch = _control == HeatPumpControl.Dispatch, first = step.Index == 1;
        if (!first && !dispatch)
        {
            // every house's Euler step and heat need first, four at a time; the thermostats then read them
            h.AdvanceAndNeed(from, to, dt, airIn, soilIn, irrIn);
        }

        for (int i = from; i < to; i++)
        {
            ref var s = ref states[i];
            double irr = weatherUniform ? irrAll : irrIn.First(i), air = weatherUniform ? airAll : airIn.First(i), soil = weatherUniform ? soilAll : soilIn.First(i);
            if (first)
            {
                StartState(ref s, air, soil, irr, i);
            }
            else if (dispatch)
            {
                ApplyDispatch(ref s, i, pumps, previous, dt, step.Index);
            }
            else
            {
                s.AdvanceTank(dt);
                if (s.ToBuffer > 0 || h.ToHouse[i] > 0)
                {
                    // an idle buffer (heat pump off, nothing drawn; the resource has no standing loss) keeps its temperature
                    s.Buf = pumps.Step(i, previous, dt, h.ToHouse[i], h.Air[i]);
                }
            }

            h.Air[i] = air;
            h.Soil[i] = soil;
            h.Irr[i] = irr;
            outFabric[i] = h.Out[i];
            if (dispatch)
            {
                PublishDispatched(ref s, i, hybrid);
                continue;
            }

            if (first)
            {
                h.Need[i] = h.NeedOne(i, dt, air, soil, irr);
            }

            h.Buffer[i] = s.Buf;
        }

        if (dispatch)
        {
            return;
        }

        // what each buffer can give down to its minimum and take up to its top over the step, four at a time
        h.BufferHeatAndRoom(from, to, dt);

        var tapFlow = _tapFlow;
        for (int i = from; i < to; i++)
        {
            ref var s = ref states[i];
            double houseNeed = h.Need[i];

            double dhwOut = 0, dhwIn = 0, element = 0;
            if (s.HasDhw)
            {
                double flow = step.Index <= tapFlow[i].Length ? tapFlow[i][step.Index - 1] : 0;
                dhwOut = flow * WaterHeatCapacity * (s.DhwSet - s.DhwTap);
                if (s.Dhw < s.DhwSet - Hysteresis)
                {
                    s.DhwMode = true;
                }

                if (s.Dhw >= s.DhwSet)
                {
                    s.DhwMode = false;
                }

                if (s.DhwMode)
                {
                    dhwIn = Math.Min(s.QNominal, Math.Max(0, (s.CDhw * (s.DhwSet + 1 - s.Dhw) / dt) + dhwOut));
                }

                if (s.Dhw < s.DhwMin)
                {
                    element = s.Element;
                }
            }

            if (s.Buf < s.BufSet)
            {
                s.On = true;
            }

            double bufTop = h.BufferTop[i];
            if (s.Buf >= bufTop)
            {
                s.On = false;
            }

            double bufferHeat = h.BufferHeat[i];
            double toBuffer = s.On && !s.DhwMode ? s.QNominal : 0;
            double toHouse = Math.Min(houseNeed, Math.Max(0, bufferHeat + toBuffer));
            if (toBuffer > 0)
            {
                toBuffer = Math.Min(toBuffer, Math.Max(0, h.BufferRoom[i] + toHouse));
                if (toBuffer < s.MinRel * s.QNominal)
                {
                    toBuffer = 0;
                    s.On = false;
                    toHouse = Math.Min(houseNeed, Math.Max(0, bufferHeat));
                }
            }

            var want = toBuffer > 0 ? HeatPumpMode.On : HeatPumpMode.Off;

            // toBuffer / QNominal without dividing where the quotient is known: off (+0 / Q = +0) and full (Q / Q = 1, Q finite)
            double factor = BitConverter.DoubleToInt64Bits(toBuffer) == 0 ? 0 : toBuffer == s.QNominal && s.QNominal < double.PositiveInfinity ? 1 : toBuffer / s.QNominal;
            if ((want != pumps.Mode(i) || factor != pumps.Factor(i)) && !pumps.Instruct(i, want, factor, now).IsAccepted)
            {
                // a minimum on/off timer holds the heat pump in its mode
                s.On = pumps.Mode(i) == HeatPumpMode.On;
                toBuffer = s.On ? pumps.Factor(i) * s.QNominal : 0;
                toHouse = Math.Min(houseNeed, Math.Max(0, bufferHeat + toBuffer));
            }

            double gas = hybrid ? houseNeed - toHouse : 0;
            s.ToBuffer = toBuffer;
            h.ToHouse[i] = toHouse;
            h.Gas[i] = gas;
            s.DhwIn = dhwIn + element;
            s.DhwOut = dhwOut;
            // x / COP as x · (1 / COP) where that is exact (a power-of-two COP such as DOTS's 4.0); +0 / 2.5 = +0 without dividing
            double electric = double.IsNaN(s.Cop) && hybrid ? toBuffer / HybridCop(s.BufSet - h.Air[i])
                : s.CopReciprocalExact ? toBuffer * s.CopReciprocal : toBuffer / (double.IsNaN(s.Cop) ? 4.0 : s.Cop);
            outElectric[i] = electric + (BitConverter.DoubleToInt64Bits(dhwIn) == 0 ? 0 : dhwIn / 2.5) + (element > 0 ? element / s.ElementCop : 0);
            double tIn = h.In[i];
            outHouse[i] = tIn;
            outBuffer[i] = s.Buf;
            outToBuffer[i] = toBuffer;
            outToHouse[i] = toHouse;
            outGas[i] = gas;
            outDhw[i] = s.HasDhw ? s.Dhw : double.NaN;
            outDeficit[i] = Math.Max(0, s.HouseMin - tIn);
        }
    }

    private static double Positive(Asset building, string key)
    {
        double v = building.RequiredParameter(key);
        return v > 0 ? v : throw building.Error($"Building '{building.Name}' {key} must be positive");
    }

    private static double Temp(Asset a, string key, double fallbackCelsius)
    {
        double v = a.ParameterOr(key, double.NaN);
        return double.IsNaN(v) ? fallbackCelsius : v > 150 ? UnitConvert.KelvinToCelsius(v) : v;
    }

    /// <summary>A heat pump's own state and parameters (its house is in <see cref="HeatPumpHouses"/>): what a thermostat step reads first, then what only hot water and planning use.</summary>
    private struct State
    {
        public double QNominal, Cop, MinRel, CBuf, BufSet, BufMin, BufMax, HouseMin;
        public double Buf, ToBuffer, DhwIn, DhwOut;
        public bool On, HasDhw, DhwMode, CopReciprocalExact;
        public double CopReciprocal;
        public double BufHor, HouseMax, HouseHor;
        public double CDhw, DhwSet, DhwMin, DhwMax, DhwHor, DhwTap, Dhw, Element, ElementCop;

        /// <summary>The hot-water tank's explicit Euler step over the interval just ended, with the heat in and drawn during it.</summary>
        public void AdvanceTank(double dt)
        {
            if (HasDhw)
            {
                Dhw += dt * (DhwIn - DhwOut) / CDhw;
            }
        }
    }
}

/// <summary>
/// A heat pump's parameters as the EMS plans with them, in K and SI (DOTS's units): the building's 2-node house,
/// nominal heat, minimum modulation, COPs (space heating: NaN where it follows the air temperature, see
/// <see cref="HybridCop"/>), buffer and hot-water tank (the tank's planning maximum is DOTS's <c>buffer_temp_max</c>
/// under DOTS's rules), the electric element.
/// </summary>
public sealed record HeatPumpParameters(string Id, bool Hybrid, double CIn, double COut, double KExch, double KFloor, double KVent, double KCond, double GlassM2,
    double QNominalW, double MinRel, double CopSpaceHeating, double CopHotWater,
    double BufferCapacitance, double BufferSetK, double BufferMinK, double BufferMaxK, double BufferHorizonK,
    double HouseMinK, double HouseMaxK, double HouseHorizonK,
    bool HasDhw, double DhwCapacitance, double DhwMinK, double DhwPlanMaxK, double DhwHorizonK, double ElementW, double CopElement)
{
    /// <summary>The space-heating COP at air temperature <paramref name="airK"/>: fixed where the ESDL or DOTS fixes it, else DOTS's quadratic.</summary>
    public double HybridCop(double airK) => double.IsNaN(CopSpaceHeating) ? HeatPumpService.HybridCop(BufferSetK - airK) : CopSpaceHeating;
}
