using System.Runtime.Intrinsics;
using Quartier.Core.Model;
using Quartier.Core.Parallelism;
using Quartier.Resources.Devices;
using Quartier.Resources.Schedules;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Runs;

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
    public const string SiteFrequency = "battery_site_frequency";
    public const string SiteGridUp = "battery_site_grid_available";
    public const string SitePreviousGrid = "battery_site_previous_grid";
    public const string ActiveFactor = "operation_mode_factor";
    public const string InTransition = "in_transition";
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
    private InputBinding _hz = null!;
    private InputBinding _up = null!;
    private InputBinding _prevGrid = null!;
    private ScheduleCursor[] _schedule = [];
    private bool[] _scheduled = [];
    private BatteryMode[][] _scheduleModes = [];
    private ArraySegment<double> _activeFactor;
    private ArraySegment<double> _inTransition;
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
        new(ActiveMode, "code", "index of the S2 operation mode in effect for the next interval (0 IDLE, 1 SELF_CONSUMPTION, … 12 FAULT; the previous mode while a transition runs)"),
        new(ActiveFactor, "ratio", "operation-mode factor in effect for the next interval"),
        new(InTransition, "flag", "1 while a transition between modes is under way"),
        new(Power, "W", "AC power executed over the interval that ended, charging positive"),
        new(Rejected, "count", "instructions the resource rejected so far"),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } =
    [
        new("mode", AssetKind.EConnection, Mode, Routing.Auto, Delayed: true),
        new("factor", AssetKind.EConnection, Factor, Routing.Auto, Delayed: true),
        new("pv", AssetKind.EConnection, SitePv, Routing.Auto, Delayed: true),
        new("load", AssetKind.EConnection, SiteLoad, Routing.Auto, Delayed: true),
        new("frequency", AssetKind.EConnection, SiteFrequency, Routing.Auto, Delayed: true),
        new("grid_up", AssetKind.EConnection, SiteGridUp, Routing.Auto, Delayed: true),
        new("previous_grid", AssetKind.EConnection, SitePreviousGrid, Routing.Auto, Delayed: true),
    ];

    /// <summary>Timed instructions (<c>--instructions</c>); a battery with any follows them instead of the EMS's instruction.</summary>
    public InstructionSchedule? Schedule { get; init; }

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
        IndexedWork.For(n, i =>
        {
            var a = context.Assets[i];
            var control = BatteryControl.FromAsset(a);
            resources[i] = new BatteryResource(a.Id, control.Spec, control.Mode, control.Factor);
        });

        _fleet = new BatteryFleet(resources, FastPath);
        _fleet.UseStepLength(_dt);
        _schedule = new ScheduleCursor[n];
        _scheduleModes = new BatteryMode[n][];
        _scheduled = new bool[n];
        for (int i = 0; i < n; i++)
        {
            _schedule[i] = new ScheduleCursor(ScheduleBinding.For(Schedule, context.Assets[i]));
            _scheduleModes[i] = [.. _schedule[i].Instructions.Select(x => BatteryModes.Parse(x.Mode))];
            _scheduled[i] = _schedule[i].Any;
            if (_scheduled[i])
            {
                context.Note($"battery '{context.Assets[i].Name}' follows {_schedule[i].Instructions.Length} scheduled instruction(s) from {Schedule!.Source} instead of the EMS's");
            }
        }

        _mode = context.Input("mode");
        _factor = context.Input("factor");
        _pv = context.Input("pv");
        _load = context.Input("load");
        _hz = context.Input("frequency");
        _up = context.Input("grid_up");
        _prevGrid = context.Input("previous_grid");
        _activeFactor = context.Output(ActiveFactor);
        _inTransition = context.Output(InTransition);
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
        var now = new DateTimeOffset(_start.AddSeconds(step.Seconds), TimeSpan.Zero);
        var fleet = _fleet;
        double dt = _dt;
        var modeIn = _mode.View();
        var factorIn = _factor.View();
        var pvIn = _pv.View();
        var loadIn = _load.View();
        var hzIn = _hz.View();
        var upIn = _up.View();
        var prevIn = _prevGrid.View();
        Span<double> fillOut = _fill, socOut = _soc, chargeOut = _canCharge, dischargeOut = _canDischarge, modeOut = _activeMode, powerOut = _power, rejectedOut = _rejectedOut;
        Span<double> factorOut = _activeFactor, transitionOut = _inTransition;
        var rejected = _rejected;
        bool instructed = step.Index > 1;

        // four batteries at a time where their instructions, PV and load are read in order and all four are in the steady state
        int n = to - from;
        ReadOnlySpan<double> modes = default, factors = default, pvs = default, loads = default;
        bool lanes = Vector256.IsHardwareAccelerated && instructed && n >= 4 && modeIn.TryDense(from, n, out modes) && factorIn.TryDense(from, n, out factors)
            && pvIn.TryDense(from, n, out pvs) && loadIn.TryDense(from, n, out loads);
        int oneByOneUntil = from;
        for (int i = from; i < to; i++)
        {
            if (lanes && i >= oneByOneUntil && i + 4 <= to)
            {
                int r = i - from;
                if (!_scheduled[i] && !_scheduled[i + 1] && !_scheduled[i + 2] && !_scheduled[i + 3]
                    && fleet.TryStepSteadyFour(i, modes.Slice(r, 4), factors.Slice(r, 4), previous, dt, Vector256.Create(pvs.Slice(r, 4)), Vector256.Create(loads.Slice(r, 4)),
                        out var powers, out var fills, out var charges, out var discharges))
                {
                    fills.CopyTo(fillOut.Slice(i, 4));
                    (fills * Vector256.Create(fleet.CapacitiesWh.Slice(i, 4))).CopyTo(socOut.Slice(i, 4));
                    charges.CopyTo(chargeOut.Slice(i, 4));
                    discharges.CopyTo(dischargeOut.Slice(i, 4));
                    powers.CopyTo(powerOut.Slice(i, 4));
                    for (int k = i; k < i + 4; k++)
                    {
                        modeOut[k] = (int)fleet.Mode(k);
                        factorOut[k] = fleet.Factor(k);
                        transitionOut[k] = 0;
                        rejectedOut[k] = rejected[k];
                    }

                    i += 3;
                    continue;
                }

                oneByOneUntil = i + 4;
            }

            double power = 0;
            bool scheduled = _scheduled[i];
            if (instructed && !scheduled && modeIn.Has(i)
                && fleet.TryStepSteady(i, (BatteryMode)(int)modeIn.First(i), factorIn.First(i), previous, dt, pvIn.First(i), loadIn.First(i), out power, out double steadyFill, out double steadyCharge, out double steadyDischarge))
            {
                // the steady state: the instruction unchanged, a mode the fleet computes
                fillOut[i] = steadyFill;
                socOut[i] = steadyFill * fleet.CapacityWh(i);
                chargeOut[i] = steadyCharge;
                dischargeOut[i] = steadyDischarge;
                powerOut[i] = power;
                modeOut[i] = (int)fleet.Mode(i);
                factorOut[i] = fleet.Factor(i);
                transitionOut[i] = 0;
                rejectedOut[i] = rejected[i];
                continue;
            }

            if (instructed && modeIn.Has(i))
            {
                if (!scheduled)
                {
                    var mode = (BatteryMode)(int)modeIn.First(i);
                    double factor = factorIn.First(i);
                    if (!fleet.Instruct(i, mode, factor, previous).IsAccepted)
                    {
                        rejected[i]++;
                    }
                }

                // the grid's frequency, availability and previous power matter only to the modes that read them
                power = scheduled || !BatteryArrays.Computes(fleet.Mode(i))
                    ? fleet.Step(i, previous, dt, new SiteConditions(pvIn.First(i), loadIn.First(i), hzIn.First(i, double.NaN), upIn.First(i, 1) > 0.5, prevIn.First(i, double.NaN)))
                    : fleet.Step(i, previous, dt, pvIn.First(i), loadIn.First(i));
            }

            var limits = fleet.Limits(i, dt);
            double fill = fleet.FillLevel(i);
            fillOut[i] = fill;
            socOut[i] = fill * fleet.CapacityWh(i);
            chargeOut[i] = limits.ChargeW;
            dischargeOut[i] = limits.DischargeW;
            powerOut[i] = power;
            if (!scheduled)
            {
                modeOut[i] = (int)fleet.Mode(i);
                factorOut[i] = fleet.Factor(i);
                transitionOut[i] = 0;
            }
            else
            {
                ApplySchedule(i, now);
                var resource = fleet.Resource(i);
                modeOut[i] = (int)resource.EffectiveMode(now);
                factorOut[i] = resource.EffectiveFactor(now);
                transitionOut[i] = resource.InTransition(now) ? 1 : 0;
            }

            rejectedOut[i] = rejected[i];
        }
    }

    /// <summary>Gives battery <paramref name="i"/> its scheduled instructions due by <paramref name="now"/>, each at its own time.</summary>
    private void ApplySchedule(int i, DateTimeOffset now)
    {
        while (_schedule[i].TryNext(now, out var s, out int k))
        {
            if (!_fleet.Instruct(i, _scheduleModes[i][k], s.Factor, s.At, s.AbnormalCondition).IsAccepted)
            {
                _rejected[i]++;
            }
        }
    }
}
