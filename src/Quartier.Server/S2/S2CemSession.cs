using System.Globalization;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;
using Quartier.Resources.S2.WebSockets;
using S2ControlType = Quartier.Resources.S2.ControlType;

namespace Quartier.Server.S2;

/// <summary>
/// The CEM's side of one resource manager's session: the handshake, the control type it selected, and the resource's model
/// as last described (system description, statuses, timers, forecasts, measurements), plus the instructions sent to it.
/// Messages are applied under a lock; <see cref="S2Cem"/> reads and plans from them.
/// </summary>
public sealed class S2CemSession
{
    /// <summary>Control types in the order the CEM prefers them.</summary>
    internal static readonly S2ControlType[] Preference =
    [
        S2ControlType.FillRateBasedControl,
        S2ControlType.DemandDrivenBasedControl,
        S2ControlType.PowerProfileBasedControl,
        S2ControlType.PowerEnvelopeBasedControl,
        S2ControlType.OperationModeBasedControl,
    ];

    private readonly List<S2InstructionRecord> _instructions = [];
    private readonly List<string> _events = [];

    internal S2CemSession(S2Connection connection, SimulatedClock clock)
    {
        Connection = connection;
        Clock = clock;
    }

    internal Lock Gate { get; } = new();

    internal S2Connection Connection { get; }

    internal SimulatedClock Clock { get; }

    /// <summary>The resource id from ResourceManagerDetails; null before.</summary>
    public string? ResourceId => Details?.ResourceId;

    public ResourceManagerDetails? Details { get; private set; }

    /// <summary>The selected control type, or null before the selection.</summary>
    public S2ControlType? ControlType { get; private set; }

    public bool Connected { get; internal set; } = true;

    public FrbcSystemDescription? Frbc { get; private set; }

    public double? FillLevel { get; private set; }

    public FrbcFillLevelTargetProfile? FillLevelTarget { get; private set; }

    public DdbcSystemDescription? Ddbc { get; private set; }

    public DdbcAverageDemandRateForecast? DemandForecast { get; private set; }

    public PpbcPowerProfileDefinition? PowerProfile { get; private set; }

    public PpbcPowerProfileStatus? PowerProfileStatus { get; private set; }

    public PebcPowerConstraints? PowerConstraints { get; private set; }

    public OmbcSystemDescription? Ombc { get; private set; }

    public PowerForecast? Forecast { get; private set; }

    /// <summary>The last measured electric power (W, + = consumption) and when.</summary>
    public (double PowerW, DateTimeOffset At)? Power { get; private set; }

    /// <summary>Per actuator (OMBC: <c>""</c>) its active mode, factor and when its transition began.</summary>
    public Dictionary<string, (string Mode, double Factor, DateTimeOffset? Since)> Actuators { get; } = new(StringComparer.Ordinal);

    /// <summary>Per (actuator, timer) when it finishes, as reported or as the CEM predicts from its own instructions.</summary>
    public Dictionary<(string Actuator, string Timer), DateTimeOffset> Timers { get; } = [];

    /// <summary>Messages received and accepted.</summary>
    public int Received { get; private set; }

    /// <summary>Messages received and refused as invalid.</summary>
    public int InvalidReceived => Connection.InvalidReceived;

    /// <summary>Instructions, oldest first.</summary>
    public IReadOnlyList<S2InstructionRecord> Instructions => _instructions;

    /// <summary>What the CEM decided about this resource, e.g. that it waits for a blocking timer.</summary>
    public IReadOnlyList<string> Events => _events;

    /// <summary>Set when the resource described itself anew (or refused an instruction): the plan should be remade.</summary>
    internal bool Dirty { get; set; }

    internal void Record(string text)
    {
        if (_events.Count < 10_000)
        {
            _events.Add(string.Create(CultureInfo.InvariantCulture, $"{Clock.Now:yyyy-MM-ddTHH:mm:ssZ} {text}"));
        }
    }

    internal S2InstructionRecord Add(S2InstructionRecord record)
    {
        _instructions.Add(record);
        return record;
    }

