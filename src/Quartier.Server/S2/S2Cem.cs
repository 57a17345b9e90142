using System.Globalization;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartier.Core.Errors;
using Quartier.Resources.S2;
using Quartier.Resources.S2.Ddbc;
using Quartier.Resources.S2.Frbc;
using Quartier.Resources.S2.Ombc;
using Quartier.Resources.S2.Pebc;
using Quartier.Resources.S2.Ppbc;
using Quartier.Resources.S2.Rm;
using Quartier.Resources.S2.WebSockets;
using S2ControlType = Quartier.Resources.S2.ControlType;

namespace Quartier.Server.S2;

/// <summary>
/// Quartier as S2 Customer Energy Manager: runs each resource manager's WebSocket session (<see cref="RunSessionAsync"/>),
/// re-plans all resources every <see cref="S2CemOptions.PlanInterval"/> of simulated time or when one describes itself anew
/// (<see cref="S2CemPlanner"/>, OMBC resources included), applies the DDBC rule, and sends every instruction at its execution time. Before a mode change
/// it checks the transition and its blocking timers (as reported in timer statuses, or started by its own earlier
/// instructions once they started): while one runs, the instruction waits until the timer finishes, and the wait is recorded.
/// The CEM keeps one instruction in flight per actuator and judges transitions by the mode the resource last reported.
/// </summary>
public sealed partial class S2Cem : BackgroundService, IS2Sessions
{
    /// <summary>How long, in real time, an unanswered instruction holds its actuator at the least (see <see cref="S2InstructionRecord.InFlight"/>).</summary>
    private static readonly TimeSpan InFlightWall = TimeSpan.FromSeconds(10);

    private readonly S2CemOptions _options;
    private readonly ILogger<S2Cem> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, S2CemSession> _byResource = new(StringComparer.Ordinal);
    private readonly Dictionary<S2CemSession, List<S2Intent>> _intents = [];
    private readonly Dictionary<S2CemSession, (string Limit, DateTimeOffset Until)> _lastEnvelope = [];
    private readonly S2MessageLog? _log;
    private readonly IExternalPlanner[] _external;
    private DateTimeOffset _nextPlan = DateTimeOffset.MinValue;
    private bool _begun;
    private Task _planning = Task.CompletedTask;

    /// <param name="options">How the CEM plans and keeps time.</param>
    /// <param name="logger">Its log.</param>
    /// <param name="external">Other planners in the server; the resources they claim get no instruction from this CEM's planner.</param>
    public S2Cem(S2CemOptions options, ILogger<S2Cem> logger, IEnumerable<IExternalPlanner>? external = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger;
        _external = external?.ToArray() ?? [];
        Clock = new SimulatedClock(options.Start ?? DateTimeOffset.UtcNow, options.Speed);
        _log = options.LogPath is { } path ? S2MessageLog.Open(path, () => Clock.Now) : null;
    }

    /// <inheritdoc />
    /// <remarks>It starts (at <see cref="S2CemOptions.Start"/>) when the first resource manager connects.</remarks>
    public SimulatedClock Clock { get; private set; }

    /// <summary>Starts the clock on the first connection; the clock.</summary>
    public SimulatedClock Begin()
    {
        lock (_gate)
        {
            if (!_begun)
            {
                _begun = true;
                Clock = new SimulatedClock(_options.Start ?? DateTimeOffset.UtcNow, _options.Speed);
            }

            return Clock;
        }
    }

    /// <summary>Plans made so far.</summary>
    public int Plans { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<S2CemSession> Sessions
    {
        get
        {
            lock (_gate)
            {
                return [.. _byResource.Values.OrderBy(s => s.ResourceId, StringComparer.Ordinal)];
            }
        }
    }

    /// <inheritdoc />
    public S2CemSession? Find(string resourceId)
    {
        lock (_gate)
        {
            return _byResource.GetValueOrDefault(resourceId);
        }
    }

    /// <inheritdoc />
    public S2InstructionRecord Deliver(string resourceId, S2IdentifiedMessage instruction, string source = "api")
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var session = Find(resourceId)
            ?? throw new KeyNotFoundException($"no S2 resource '{resourceId}'; known: {Known()}");
        if (!session.Connected)
        {
            throw new InvalidOperationException($"S2 resource '{resourceId}' is not connected");
        }

        var (id, at) = RmDevice.InstructionOf(instruction)
            ?? throw new InputException($"{instruction.MessageType} is not an instruction; send FRBC.Instruction, DDBC.Instruction, OMBC.Instruction, PPBC.*Instruction or PEBC.Instruction", elementId: resourceId);
        var fits = (instruction, session.ControlType) switch
        {
            (FrbcInstruction, S2ControlType.FillRateBasedControl) => true,
            (DdbcInstruction, S2ControlType.DemandDrivenBasedControl) => true,
            (OmbcInstruction, S2ControlType.OperationModeBasedControl) => true,
            (PpbcSequenceInstruction, S2ControlType.PowerProfileBasedControl) => true,
            (PebcInstruction, S2ControlType.PowerEnvelopeBasedControl) => true,
            _ => false,
        };
        if (!fits)
        {
            throw new InputException($"{instruction.MessageType} does not fit resource '{resourceId}', whose control type is {(session.ControlType is { } c ? S2EnumNames.Of(c) : "not selected yet")}", elementId: resourceId);
        }

        lock (session.Gate)
        {
            if (session.Instructions.Any(i => i.Id == id))
            {
                throw new InputException($"instruction id '{id}' was already sent to resource '{resourceId}'; ids must be unique per session", elementId: id);
            }

            var record = session.Add(new S2InstructionRecord(resourceId, instruction, id, at, source, Summary(instruction)));
            lock (_gate)
            {
                Intents(session).Add(new S2Intent(instruction, at, record.Summary, source) { WaitingFor = id, Delivered = true });
            }

            return record;
        }
    }

