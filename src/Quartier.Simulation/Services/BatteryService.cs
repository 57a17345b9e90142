using Quartier.Core.Model;
using Quartier.Resources.Devices;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>
/// ESDL Battery as an S2 FRBC battery resource (<see cref="BatteryResource"/>). At each step it executes, over the
/// interval just ended, the instruction its controller (the EConnection's EMS) gave for that interval — operation
/// mode and factor, with the site's PV and load (delayed inputs) — through the resource simulation: the mode's
/// setpoint within the power and SoC limits, energy through the charge/discharge efficiencies, transitions and
/// timers. It then publishes its fill level, energy, active mode and the power it can take or give next.
/// </summary>
public sealed class BatteryService : CalculationService
{
    public const string Dispatch = "dispatch_battery";
    public const string Mode = "battery_mode";
    public const string Factor = "battery_factor";
    public const string SitePv = "battery_site_pv";
    public const string SiteLoad = "battery_site_load";
    public const string FillLevel = "fill_level";
    public const string StateOfCharge = "state_of_charge";
    public const string MaxCharge = "max_charge_power";
    public const string MaxDischarge = "max_discharge_power";
    public const string ActiveMode = "operation_mode";
    public const string Power = "power";
    public const string Rejected = "rejected_instructions";

    private BatteryFleet _fleet = new([]);
    private double[] _rejected = [];
    private int _dt;
    private DateTime _start;
    private InputBinding _mode = null!;
    private InputBinding _factor = null!;
    private InputBinding _pv = null!;
    private InputBinding _load = null!;
    private ArraySegment<double> _fill;
    private ArraySegment<double> _soc;
    private ArraySegment<double> _canCharge;
    private ArraySegment<double> _canDischarge;
    private ArraySegment<double> _activeMode;
    private ArraySegment<double> _power;
    private ArraySegment<double> _rejectedOut;

    public override string Name => "battery";

    public override AssetKind Kind => AssetKind.Battery;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(FillLevel, "ratio"),
        new(StateOfCharge, "Wh"),
        new(MaxCharge, "W"),
        new(MaxDischarge, "W"),
        new(ActiveMode, "code", "index of the active S2 operation mode (0 IDLE, 1 SELF_CONSUMPTION, … 12 FAULT)"),
        new(Power, "W", "AC power executed over the interval that ended, charging positive"),
        new(Rejected, "count", "instructions the resource rejected so far"),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
    [
        new("mode", AssetKind.EConnection, Mode, Routing.Auto, Delayed: true),
        new("factor", AssetKind.EConnection, Factor, Routing.Auto, Delayed: true),
        new("pv", AssetKind.EConnection, SitePv, Routing.Auto, Delayed: true),
        new("load", AssetKind.EConnection, SiteLoad, Routing.Auto, Delayed: true),
    ];

    /// <summary>Steps batteries in the steady state over arrays (<see cref="BatteryFleet"/>); false: every step through the resource.</summary>
    public bool FastPath { get; init; } = true;

    /// <summary>The resources, one per asset in the service's order, brought up to date (for tests and status synchronisation).</summary>
    public IReadOnlyList<BatteryResource> Resources => [.. Enumerable.Range(0, _fleet.Count).Select(_fleet.Resource)];

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        var resources = new BatteryResource[n];
        _rejected = new double[n];
        _dt = context.Grid.StepSeconds;
        _start = context.Grid.Start;
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            var control = BatteryControl.FromAsset(a);
            resources[i] = new BatteryResource(a.Id, control.Spec, control.Mode, control.Factor);
        }

        _fleet = new BatteryFleet(resources, FastPath);

        _mode = context.Input("mode");
        _factor = context.Input("factor");
        _pv = context.Input("pv");
        _load = context.Input("load");
        _fill = context.Output(FillLevel);
        _soc = context.Output(StateOfCharge);
        _canCharge = context.Output(MaxCharge);
        _canDischarge = context.Output(MaxDischarge);
        _activeMode = context.Output(ActiveMode);
        _power = context.Output(Power);
        _rejectedOut = context.Output(Rejected);
    }

    public override bool Partitionable => true;

    public override void Step(in StepContext step) => StepRange(step, 0, _fleet.Count);

    public override void StepRange(in StepContext step, int from, int to)
    {
        var previous = new DateTimeOffset(_start.AddSeconds(step.Seconds - _dt), TimeSpan.Zero);
        var fleet = _fleet;
        double dt = _dt;
        var modeIn = _mode.View();
        var factorIn = _factor.View();
        var pvIn = _pv.View();
        var loadIn = _load.View();
        Span<double> fillOut = _fill, socOut = _soc, chargeOut = _canCharge, dischargeOut = _canDischarge, modeOut = _activeMode, powerOut = _power, rejectedOut = _rejectedOut;
        var rejected = _rejected;
        bool instructed = step.Index > 1;
        for (int i = from; i < to; i++)
        {
            double power = 0;
            if (instructed && modeIn.Has(i))
            {
                var mode = (BatteryMode)(int)modeIn.First(i);
                double factor = factorIn.First(i);
                if (!fleet.Instruct(i, mode, factor, previous).IsAccepted)
                {
                    rejected[i]++;
                }

                power = fleet.Step(i, previous, dt, pvIn.First(i), loadIn.First(i));
            }

            var limits = fleet.Limits(i, dt);
            double fill = fleet.FillLevel(i);
            fillOut[i] = fill;
            socOut[i] = fill * fleet.CapacityWh(i);
            chargeOut[i] = limits.ChargeW;
            dischargeOut[i] = limits.DischargeW;
            modeOut[i] = (int)fleet.Mode(i);
            powerOut[i] = power;
            rejectedOut[i] = rejected[i];
        }
    }
}
