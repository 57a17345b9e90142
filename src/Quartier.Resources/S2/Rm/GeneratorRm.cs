using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A 1.5 kW (electric) micro-CHP as an OMBC resource manager, simulated by <see cref="RT.OmbcSimulation"/>. Production is
/// negative power, as S2 counts it, and S2 ranges run from low to high, so factor 0 is the most production of a mode:
/// <list type="table">
/// <item><term>OFF</term><description>0 W.</description></item>
/// <item><term>LOW</term><description>−600 … −250 W; running costs 0.12 EUR/h (fuel net of the heat's value).</description></item>
/// <item><term>HIGH</term><description>−1500 … −600 W; running costs 0.27 EUR/h.</description></item>
/// </list>
/// Transitions: OFF→LOW (start-up: 5 minutes still OFF, 0.05 EUR of wear, starts <c>MIN_ON</c>, blocked by <c>MIN_OFF</c>),
/// LOW⇄HIGH, LOW→OFF and HIGH→OFF (start <c>MIN_OFF</c>, blocked by <c>MIN_ON</c>); there is no OFF→HIGH.
/// <c>MIN_ON</c> lasts 2 hours, <c>MIN_OFF</c> 30 minutes. The simulation accepts or refuses instructions by these rules.
/// </summary>
public sealed class GeneratorRm : RmDevice
{
    /// <summary>The minimum run time once started.</summary>
    public static readonly TimeSpan MinOn = TimeSpan.FromHours(2);

    /// <summary>The minimum stand-still once stopped.</summary>
    public static readonly TimeSpan MinOff = TimeSpan.FromMinutes(30);

    private static readonly (string Id, double LowW, double HighW, double EurPerHour)[] Modes =
    [
        ("OFF", 0, 0, 0),
        ("LOW", -600, -250, 0.12),
        ("HIGH", -1500, -600, 0.27),
    ];

    private static readonly RT.ResourceTransition[] TransitionList =
    [
        new("start", "OFF", "LOW", ["MIN_ON"], ["MIN_OFF"], TimeSpan.FromMinutes(5), false),
        new("up", "LOW", "HIGH", [], [], TimeSpan.Zero, false),
        new("down", "HIGH", "LOW", [], [], TimeSpan.Zero, false),
        new("stop-low", "LOW", "OFF", ["MIN_OFF"], ["MIN_ON"], TimeSpan.Zero, false),
        new("stop-high", "HIGH", "OFF", ["MIN_OFF"], ["MIN_ON"], TimeSpan.Zero, false),
    ];

    private readonly RT.OmbcSimulation _simulation;

    public GeneratorRm(string resourceId)
        : base(resourceId)
    {
        var model = new RT.OmbcModel(
            [.. Modes.Select(m => new RT.OmbcOperationMode(m.Id, [new RT.PowerRange(m.LowW, m.HighW, RT.CommodityQuantity.ElectricPower3PhaseSymmetric)]))],
            TransitionList,
            [new RT.ResourceTimer("MIN_ON", MinOn), new RT.ResourceTimer("MIN_OFF", MinOff)]);
        _simulation = new RT.OmbcSimulation(model, "OFF", 0, resourceId);
    }

    /// <summary>Start-up wear per start (EUR), the OFF→LOW transition's cost.</summary>
    public static double StartCostEur => 0.05;

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.OperationModeBasedControl;

    /// <inheritdoc />
    public override ResourceManagerDetails Details() => DetailsOf("micro-CHP", "micro-CHP 1.5 kW el", RoleType.EnergyProducer);

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now) =>
    [
        new OmbcSystemDescription
        {
            MessageId = S2Connection.NewId(),
            ValidFrom = now,
            OperationModes = [.. Modes.Select(m => new OmbcOperationMode
            {
                Id = m.Id,
                DiagnosticLabel = m.Id == "OFF" ? "off" : $"running {-m.HighW:0} … {-m.LowW:0} W",
                PowerRanges = [new PowerRange { StartOfRange = m.LowW, EndOfRange = m.HighW, CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric }],
                RunningCosts = m.EurPerHour > 0 ? NumberRange.Of(m.EurPerHour / 3600, m.EurPerHour / 3600) : null,
                AbnormalConditionOnly = false,
            })],
            Transitions = [.. TransitionList.Select(t => FrbcRmDevice.Transition(t) with { TransitionCosts = t.Id == "start" ? StartCostEur : null })],
            Timers = [.. _simulation.Model.Timers.Select(FrbcRmDevice.Timer)],
        },
    ];

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now)
    {
        var status = new OmbcStatus
        {
            MessageId = S2Connection.NewId(),
            ActiveOperationModeId = _simulation.ActiveModeId,
            OperationModeFactor = Math.Round(_simulation.Factor, 9),
            PreviousOperationModeId = _simulation.PreviousModeId,
            TransitionTimestamp = _simulation.TransitionTimestamp,
        };
        if (Changed("status", $"{status.ActiveOperationModeId}|{status.OperationModeFactor}|{status.TransitionTimestamp:O}"))
        {
            yield return status;
        }

        foreach (var (timer, finished) in ChangedTimers(_simulation.Timers, string.Empty))
        {
            yield return new OmbcTimerStatus { MessageId = S2Connection.NewId(), TimerId = timer, FinishedAt = finished };
        }
    }

    /// <inheritdoc />
    public override double Step(DateTimeOffset at, double seconds) => _simulation.Step(at, seconds).ElectricW;

    /// <inheritdoc />
    public override string? CheckReferences(S2IdentifiedMessage instruction)
    {
        if (instruction is not Ombc.OmbcInstruction m)
        {
            return $"{instruction?.MessageType} does not fit the selected control type OPERATION_MODE_BASED_CONTROL";
        }

        return Modes.Any(o => o.Id == m.OperationModeId) ? null : $"resource '{ResourceId}' has no operation mode '{m.OperationModeId}'; valid: {string.Join(", ", Modes.Select(o => o.Id))}";
    }

    /// <inheritdoc />
    public override string? Execute(S2IdentifiedMessage instruction, DateTimeOffset at)
    {
        var m = (Ombc.OmbcInstruction)instruction;
        var outcome = _simulation.Instruct(m.OperationModeId, m.OperationModeFactor, at, m.AbnormalCondition, m.Id);
        return outcome.IsAccepted ? null : outcome.Reason;
    }

    /// <inheritdoc />
    public override IReadOnlyList<RT.InstructionStatusUpdate> DrainUpdates() => Drain(_simulation.StatusUpdates);
}
