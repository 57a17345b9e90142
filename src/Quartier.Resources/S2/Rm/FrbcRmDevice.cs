using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A device whose resource is an <see cref="RT.FrbcSimulation"/> (battery, EV): its runtime model written as an
/// <c>FRBC.SystemDescription</c>, its actuator, storage and timer statuses, and <c>FRBC.Instruction</c>s executed by the
/// simulation (which checks modes, factors, transitions and blocking timers and gives the reason of a refusal).
/// <para>
/// S2 wants ranges from low to high. A runtime mode whose power falls with its factor (a battery's FORCED_DISCHARGE,
/// 0 … −Pd) is described the other way round (−Pd … 0), so its S2 factor is one minus the runtime factor, in instructions
/// and statuses alike.
/// </para>
/// </summary>
public abstract class FrbcRmDevice : RmDevice
{
    protected FrbcRmDevice(string resourceId)
        : base(resourceId)
    {
    }

    /// <inheritdoc />
    public override ControlType ControlType => ControlType.FillRateBasedControl;

    /// <summary>The FRBC simulation of the device.</summary>
    protected abstract RT.FrbcSimulation Simulation { get; }

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Describe(DateTimeOffset now) => [SystemDescription(Simulation.Model, now)];

    /// <summary>Whether a runtime mode is described with its ranges reversed (its power falls with the factor).</summary>
    public static bool Reversed(RT.FrbcOperationMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var e = mode.Elements[0];
        return e.PowerRanges.Sum(p => p.Start) > e.PowerRanges.Sum(p => p.End) || e.FillRate.Start > e.FillRate.End;
    }