    /// <summary>Applies a received message; the ReceptionStatus to answer with (null: none) and what to send next.</summary>
    internal (ReceptionStatusValues? Status, string? Reason, S2Message[] Replies) Apply(S2Message message)
    {
        Received++;
        switch (message)
        {
            case ReceptionStatus r:
                OnReception(r);
                return (null, null, []);
            case Handshake h:
                if (h.Role != EnergyManagementRole.Rm)
                {
                    return (ReceptionStatusValues.InvalidContent, "the other side of a CEM must have the role RM", []);
                }

                var versions = h.SupportedProtocolVersions ?? [];
                if (!versions.Contains(S2Connection.ProtocolVersion))
                {
                    return (ReceptionStatusValues.InvalidContent, $"no common protocol version: the RM supports {string.Join(", ", versions)}, this CEM {S2Connection.ProtocolVersion}", []);
                }

                return (ReceptionStatusValues.Ok, null,
                [
                    new Handshake { MessageId = S2Connection.NewId(), Role = EnergyManagementRole.Cem, SupportedProtocolVersions = [S2Connection.ProtocolVersion] },
                    new HandshakeResponse { MessageId = S2Connection.NewId(), SelectedProtocolVersion = S2Connection.ProtocolVersion },
                ]);
            case ResourceManagerDetails d:
                return OnDetails(d);
            case InstructionStatusUpdate u:
                return OnStatusUpdate(u);
            case SessionRequest:
                return (ReceptionStatusValues.Ok, null, []);
        }

        if (ControlType is null)
        {
            return (ReceptionStatusValues.InvalidContent, $"{message.MessageType} before a control type was selected", []);
        }

        var reason = ApplyModel(message);
        if (reason is null && message is FrbcSystemDescription or FrbcFillLevelTargetProfile or PpbcPowerProfileDefinition or PebcPowerConstraints or OmbcSystemDescription)
        {
            Dirty = true;
        }

        return (reason is null ? ReceptionStatusValues.Ok : ReceptionStatusValues.InvalidContent, reason, []);
    }

    private (ReceptionStatusValues?, string?, S2Message[]) OnDetails(ResourceManagerDetails d)
    {
        if (Details is not null && Details.ResourceId != d.ResourceId)
        {
            return (ReceptionStatusValues.InvalidContent, $"this session belongs to resource '{Details.ResourceId}', not '{d.ResourceId}'", []);
        }

        Details = d;
        Connection.Peer = d.ResourceId;
        var choice = Preference.FirstOrDefault(p => d.AvailableControlTypes.Contains(p), S2ControlType.NoSelection);
        if (choice == S2ControlType.NoSelection)
        {
            return (ReceptionStatusValues.InvalidContent, $"none of the control types {string.Join(", ", d.AvailableControlTypes.Select(S2EnumNames.Of))} can be planned by this CEM", []);
        }

        ControlType = choice;
        Record($"selected {S2EnumNames.Of(choice)}");
        return (ReceptionStatusValues.Ok, null, [new SelectControlType { MessageId = S2Connection.NewId(), ControlType = choice }]);
    }

    private (ReceptionStatusValues?, string?, S2Message[]) OnStatusUpdate(InstructionStatusUpdate u)
    {
        var record = _instructions.LastOrDefault(i => i.Id == u.InstructionId);
        if (record is null)
        {
            return (ReceptionStatusValues.InvalidContent, $"no instruction '{u.InstructionId}' was sent to resource '{ResourceId}'", []);
        }

        var status = S2EnumNames.Of(u.StatusType);
        record.Add(status, u.Timestamp);
        if (u.StatusType == InstructionStatus.Started)
        {
            StartTimers(record, u.Timestamp);

            // an instruction from outside the plan changed the resource: the plan should start from its new state
            Dirty |= record.Source == "api";
        }

        if (u.StatusType is InstructionStatus.Rejected or InstructionStatus.Aborted)
        {
            record.Reason ??= "the resource manager gave no reason";
            Record($"instruction {record.Id} ({record.Summary}) {status}: {record.Reason}");
            Dirty = true;
        }

        return (ReceptionStatusValues.Ok, null, []);
    }

    /// <summary>A started instruction sets the actuator's mode, and a mode change starts its transition's timers then (unless the resource reported them later).</summary>
    private void StartTimers(S2InstructionRecord record, DateTimeOffset at)
    {
        var (actuator, mode, factor) = record.Message switch
        {
            FrbcInstruction f => (f.ActuatorId, f.OperationMode, f.OperationModeFactor),
            DdbcInstruction d => (d.ActuatorId, d.OperationModeId, d.OperationModeFactor),
            OmbcInstruction o => (string.Empty, o.OperationModeId, o.OperationModeFactor),
            _ => (null, null, 0),
        };
        if (actuator is null || mode is null)
        {
            return;
        }

        // the resource runs the new mode from now on (a status it sent before executing is older than this)
        string? before = Actuators.TryGetValue(actuator, out var known) ? known.Mode : null;
        Actuators[actuator] = (mode, factor, at);

        // The transition is from the mode the actuator had when the instruction was sent, or — when the CEM's view was
        // stale then (a status still on its way) — from the mode it knew just before this start: the timers of both are
        // started, so the CEM rather waits too long than sends an instruction a timer blocks.
        foreach (var from in new[] { record.FromMode, before }.Distinct())
        {
            if (from is not null && from != mode)
            {
                StartTimers(actuator, from, mode, at);
            }
        }
    }

