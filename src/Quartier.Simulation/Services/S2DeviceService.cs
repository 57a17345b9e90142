using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Resources.Devices;
using Quartier.Resources.Schedules;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Runs;

namespace Quartier.Simulation.Services;

/// <summary>
/// ESDL GenericConsumer assets whose description declares an S2 device (<see cref="S2DeviceDescription"/>: OMBC, DDBC
/// or a PPBC home appliance). At each step, after the scheduled instructions due then (<c>--instructions</c>), it
/// publishes the device's average electric power over the coming interval (the EConnection adds it to the site's
/// demand, as a demand profile's value), the mode and factor in effect, whether a transition runs, the instructions
/// refused so far and, for DDBC, supply and demand rates. A GenericConsumer without such a description is noted and
/// publishes zeros.
/// </summary>
public sealed class S2DeviceService : CalculationService
{
    public const string Power = "active_power";
    public const string ActiveMode = "operation_mode";
    public const string ActiveFactor = "operation_mode_factor";
    public const string InTransition = "in_transition";
    public const string Rejected = "rejected_instructions";
    public const string Supply = "supply_rate";
    public const string Demand = "demand_rate";

    private S2Device?[] _devices = [];
    private ScheduleCursor[] _schedule = [];
    private double[] _rejected = [];
    private int _dt;
    private DateTime _start;
    private ArraySegment<double> _power;
    private ArraySegment<double> _mode;
    private ArraySegment<double> _factor;
    private ArraySegment<double> _transition;
    private ArraySegment<double> _rejectedOut;
    private ArraySegment<double> _supply;
    private ArraySegment<double> _demand;

    public override string Name => "s2device";

    public override AssetKind Kind => AssetKind.GenericConsumer;

    public override IReadOnlyList<OutputDeclaration> Outputs { get; } =
    [
        new(Power, "W", "average electric power over the coming interval, consumption positive"),
        new(ActiveMode, "code", "index of the operation mode in effect (order of the description; PPBC 0 OFF, 1 RUN)"),
        new(ActiveFactor, "ratio", "operation-mode factor in effect"),
        new(InTransition, "flag", "1 while a transition between modes is under way"),
        new(Rejected, "count", "instructions the device refused so far"),
        new(Supply, "rate", "DDBC: supply rate delivered"),
        new(Demand, "rate", "DDBC: demand rate"),
    ];

    public override IReadOnlyList<InputDeclaration> Inputs { get; } = [];

    /// <summary>Timed instructions (<c>--instructions</c>).</summary>
    public InstructionSchedule? Schedule { get; init; }

    /// <summary>The devices, one per asset in the service's order.</summary>
    public IReadOnlyList<S2Device?> Devices => _devices;

    public override bool Partitionable => true;

    public override void Initialize(ServiceContext context)
    {
        int n = context.Assets.Count;
        _devices = new S2Device[n];
        _schedule = new ScheduleCursor[n];
        _rejected = new double[n];
        _dt = context.Grid.StepSeconds;
        _start = context.Grid.Start;
        var start = new DateTimeOffset(context.Grid.Start, TimeSpan.Zero);
        int hours = (int)Math.Ceiling((context.Grid.DurationSeconds + _dt) / 3600.0) + 24;
        for (int i = 0; i < n; i++)
        {
            var a = context.Assets[i];
            _schedule[i] = new ScheduleCursor(ScheduleBinding.For(Schedule, a));
            if (!S2DeviceDescription.Declares(a.Parameters))
            {
                if (_schedule[i].Any)
                {
                    var s = _schedule[i].Instructions[0];
                    throw new InputException($"GenericConsumer '{a.Name}' has no S2 device description (JSON with control_type OMBC, DDBC or PPBC), so it takes no instructions", Schedule!.Source, s.Line, s.ResourceId, field: "resource");
                }

                context.Note($"GenericConsumer '{a.Name}' has no S2 device description (JSON with control_type OMBC, DDBC or PPBC); it is not simulated");
                continue;
            }

            S2Device device;
            try
            {
                device = S2DeviceDescription.Create(a.Parameters!.Value, a.Name, start, hours, a.File, a.Line);
            }
            catch (InputException e) when (e.File is null)
            {
                throw a.Error(e.Message);
            }

            foreach (var s in _schedule[i].Instructions)
            {
                if (!device.HasMode(s.Mode, s.Actuator))
                {
                    throw new InputException($"'{s.Mode}' is not an operation mode of {a.Name}{(s.Actuator is null ? string.Empty : $" actuator '{s.Actuator}'")}; valid: {string.Join(", ", device.ModeIds)}", Schedule!.Source, s.Line, s.ResourceId, field: "mode");
                }
            }

            _devices[i] = device;
        }

        _power = context.Output(Power);
        _mode = context.Output(ActiveMode);
        _factor = context.Output(ActiveFactor);
        _transition = context.Output(InTransition);
        _rejectedOut = context.Output(Rejected);
        _supply = context.Output(Supply);
        _demand = context.Output(Demand);
    }

    public override void Step(in StepContext step) => StepRange(step, 0, _devices.Length);

    public override void StepRange(in StepContext step, int from, int to)
    {
        var now = new DateTimeOffset(_start.AddSeconds(step.Seconds), TimeSpan.Zero);
        for (int i = from; i < to; i++)
        {
            if (_devices[i] is not { } device)
            {
                continue;
            }

            while (_schedule[i].TryNext(now, out var s, out _))
            {
                if (!device.Instruct(s.Mode, s.Factor, s.At, s.Actuator, s.AbnormalCondition).IsAccepted)
                {
                    _rejected[i]++;
                }
            }

            device.BeforeStep(now);
            var mode = device.EffectiveModeIndex(now);
            var factor = device.EffectiveFactor(now);
            var transition = device.InTransition(now);
            var result = device.Step(now, _dt);
            _power[i] = result.PowerW;
            _mode[i] = mode;
            _factor[i] = factor;
            _transition[i] = transition ? 1 : 0;
            _rejectedOut[i] = _rejected[i];
            _supply[i] = result.SupplyRate;
            _demand[i] = result.DemandRate;
        }
    }
}