    /// <summary>The known resource ids, for messages.</summary>
    public string Known()
    {
        var ids = Sessions.Select(s => s.ResourceId).ToArray();
        return ids.Length == 0 ? "none" : string.Join(", ", ids);
    }

    /// <summary>Runs one resource manager's session on an accepted WebSocket until it closes.</summary>
    public async Task RunSessionAsync(WebSocket socket, CancellationToken cancellation)
    {
        var connection = new S2Connection(socket, _log, "rm");
        var session = new S2CemSession(connection, Begin());
        try
        {
            while (await connection.ReceiveAsync(cancellation).ConfigureAwait(false) is { } message)
            {
                (ReceptionStatusValues? status, string? reason, S2Message[] replies) answer;
                lock (session.Gate)
                {
                    answer = session.Apply(message);
                }

                if (answer.status is { } s)
                {
                    await connection.AcknowledgeAsync(message, s, answer.reason, cancellation).ConfigureAwait(false);
                }

                if (message is ResourceManagerDetails && answer.status == ReceptionStatusValues.Ok)
                {
                    Register(session);
                }

                foreach (var reply in answer.replies)
                {
                    await connection.SendAsync(reply, cancellation).ConfigureAwait(false);
                }

                if (message is SessionRequest { Request: SessionRequestType.Terminate })
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the server stops
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or InputException)
        {
            LogSessionFailed(session.ResourceId ?? "(before its details)", e);
        }
        finally
        {
            session.Connected = false;
            lock (_gate)
            {
                _intents.Remove(session);
            }

            await connection.CloseAsync("session ended", CancellationToken.None).ConfigureAwait(false);
            LogSession(session.ResourceId ?? "(before its details)", "disconnected");
        }
    }

    public override void Dispose()
    {
        _log?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Tick(Clock.Now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCycleFailed(e);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Summary(S2IdentifiedMessage m) => m switch
    {
        FrbcInstruction f => string.Create(CultureInfo.InvariantCulture, $"{f.ActuatorId}/{f.OperationMode} {f.OperationModeFactor:0.###}"),
        DdbcInstruction d => string.Create(CultureInfo.InvariantCulture, $"{d.ActuatorId}/{d.OperationModeId} {d.OperationModeFactor:0.###}"),
        OmbcInstruction o => string.Create(CultureInfo.InvariantCulture, $"{o.OperationModeId} {o.OperationModeFactor:0.###}"),
        PpbcSequenceInstruction p => $"{p.MessageType} {p.SequenceContainerId}/{p.PowerSequenceId}",
        PebcInstruction p => string.Create(CultureInfo.InvariantCulture, $"envelope {p.PowerEnvelopes[0].PowerEnvelopeElements[0].LowerLimit:0}..{p.PowerEnvelopes[0].PowerEnvelopeElements[0].UpperLimit:0} W"),
        _ => m.MessageType,
    };

    private static S2IdentifiedMessage Retimed(S2IdentifiedMessage m, DateTimeOffset at) => m switch
    {
        FrbcInstruction f => f with { ExecutionTime = at },
        DdbcInstruction d => d with { ExecutionTime = at },
        OmbcInstruction o => o with { ExecutionTime = at },
        PpbcScheduleInstruction p => p with { ExecutionTime = at },
        PebcInstruction p => p with { ExecutionTime = at },
        _ => m,
    };

    private List<S2Intent> Intents(S2CemSession session)
    {
        if (!_intents.TryGetValue(session, out var list))
        {
            list = [];
            _intents[session] = list;
        }

        return list;
    }

    private void Register(S2CemSession session)
    {
        lock (_gate)
        {
            if (_byResource.TryGetValue(session.ResourceId!, out var old) && old != session)
            {
                _intents.Remove(old);
            }

            _byResource[session.ResourceId!] = session;
            _nextPlan = DateTimeOffset.MinValue;
        }

        LogSession(session.ResourceId!, "connected");
    }

    private void Tick(DateTimeOffset now)
    {
        var sessions = Sessions.Where(s => s.Connected && s.ControlType is not null).ToArray();
        var dirty = false;
        foreach (var s in sessions)
        {
            lock (s.Gate)
            {
                dirty |= s.Dirty && s.ControlType != S2ControlType.DemandDrivenBasedControl;
                s.Dirty = false;
            }
        }

        if (sessions.Length > 0 && (now >= _nextPlan || dirty) && _planning.IsCompleted)
        {
            // the planner runs beside the sending, so a slow solve delays no instruction
            _nextPlan = now + _options.PlanInterval;
            _planning = Task.Run(() => Plan(sessions, now));
        }

        foreach (var s in sessions)
        {
            if (s.ControlType == S2ControlType.DemandDrivenBasedControl)
            {
                DdbcRule(s, now);
            }

            SendDue(s, now);
        }
    }

    private void Plan(S2CemSession[] sessions, DateTimeOffset now)
    {
        List<(S2CemSession Session, S2Intent Intent)> intents;
        string summary;
        try
        {
            (intents, summary) = S2CemPlanner.Plan(sessions, now, _options);
        }
        catch (Exception e) when (e is InputException or InvalidOperationException or Quartier.Optimization.Solvers.SolverUnavailableException)
        {
            LogNoPlan(e.Message);
            return;
        }

        Plans++;

        // a resource another planner claims (an EOS device), or that the EOS energy manager has instructed, is left to it
        var eos = sessions.Where(s =>
        {
            if (s.ResourceId is { } id && _external.Any(p => p.Plans(id)))
            {
                return true;
            }

            lock (s.Gate)
            {
                return s.Instructions.Any(r => r.Source == S2InstructionDelivery.Source);
            }
        }).ToHashSet();
        lock (_gate)
        {
            foreach (var s in sessions.Where(s => s.ControlType != S2ControlType.DemandDrivenBasedControl))
            {
                Intents(s).RemoveAll(i => i.Source == "planner");
            }

            foreach (var (session, intent) in intents)
            {
                if (!eos.Contains(session))
                {
                    Intents(session).Add(intent);
                }
            }
        }

        LogPlan(summary);
    }

    private void DdbcRule(S2CemSession s, DateTimeOffset now)
    {
        S2Intent? intent = null;
        lock (s.Gate)
        {
            if (s.Ddbc is not { } ddbc)
            {
                return;
            }

            var demand = (ddbc.PresentDemandRate.StartOfRange + ddbc.PresentDemandRate.EndOfRange) / 2;
            var (actuator, mode, factor, _) = S2CemPlanner.DdbcChoice(ddbc, demand);
            lock (_gate)
            {
                var pending = Intents(s).LastOrDefault(i => i.Source == "ddbc-rule");
                var target = pending is not null ? (pending.Mode, ((DdbcInstruction)pending.Message).OperationModeFactor)
                    : s.Actuators.TryGetValue(actuator, out var active) ? (active.Mode, active.Factor) : (null, double.NaN);
                if (target.Item1 == mode && Math.Abs(target.Item2 - factor) < 1e-6)
                {
                    return;
                }

                Intents(s).RemoveAll(i => i.Source == "ddbc-rule");
                intent = new S2Intent(
                    new DdbcInstruction
                    {
                        MessageId = S2Connection.NewId(),
                        Id = S2Connection.NewId(),
                        ActuatorId = actuator,
                        OperationModeId = mode,
                        OperationModeFactor = factor,
                        ExecutionTime = now,
                        AbnormalCondition = false,
                    },
                    now,
                    string.Create(CultureInfo.InvariantCulture, $"{actuator}/{mode} {factor:0.###} for a demand of {demand:0} W"),
                    "ddbc-rule",
                    actuator,
                    mode);
                Intents(s).Add(intent);
            }
        }
    }

    private void SendDue(S2CemSession s, DateTimeOffset now)
    {
        List<S2Intent> due;
        lock (_gate)
        {
            var list = Intents(s);
            due = [.. list.Where(i => i.NotBefore <= now).OrderBy(i => i.At)];
            if (due.Count == 0)
            {
                return;
            }

            // of several due instructions for the same actuator (or envelope) only the last counts
            var superseded = due.Where(i => !i.Delivered && due.Any(j => j != i && j.Source == i.Source && j.Actuator == i.Actuator && j.At > i.At)).ToList();
            foreach (var i in superseded)
            {
                list.Remove(i);
                due.Remove(i);
            }
        }

        foreach (var intent in due)
        {
            S2IdentifiedMessage? send = null;
            S2InstructionRecord? record = null;
            lock (s.Gate)
            {
                if (intent.Delivered)
                {
                    record = s.Instructions.LastOrDefault(r => r.Id == intent.WaitingFor);
                    send = intent.Message;
                }
                else if (intent.Actuator is not null && s.Instructions.Any(r => Actuator(r.Message) == intent.Actuator && r.InFlight(now, InFlightWall)))
                {
                    // one instruction in flight per actuator: which mode runs, and since when (so its timers), is known only
                    // once the resource has started it, which on an accelerated clock may be many simulated minutes later
                    continue;
                }
                else if (Blocked(s, intent, now) is { } wait)
                {
                    if (intent.WaitingFor != wait.Timer)
                    {
                        intent.WaitingFor = wait.Timer;
                        s.Record($"waits for timer {wait.Timer} of {(intent.Actuator is "" ? s.ResourceId : intent.Actuator)} until {wait.Until:yyyy-MM-ddTHH:mm:ssZ} before {intent.Summary} ({intent.Source})");
                    }

                    intent.NotBefore = wait.Until;
                    continue;
                }
                else if (intent.Message is PebcInstruction pebc && _lastEnvelope.TryGetValue(s, out var last) && last.Limit == intent.Mode && last.Until >= pebc.ExecutionTime)
                {
                    send = null;
                }
                else
                {
                    send = intent.At < now ? Retimed(intent.Message, now) : intent.Message;
                    var (id, at) = RmDevice.InstructionOf(send)!.Value;
                    record = s.Add(new S2InstructionRecord(s.ResourceId!, send, id, at, intent.Source, intent.Summary));
                    record.FromMode = intent.Actuator is not null && s.Actuators.TryGetValue(intent.Actuator, out var from) ? from.Mode : null;
                    if (send is PebcInstruction p)
                    {
                        _lastEnvelope[s] = (intent.Mode!, p.ExecutionTime + p.PowerEnvelopes[0].PowerEnvelopeElements.Aggregate(TimeSpan.Zero, (a, e) => a + e.Duration.ToTimeSpan()));
                    }
                }

                if (record is not null)
                {
                    record.SentAt = now;
                    record.SentWallMs = Environment.TickCount64;
                    record.Add("SENT", now);
                }
            }

            lock (_gate)
            {
                Intents(s).Remove(intent);
            }

            if (send is not null)
            {
                _ = SendAsync(s, send);
            }
        }
    }

    private async Task SendAsync(S2CemSession s, S2IdentifiedMessage message)
    {
        try
        {
            await s.Connection.SendAsync(message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            LogNotSent(s.ResourceId ?? "?", e.Message);
        }
    }

    /// <summary>The running blocking timer (latest finishing) that keeps <paramref name="intent"/>'s transition from starting, if any.</summary>
    private static (string Timer, DateTimeOffset Until)? Blocked(S2CemSession s, S2Intent intent, DateTimeOffset now)
    {
        if (intent.Actuator is null || intent.Mode is null || !s.Actuators.TryGetValue(intent.Actuator, out var active) || active.Mode == intent.Mode)
        {
            return null;
        }

        var transition = Transitions(s, intent.Actuator).FirstOrDefault(t => t.From == active.Mode && t.To == intent.Mode);
        if (transition is null)
        {
            return null;
        }

        (string, DateTimeOffset)? wait = null;
        foreach (var timer in transition.BlockingTimers)
        {
            if (s.Timers.TryGetValue((intent.Actuator, timer), out var until) && until > now && (wait is null || until > wait.Value.Item2))
            {
                wait = (timer, until);
            }
        }

        return wait;
    }

    private static string? Actuator(S2IdentifiedMessage m) => m switch
    {
        FrbcInstruction f => f.ActuatorId,
        DdbcInstruction d => d.ActuatorId,
        OmbcInstruction => string.Empty,
        _ => null,
    };

    private static IReadOnlyList<Transition> Transitions(S2CemSession s, string actuator) =>
        s.Frbc?.Actuators.FirstOrDefault(a => a.Id == actuator)?.Transitions
        ?? s.Ddbc?.Actuators.FirstOrDefault(a => a.Id == actuator)?.Transitions
        ?? (IReadOnlyList<Transition>?)s.Ombc?.Transitions
        ?? [];

    [LoggerMessage(Level = LogLevel.Information, Message = "S2 resource {Resource} {What}")]
    private partial void LogSession(string resource, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "S2 {Summary}")]
    private partial void LogPlan(string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S2 plan not made: {Reason}")]
    private partial void LogNoPlan(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S2 instruction to {Resource} not sent: {Reason}")]
    private partial void LogNotSent(string resource, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "S2 session of {Resource} failed")]
    private partial void LogSessionFailed(string resource, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "S2 CEM cycle failed")]
    private partial void LogCycleFailed(Exception e);
}
