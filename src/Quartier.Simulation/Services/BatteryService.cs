using Quartier.Core.Model;
using Quartier.Core.Units;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// ESDL Battery: capacity (J), fillLevel (ratio 0..1), charge/discharge efficiencies and rates (W). At each
/// step it first applies the EMS's dispatch of the previous step (a delayed input, + charges), then publishes
/// its fill level and the power it can take or give over the coming step.
/// </summary>
public sealed class BatteryService : CalculationService
{
    public const string Dispatch = "dispatch_battery";
    public const string FillLevel = "fill_level";
    public const string StateOfCharge = "state_of_charge";
    public const string MaxCharge = "max_charge_power";
    public const string MaxDischarge = "max_discharge_power";

    private double[] _capacityWh = [];
    private double[] _energyWh = [];
    private double[] _etaCharge = [];
    private double[] _etaDischarge = [];
    private double[] _maxChargeW = [];
    private double[] _maxDischargeW = [];
    private int _dt;
    private InputBinding _dispatch = null!;
    private ArraySegment<double> _fill;
    private ArraySegment<double> _soc;
    private ArraySegment<double> _canCharge;
    private ArraySegment<double> _canDischarge;

    public override string Name => "battery";

    public override AssetKind Kind => AssetKind.Battery;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(FillLevel, "ratio"),
        new(StateOfCharge, "Wh"),
        new(MaxCharge, "W"),
        new(MaxDischarge, "W"),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
        [new("dispatch", AssetKind.EConnection, Dispatch, Routing.Auto, Delayed: true)];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _capacityWh = new double[n];
        _energyWh = new double[n];
        _etaCharge = new double[n];
        _etaDischarge = new double[n];
        _maxChargeW = new double[n];
        _maxDischargeW = new double[n];
        _dt = context.Grid.StepSeconds;
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            double capacity = UnitConvert.JoulesToWattHours(a.RequiredDouble("capacity"));
            if (capacity <= 0)
            {
                throw a.Error($"Battery '{a.Name}' capacity must be positive");
            }

            double fill = a.DoubleOr("fillLevel", 0.5);
            if (fill is < 0 or > 1)
            {
                throw a.Error($"Battery '{a.Name}' fillLevel {fill} must be a ratio in 0..1 (not a percentage)");
            }

            double ec = a.DoubleOr("chargeEfficiency", 1.0);
            double ed = a.DoubleOr("dischargeEfficiency", 1.0);
            if (ec is <= 0 or > 1 || ed is <= 0 or > 1)
            {
                throw a.Error($"Battery '{a.Name}' efficiencies must be in (0, 1] (got {ec}, {ed})");
            }

            double fallbackRate = a.OptionalDouble("power") ?? capacity;
            _maxChargeW[i] = a.DoubleOr("maxChargeRate", fallbackRate);
            _maxDischargeW[i] = a.DoubleOr("maxDischargeRate", fallbackRate);
            if (_maxChargeW[i] < 0 || _maxDischargeW[i] < 0)
            {
                throw a.Error($"Battery '{a.Name}' rates must not be negative");
            }

            _capacityWh[i] = capacity;
            _energyWh[i] = fill * capacity;
            _etaCharge[i] = ec;
            _etaDischarge[i] = ed;
        }

        _dispatch = context.Input("dispatch");
        _fill = context.Output(FillLevel);
        _soc = context.Output(StateOfCharge);
        _canCharge = context.Output(MaxCharge);
        _canDischarge = context.Output(MaxDischarge);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _capacityWh.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        double hours = step.Index > 1 ? _dt / 3600.0 : 0;
        double perStep = 3600.0 / _dt;
        for (int i = from; i < to; i++)
        {
            double p = _dispatch.First(i);
            double e = _energyWh[i] + (p >= 0 ? p * _etaCharge[i] : p / _etaDischarge[i]) * hours;
            e = Math.Clamp(e, 0, _capacityWh[i]);
            _energyWh[i] = e;
            _soc[i] = e;
            _fill[i] = e / _capacityWh[i];
            _canCharge[i] = Math.Min(_maxChargeW[i], (_capacityWh[i] - e) * perStep / _etaCharge[i]);
            _canDischarge[i] = Math.Min(_maxDischargeW[i], e * perStep * _etaDischarge[i]);
        }
    }
}