    /// <summary>Starts the timers of <paramref name="actuator"/>'s transition from <paramref name="from"/> to <paramref name="mode"/> at <paramref name="at"/>.</summary>
    private void StartTimers(string actuator, string from, string mode, DateTimeOffset at)
    {
        var (transitions, timers) = Frbc?.Actuators.FirstOrDefault(a => a.Id == actuator) is { } fa ? (fa.Transitions, fa.Timers)
            : Ddbc?.Actuators.FirstOrDefault(a => a.Id == actuator) is { } da ? (da.Transitions, da.Timers)
            : Ombc is { } od ? (od.Transitions, od.Timers)
            : ((IReadOnlyList<Transition>)[], (IReadOnlyList<S2Timer>)[]);
        var transition = transitions.FirstOrDefault(t => t.From == from && t.To == mode);
        foreach (var id in transition?.StartTimers ?? [])
        {
            if (timers.FirstOrDefault(t => t.Id == id) is { } timer)
            {
                var until = at + timer.Duration.ToTimeSpan();
                if (!Timers.TryGetValue((actuator, id), out var known) || known < until)
                {
                    Timers[(actuator, id)] = until;
                }
            }
        }
    }

    private void OnReception(ReceptionStatus r)
    {
        var record = _instructions.LastOrDefault(i => i.Message.MessageId == r.SubjectMessageId);
        if (record is null)
        {
            if (r.Status != ReceptionStatusValues.Ok)
            {
                Record($"message {r.SubjectMessageId} answered {S2EnumNames.Of(r.Status)}: {r.DiagnosticLabel}");
            }

            return;
        }

        record.Reception = S2EnumNames.Of(r.Status);
        if (r.Status != ReceptionStatusValues.Ok)
        {
            record.Reason = r.DiagnosticLabel ?? $"reception status {record.Reception}";
            if (record.Status == "SENT")
            {
                record.Add(record.Reception, Clock.Now);
            }

            Record($"instruction {record.Id} ({record.Summary}) answered {record.Reception}: {record.Reason}");
        }
    }

    private string? ApplyModel(S2Message message)
    {
        switch (message)
        {
            case FrbcSystemDescription m:
                Frbc = m;
                return null;
            case FrbcStorageStatus m:
                FillLevel = m.PresentFillLevel;
                return null;
            case FrbcActuatorStatus m:
                return Actuator(m.ActuatorId, m.ActiveOperationModeId, m.OperationModeFactor, m.TransitionTimestamp);
            case FrbcTimerStatus m:
                Timers[(m.ActuatorId, m.TimerId)] = m.FinishedAt;
                return null;
            case FrbcFillLevelTargetProfile m:
                FillLevelTarget = m;
                return null;
            case FrbcLeakageBehaviour or FrbcUsageForecast:
                return null;
            case DdbcSystemDescription m:
                Ddbc = m;
                return null;
            case DdbcActuatorStatus m:
                return Actuator(m.ActuatorId, m.ActiveOperationModeId, m.OperationModeFactor, m.TransitionTimestamp);
            case DdbcTimerStatus m:
                Timers[(m.ActuatorId, m.TimerId)] = m.FinishedAt;
                return null;
            case DdbcAverageDemandRateForecast m:
                DemandForecast = m;
                return null;
            case PpbcPowerProfileDefinition m:
                PowerProfile = m;
                return null;
            case PpbcPowerProfileStatus m:
                PowerProfileStatus = m;
                return null;
            case PebcPowerConstraints m:
                PowerConstraints = m;
                return null;
            case PebcEnergyConstraint:
                return null;
            case OmbcSystemDescription m:
                Ombc = m;
                return null;
            case OmbcStatus m:
                return Actuator(string.Empty, m.ActiveOperationModeId, m.OperationModeFactor, m.TransitionTimestamp);
            case OmbcTimerStatus m:
                Timers[(string.Empty, m.TimerId)] = m.FinishedAt;
                return null;
            case PowerForecast m:
                Forecast = m;
                return null;
            case PowerMeasurement m:
                Power = (m.Values.Sum(v => v.Value), m.MeasurementTimestamp);
                return null;
            default:
                return $"a CEM does not take {message.MessageType} from a resource manager";
        }
    }

    private string? Actuator(string actuatorId, string mode, double factor, DateTimeOffset? since)
    {
        Actuators[actuatorId] = (mode, factor, since);
        return null;
    }
}