    /// <summary>The S2 system description of a runtime FRBC model (reversed modes described from low to high).</summary>
    public static FrbcSystemDescription SystemDescription(RT.FrbcModel model, DateTimeOffset validFrom)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new FrbcSystemDescription
        {
            MessageId = S2Connection.NewId(),
            ValidFrom = validFrom,
            Actuators = [.. model.Actuators.Select(a => new FrbcActuatorDescription
            {
                Id = a.Id,
                SupportedCommodities = [Commodity.Electricity],
                OperationModes = [.. a.OperationModes.Select(m => new FrbcOperationMode
                {
                    Id = m.Id,
                    AbnormalConditionOnly = m.AbnormalConditionOnly,
                    Elements = [.. m.Elements.Select(e => new FrbcOperationModeElement
                    {
                        FillLevelRange = NumberRange.Of(e.FillLevelRange.Start, e.FillLevelRange.End),
                        FillRate = Reversed(m) ? NumberRange.Of(e.FillRate.End, e.FillRate.Start) : NumberRange.Of(e.FillRate.Start, e.FillRate.End),
                        PowerRanges = [.. e.PowerRanges.Select(p => Power(Reversed(m) ? p with { Start = p.End, End = p.Start } : p))],
                    })],
                })],
                Transitions = [.. a.Transitions.Select(Transition)],
                Timers = [.. a.Timers.Select(Timer)],
            })],
            Storage = new FrbcStorageDescription
            {
                FillLevelLabel = model.Storage.FillLevelLabel,
                ProvidesLeakageBehaviour = false,
                ProvidesFillLevelTargetProfile = false,
                ProvidesUsageForecast = false,
                FillLevelRange = NumberRange.Of(model.Storage.FillLevelRange.Start, model.Storage.FillLevelRange.End),
            },
        };
    }

    /// <summary>S2 transition of a runtime one.</summary>
    public static Transition Transition(RT.ResourceTransition t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new Transition
        {
            Id = t.Id,
            From = t.From,
            To = t.To,
            StartTimers = t.StartTimers,
            BlockingTimers = t.BlockingTimers,
            TransitionDuration = t.Duration > TimeSpan.Zero ? Duration.FromTimeSpan(t.Duration) : null,
            AbnormalConditionOnly = t.AbnormalConditionOnly,
        };
    }

    /// <summary>S2 timer of a runtime one.</summary>
    public static S2Timer Timer(RT.ResourceTimer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new S2Timer { Id = t.Id, Duration = Duration.FromTimeSpan(t.Duration) };
    }

    /// <summary>S2 power range of a runtime one.</summary>
    public static PowerRange Power(RT.PowerRange p)
    {
        S2EnumNames.TryParse<CommodityQuantity>(RT.CommodityQuantities.ToS2(p.Quantity), out var quantity);
        return new PowerRange { StartOfRange = p.Start, EndOfRange = p.End, CommodityQuantity = quantity };
    }

    /// <inheritdoc />
    public override IEnumerable<S2IdentifiedMessage> Statuses(DateTimeOffset now)
    {
        var sim = Simulation;
        for (var a = 0; a < sim.ActuatorCount; a++)
        {
            var id = sim.ActuatorId(a);
            var status = new FrbcActuatorStatus
            {
                MessageId = S2Connection.NewId(),
                ActuatorId = id,
                ActiveOperationModeId = sim.ActiveModeId(id),
                OperationModeFactor = Math.Round(Wire(a, sim.ActiveModeId(id), sim.Factor(id)), 9),
                PreviousOperationModeId = sim.PreviousModeId(id),
                TransitionTimestamp = sim.TransitionTimestamp(id),
            };
            if (Changed($"actuator:{id}", $"{status.ActiveOperationModeId}|{status.OperationModeFactor}|{status.PreviousOperationModeId}|{status.TransitionTimestamp:O}"))
            {
                yield return status;
            }

            foreach (var (timer, finished) in ChangedTimers(sim.Timers(id), id))
            {
                yield return new FrbcTimerStatus { MessageId = S2Connection.NewId(), TimerId = timer, ActuatorId = id, FinishedAt = finished };
            }
        }

        yield return new FrbcStorageStatus { MessageId = S2Connection.NewId(), PresentFillLevel = sim.FillLevel };
    }

    /// <inheritdoc />
    public override string? CheckReferences(S2IdentifiedMessage instruction)
    {
        if (instruction is not FrbcInstruction m)
        {
            return $"{instruction?.MessageType} does not fit the selected control type FILL_RATE_BASED_CONTROL";
        }

        var sim = Simulation;
        for (var a = 0; a < sim.ActuatorCount; a++)
        {
            if (sim.ActuatorId(a) == m.ActuatorId)
            {
                var modes = sim.Model.Actuators[a].OperationModes;
                return modes.Any(o => o.Id == m.OperationMode)
                    ? null
                    : $"actuator '{m.ActuatorId}' has no operation mode '{m.OperationMode}'; valid: {string.Join(", ", modes.Select(o => o.Id))}";
            }
        }

        return $"resource '{ResourceId}' has no actuator '{m.ActuatorId}'; valid: {string.Join(", ", sim.Model.Actuators.Select(a => a.Id))}";
    }

    /// <inheritdoc />
    public override string? Execute(S2IdentifiedMessage instruction, DateTimeOffset at)
    {
        var m = (FrbcInstruction)instruction;
        var actuator = Enumerable.Range(0, Simulation.ActuatorCount).First(a => Simulation.ActuatorId(a) == m.ActuatorId);
        var outcome = Instruct(m, Wire(actuator, m.OperationMode, m.OperationModeFactor), at);
        return outcome.IsAccepted ? null : outcome.Reason;
    }

    /// <inheritdoc />
    public override IReadOnlyList<RT.InstructionStatusUpdate> DrainUpdates() => Drain(Simulation.StatusUpdates);

    /// <summary>Executes an instruction through the device (which may add its own checks), with the runtime factor.</summary>
    protected virtual RT.InstructionOutcome Instruct(FrbcInstruction m, double factor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(m);
        return Simulation.Instruct(m.ActuatorId, m.OperationMode, factor, at, m.AbnormalCondition, m.Id);
    }

    /// <summary>The S2 factor of a runtime factor and back (the same map): 1 − f for reversed modes.</summary>
    private double Wire(int actuator, string modeId, double factor)
    {
        var mode = Simulation.Model.Actuators[actuator].OperationModes.FirstOrDefault(o => o.Id == modeId);
        return mode is not null && Reversed(mode) && factor >= 0 && factor <= 1 ? 1 - factor : factor;
    }
}
