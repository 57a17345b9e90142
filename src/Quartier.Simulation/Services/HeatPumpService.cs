using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

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
/// </summary>
public sealed class HeatPumpService : CalculationService
{
    public const string ElectricPower = "electric_power";
    public const string HouseTemperature = "house_temperature";
    public const string BufferTemperature = "buffer_temperature";
    public const string HeatToBuffer = "heat_power_to_buffer";
    public const string HeatToHouse = "heat_power_to_house";
    public const string GasPower = "gas_power";
    public const string DhwTemperature = "dhw_temperature";
    public const string ComfortDeficit = "comfort_deficit";
    private const double Hysteresis = 5.0;
    private const double WaterHeatCapacity = 4183.0;

    private readonly AssetKind _kind;
    private State[] _s = [];
    private HeatPumpResource[] _pumps = [];
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

    public HeatPumpService(AssetKind kind)
    {
        if (kind is not (AssetKind.HeatPump or AssetKind.HybridHeatPump))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "HeatPump or HybridHeatPump");
        }

        _kind = kind;
    }

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
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
    [
        new("irradiance", AssetKind.EnvironmentalProfiles, WeatherService.Irradiance, Routing.Global, Required: true),
        new("air", AssetKind.EnvironmentalProfiles, WeatherService.AirTemperature, Routing.Global, Required: true),
        new("soil", AssetKind.EnvironmentalProfiles, WeatherService.SoilTemperature, Routing.Global, Required: true),
    ];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _dt = context.Grid.StepSeconds;
        _s = new State[n];
        _pumps = new HeatPumpResource[n];
        _start = context.Grid.Start;
        _tapFlow = new double[n][];
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            var b = a.Building ?? throw a.Error($"{a.Type} '{a.Name}' must sit in a Building whose description gives the house's RC parameters");
            if (b.Parameters is null)
            {
                throw a.Error($"Building '{b.Name}' of {a.Type} '{a.Name}' has no RC parameters (C_in, C_out, R_exch, R_floor, R_vent, R_cond, A_glass) in its description JSON");
            }

            ref var s = ref _s[i];
            s.CIn = Positive(b, "C_in");
            s.COut = Positive(b, "C_out");
            s.KExch = 1 / Positive(b, "R_exch");
            s.KFloor = 1 / Positive(b, "R_floor");
            s.KVent = 1 / Positive(b, "R_vent");
            s.KCond = 1 / Positive(b, "R_cond");
            s.Glass = b.ParameterOr("A_glass", 0);
            s.QNominal = _kind == AssetKind.HybridHeatPump ? a.RequiredDouble("heatPumpThermalPower") : a.OptionalDouble("heatPumpThermalPower") ?? a.RequiredDouble("power");
            if (s.QNominal <= 0)
            {
                throw a.Error($"{a.Type} '{a.Name}' nominal heat power must be positive");
            }

            s.Cop = a.OptionalDouble("heatPumpCOP") ?? a.OptionalDouble("COP") ?? double.NaN;
            s.MinRel = a.ParameterOr("min_rel_heat", 0.3);
            s.CBuf = a.ParameterOr("buffer_capacitance", 752_940);
            s.BufSet = Temp(a, "buffer_temp_set", 40);
            s.BufMin = Temp(a, "buffer_temp_min", 25);
            s.BufMax = Temp(a, "buffer_temp_max", 65);
            s.Buf = Temp(a, "buffer_temp_0", s.BufSet);
            s.HouseSet = Temp(a, "house_temp_set", 19);
            s.HouseMin = Temp(a, "house_temp_min", s.HouseSet - 1);
            s.In = Temp(a, "house_temp_0", s.HouseSet);
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
            _pumps[i] = new HeatPumpResource(a.Id, spec);
            s.Buf = spec.StartTempC;
            _tapFlow[i] = [];
            if (_kind == AssetKind.HeatPump)
            {
                s.HasDhw = a.Parameters is { } p && p.TryGetProperty("dhw_capacitance", out _);
                s.CDhw = a.ParameterOr("dhw_capacitance", 1);
                s.DhwSet = Temp(a, "dhw_temp_set", 55);
                s.DhwMin = Temp(a, "dhw_temp_min", 25);
                s.DhwTap = Temp(a, "dhw_temp_tap", 15);
                s.Dhw = Temp(a, "dhw_temp_0", s.DhwSet);
                s.Element = a.ParameterOr("heat_element", 0);
                s.ElementCop = a.ParameterOr("cop_element", 1);
                var tap = a.Ports.SelectMany(p => p.Profiles).FirstOrDefault();
                if (s.HasDhw && tap is not null)
                {
                    _tapFlow[i] = context.SampleProfile(tap);
                }
            }
        }

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
        for (int i = from; i < to; i++)
        {
            ref var s = ref _s[i];
            var pump = _pumps[i];
            double irr = _irr.First(i), air = _air.First(i), soil = _soil.First(i);
            if (step.Index == 1)
            {
                s.Out = ((s.KExch * s.In) + (s.KCond * air)) / (s.KCond + s.KExch);
            }
            else
            {
                s.Advance(dt);
                if (s.ToBuffer > 0 || s.ToHouse > 0)
                {
                    // an idle buffer (heat pump off, nothing drawn; the resource has no standing loss) keeps its temperature
                    s.Buf = pump.Step(previous, dt, s.ToHouse, s.Air).BufferTempC;
                }
            }

            s.Air = air;
            s.Soil = soil;
            s.Irr = irr;

            double gains = (-(s.KVent + s.KExch + s.KFloor) * s.In) + (s.KExch * s.Out) + (s.KVent * air) + (s.KFloor * soil) + (s.Glass * irr);
            double houseNeed = Math.Max(0, (s.CIn * (s.HouseSet - s.In) / dt) - gains);

            double dhwOut = 0, dhwIn = 0, element = 0;
            if (s.HasDhw)
            {
                double flow = _tapFlow[i].Length > 0 ? _tapFlow[i][step.Index - 1] : 0;
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

            double bufTop = Math.Min(s.BufSet + Hysteresis, s.BufMax);
            if (s.Buf >= bufTop)
            {
                s.On = false;
            }

            double toBuffer = s.On && !s.DhwMode ? s.QNominal : 0;
            double toHouse = Math.Min(houseNeed, Math.Max(0, (s.CBuf * (s.Buf - s.BufMin) / dt) + toBuffer));
            if (toBuffer > 0)
            {
                toBuffer = Math.Min(toBuffer, Math.Max(0, (s.CBuf * (bufTop - s.Buf) / dt) + toHouse));
                if (toBuffer < s.MinRel * s.QNominal)
                {
                    toBuffer = 0;
                    s.On = false;
                    toHouse = Math.Min(houseNeed, Math.Max(0, s.CBuf * (s.Buf - s.BufMin) / dt));
                }
            }

            var want = toBuffer > 0 ? HeatPumpMode.On : HeatPumpMode.Off;
            double factor = toBuffer / s.QNominal;
            if ((want != pump.Mode || factor != pump.Factor) && !pump.Instruct(want, factor, now).IsAccepted)
            {
                // a minimum on/off timer holds the heat pump in its mode
                s.On = pump.Mode == HeatPumpMode.On;
                toBuffer = s.On ? pump.Factor * s.QNominal : 0;
                toHouse = Math.Min(houseNeed, Math.Max(0, (s.CBuf * (s.Buf - s.BufMin) / dt) + toBuffer));
            }

            double gas = hybrid ? houseNeed - toHouse : 0;
            s.ToBuffer = toBuffer;
            s.ToHouse = toHouse;
            s.Gas = gas;
            s.DhwIn = dhwIn + element;
            s.DhwOut = dhwOut;
            double cop = double.IsNaN(s.Cop) ? (hybrid ? HybridCop(s.BufSet - air) : 4.0) : s.Cop;
            _outElectric[i] = (toBuffer / cop) + (dhwIn / 2.5) + (element > 0 ? element / s.ElementCop : 0);
            _outHouse[i] = s.In;
            _outBuffer[i] = s.Buf;
            _outToBuffer[i] = toBuffer;
            _outToHouse[i] = toHouse;
            _outGas[i] = gas;
            _outDhw[i] = s.HasDhw ? s.Dhw : double.NaN;
            _outDeficit[i] = Math.Max(0, s.HouseMin - s.In);
        }
    }

    /// <summary>DOTS's hybrid heat pump COP as a function of the lift between buffer set point and outside air (K).</summary>
    public static double HybridCop(double lift) => Math.Max(1.0, 8.736555867367798 - (0.18997851 * lift) + (0.00125921 * lift * lift));

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

    private struct State
    {
        public double CIn, COut, KExch, KFloor, KVent, KCond, Glass;
        public double QNominal, Cop, MinRel, CBuf, BufSet, BufMin, BufMax, HouseSet, HouseMin;
        public double In, Out, Buf, Air, Soil, Irr, ToBuffer, ToHouse, Gas;
        public bool On, HasDhw, DhwMode;
        public double CDhw, DhwSet, DhwMin, DhwTap, Dhw, Element, ElementCop, DhwIn, DhwOut;

        /// <summary>Explicit Euler over the interval just ended, with the weather and heat flows that held during it (the buffer is the resource's).</summary>
        public void Advance(double dt)
        {
            double dIn = (-(KVent + KExch + KFloor) * In) + (KExch * Out) + (KVent * Air) + (KFloor * Soil) + (Glass * Irr) + ToHouse + Gas;
            double dOut = (KExch * In) - ((KCond + KExch) * Out) + (KCond * Air);
            In += dt * dIn / CIn;
            Out += dt * dOut / COut;
            if (HasDhw)
            {
                Dhw += dt * (DhwIn - DhwOut) / CDhw;
            }
        }
    }
}
