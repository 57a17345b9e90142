using System.Globalization;
using System.Net.WebSockets;
using System.Threading.Channels;
using Quartier.Core.Errors;
using Quartier.Resources.S2.WebSockets;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// An S2 resource manager emulating a device (<see cref="RmDevice"/>) against a CEM over WebSocket: handshake, details,
/// the control type the CEM selects, system description, then every <see cref="RmSimulatorOptions.Step"/> of simulated time
/// a <c>PowerMeasurement</c> and the statuses that changed. Instructions are acknowledged on reception
/// (<c>INVALID_CONTENT</c> with the reason when they name unknown ids) and executed at their execution time by the device's
/// resource simulation, which accepts them or refuses them with its reason; an instruction executed on reception and
/// refused gets <c>INVALID_CONTENT</c> with that reason as its reception status, and every instruction gets its
/// <c>InstructionStatusUpdate</c>s. Time is the CEM's simulated clock when it offers one (<see cref="SimulatedClock.HeaderName"/>).
/// </summary>
public sealed class RmSimulator
{
    private readonly RmDevice _device;
    private readonly RmSimulatorOptions _options;
    private readonly TextWriter _out;
    private readonly List<(S2IdentifiedMessage Message, string Id, DateTimeOffset At)> _pending = [];
    private DateTimeOffset _stepped;
    private double _energyWs;
    private double _energySeconds;

    public RmSimulator(RmDevice device, RmSimulatorOptions options, TextWriter? output = null)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _out = output ?? TextWriter.Null;
    }

    /// <summary>Instructions executed, and refused, so far.</summary>
    public (int Executed, int Refused) Counts { get; private set; }

    /// <summary>The device for <paramref name="kind"/>: battery, ev, heatpump, appliance, pv or generator (alias chp).</summary>
    /// <exception cref="InputException">Another kind.</exception>
    public static RmDevice Device(string kind, string? resourceId = null) => kind?.Trim().ToLowerInvariant() switch
    {
        "battery" => new BatteryRm(resourceId ?? "battery"),
        "ev" => new EvRm(resourceId ?? "ev"),
        "heatpump" or "heat-pump" => new HeatPumpRm(resourceId ?? "heatpump"),
        "appliance" or "dishwasher" => new ApplianceRm(resourceId ?? "dishwasher"),
        "pv" => new PvRm(resourceId ?? "pv"),
        "generator" or "chp" => new GeneratorRm(resourceId ?? "chp"),
        _ => throw new InputException($"unknown device '{kind}'; allowed: battery, ev, heatpump, appliance, pv, generator", field: "--device"),
    };

    /// <summary>Connects, runs the session until <see cref="RmSimulatorOptions.Hours"/> simulated hours have passed or the CEM ends it.</summary>
    /// <exception cref="IOException">The CEM cannot be reached, or the session breaks.</exception>
    /// <exception cref="InputException">The CEM refuses the handshake, or its clock runs at another speed.</exception>
    public async Task RunAsync(CancellationToken cancellation = default)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(_options.Cem, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException)
        {
            throw new IOException($"cannot open an S2 WebSocket to {_options.Cem}: {e.Message}", e);
        }

        var clock = Clock(socket);
        using var log = _options.LogPath is { } path ? S2MessageLog.Open(path, () => clock.Now) : null;
        var connection = new S2Connection(socket, log, "cem");
        var inbox = Channel.CreateUnbounded<S2Message>();
        var receiving = ReceiveAll(connection, inbox.Writer, cancellation);
        try
        {
            await Session(connection, clock, inbox.Reader, cancellation).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException || (e is InvalidOperationException && !connection.IsOpen))
        {
            throw new IOException($"the S2 session with {_options.Cem} broke: {e.Message}", e);
        }
        finally
        {
            await connection.CloseAsync("resource manager done", CancellationToken.None).ConfigureAwait(false);
            try
            {
                await receiving.ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // the CEM went away while the session closed
            }
        }
    }

    private static async Task ReceiveAll(S2Connection connection, ChannelWriter<S2Message> inbox, CancellationToken cancellation)
    {
        try
        {
            while (await connection.ReceiveAsync(cancellation).ConfigureAwait(false) is { } message)
            {
                await inbox.WriteAsync(message, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        finally
        {
            inbox.TryComplete();
        }
    }

    private SimulatedClock Clock(ClientWebSocket socket)
    {
        var header = socket.HttpResponseHeaders?.TryGetValue(SimulatedClock.HeaderName, out var values) == true ? values.FirstOrDefault() : null;
        var offered = SimulatedClock.FromHeader(header);
        if (offered is null)
        {
            return new SimulatedClock(DateTimeOffset.UtcNow, _options.Speed ?? 1);
        }

        if (_options.Speed is { } speed && Math.Abs(speed - offered.Speed) > 1e-9 * speed)
        {
            throw new InputException(
                string.Create(CultureInfo.InvariantCulture, $"--speed {speed} differs from the CEM's simulated clock, which runs at {offered.Speed}; leave --speed out to follow the CEM"),
                field: "--speed");
        }

        return offered;
    }

    private async Task Session(S2Connection connection, SimulatedClock clock, ChannelReader<S2Message> inbox, CancellationToken cancellation)
    {
        connection.Peer = "cem";
        await connection.SendAsync(new Handshake { MessageId = S2Connection.NewId(), Role = EnergyManagementRole.Rm, SupportedProtocolVersions = [S2Connection.ProtocolVersion] }, cancellation).ConfigureAwait(false);
        var selected = false;
        var detailsSent = false;
        var start = clock.Now;
        var end = _options.Hours is { } hours ? start.AddHours(hours) : DateTimeOffset.MaxValue;
        _stepped = start;
        var nextStep = Next(start);
        while (true)
        {
            var now = clock.Now;
            if (now >= end)
            {
                // the steps a lagging machine has not reported yet are still on the grid of the simulated period
                while (selected && nextStep < end)
                {
                    Advance(nextStep);
                    await Report(connection, nextStep, cancellation).ConfigureAwait(false);
                    nextStep += _options.Step;
                }

                Advance(end);
                _out.WriteLine($"s2 rm {_device.ResourceId}: {(end - start).TotalHours:0.##} simulated hours done; {Counts.Executed} instructions executed, {Counts.Refused} refused");
                return;
            }

            if (selected)
            {
                foreach (var (message, id, at) in _pending.Where(p => p.At <= now).OrderBy(p => p.At).ToArray())
                {
                    _pending.RemoveAll(p => p.Id == id);
                    Advance(at);
                    Execute(message, at);
                    await SendUpdates(connection, cancellation).ConfigureAwait(false);
                    await SendStatuses(connection, at, cancellation).ConfigureAwait(false);
                }

                if (now >= nextStep)
                {
                    // on the step grid, catching up when the machine lags behind the simulated clock
                    Advance(nextStep);
                    await Report(connection, nextStep, cancellation).ConfigureAwait(false);
                    nextStep += _options.Step;
                    if (!inbox.TryPeek(out _))
                    {
                        continue;
                    }
                }
            }

            var wake = Min(selected ? nextStep : now + TimeSpan.FromMinutes(1), end);
            foreach (var p in _pending)
            {
                wake = Min(wake, p.At);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(Clamp(clock.WallUntil(wake)));
            S2Message? received;
            try
            {
                received = await inbox.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                continue;
            }
            catch (ChannelClosedException)
            {
                _out.WriteLine($"s2 rm {_device.ResourceId}: the CEM closed the session");
                return;
            }

            now = clock.Now;
            switch (received)
            {
                case ReceptionStatus:
                    break;
                case Handshake:
                    await connection.AcknowledgeAsync(received, cancellation: cancellation).ConfigureAwait(false);
                    break;
                case HandshakeResponse r:
                    await connection.AcknowledgeAsync(received, cancellation: cancellation).ConfigureAwait(false);
                    if (r.SelectedProtocolVersion != S2Connection.ProtocolVersion)
                    {
                        throw new InputException($"the CEM selected protocol version '{r.SelectedProtocolVersion}'; this resource manager speaks {S2Connection.ProtocolVersion}");
                    }

                    if (!detailsSent)
                    {
                        await connection.SendAsync(_device.Details(), cancellation).ConfigureAwait(false);
                        detailsSent = true;
                    }

                    break;
                case SelectControlType s:
                    if (s.ControlType != _device.ControlType)
                    {
                        await connection.AcknowledgeAsync(received, ReceptionStatusValues.InvalidContent, $"control type {S2EnumNames.Of(s.ControlType)} is not available; available: {S2EnumNames.Of(_device.ControlType)}", cancellation).ConfigureAwait(false);
                        break;
                    }

                    await connection.AcknowledgeAsync(received, cancellation: cancellation).ConfigureAwait(false);
                    selected = true;
                    start = now;
                    end = _options.Hours is { } h ? now.AddHours(h) : DateTimeOffset.MaxValue;
                    Advance(now);
                    foreach (var m in _device.Describe(now))
                    {
                        await connection.SendAsync(m, cancellation).ConfigureAwait(false);
                    }

                    await Report(connection, now, cancellation).ConfigureAwait(false);
                    nextStep = Next(now);
                    break;
                case SessionRequest { Request: SessionRequestType.Terminate }:
                    await connection.AcknowledgeAsync(received, cancellation: cancellation).ConfigureAwait(false);
                    _out.WriteLine($"s2 rm {_device.ResourceId}: the CEM ended the session");
                    return;
                case RevokeObject revoke:
                    var revoked = _pending.RemoveAll(p => p.Id == revoke.ObjectId);
                    await connection.AcknowledgeAsync(received, revoked > 0 ? ReceptionStatusValues.Ok : ReceptionStatusValues.InvalidContent, revoked > 0 ? null : $"no pending instruction '{revoke.ObjectId}'", cancellation).ConfigureAwait(false);
                    if (revoked > 0)
                    {
                        await Update(connection, revoke.ObjectId, InstructionStatus.Revoked, now, cancellation).ConfigureAwait(false);
                    }

                    break;
                default:
                    await OnInstruction(connection, (S2IdentifiedMessage)received, selected, now, cancellation).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task OnInstruction(S2Connection connection, S2IdentifiedMessage message, bool selected, DateTimeOffset now, CancellationToken cancellation)
    {
        if (RmDevice.InstructionOf(message) is not { } instruction)
        {
            await connection.AcknowledgeAsync(message, ReceptionStatusValues.InvalidContent, $"a resource manager does not take {message.MessageType}", cancellation).ConfigureAwait(false);
            return;
        }

        var problem = !selected ? "no control type is selected yet" : _device.CheckReferences(message);
        if (problem is not null)
        {
            await connection.AcknowledgeAsync(message, ReceptionStatusValues.InvalidContent, problem, cancellation).ConfigureAwait(false);
            return;
        }

        if (instruction.At > now)
        {
            _pending.Add((message, instruction.Id, instruction.At));
            await connection.AcknowledgeAsync(message, cancellation: cancellation).ConfigureAwait(false);
            return;
        }

        Advance(now);
        var refusal = Execute(message, now);
        await connection.AcknowledgeAsync(message, refusal is null ? ReceptionStatusValues.Ok : ReceptionStatusValues.InvalidContent, refusal is null ? null : $"rejected: {refusal}", cancellation).ConfigureAwait(false);
        await SendUpdates(connection, cancellation).ConfigureAwait(false);
        await SendStatuses(connection, now, cancellation).ConfigureAwait(false);
    }

    private string? Execute(S2IdentifiedMessage message, DateTimeOffset at)
    {
        var refusal = _device.Execute(message, at);
        Counts = refusal is null ? (Counts.Executed + 1, Counts.Refused) : (Counts.Executed, Counts.Refused + 1);
        if (refusal is not null)
        {
            _out.WriteLine($"s2 rm {_device.ResourceId}: refused {message.MessageType} {RmDevice.InstructionOf(message)?.Id} at {at:O}: {refusal}");
        }

        return refusal;
    }

    private async Task SendUpdates(S2Connection connection, CancellationToken cancellation)
    {
        foreach (var u in _device.DrainUpdates())
        {
            await Update(connection, u.InstructionId!, Wire(u.Status), u.Timestamp, cancellation).ConfigureAwait(false);
        }
    }

    private static Task Update(S2Connection connection, string instructionId, InstructionStatus status, DateTimeOffset at, CancellationToken cancellation) =>
        connection.SendAsync(new InstructionStatusUpdate { MessageId = S2Connection.NewId(), InstructionId = instructionId, StatusType = status, Timestamp = at }, cancellation);

    private async Task Report(S2Connection connection, DateTimeOffset now, CancellationToken cancellation)
    {
        var power = _energySeconds > 0 ? _energyWs / _energySeconds : 0;
        _energyWs = 0;
        _energySeconds = 0;
        await SendUpdates(connection, cancellation).ConfigureAwait(false);
        await connection.SendAsync(new PowerMeasurement
        {
            MessageId = S2Connection.NewId(),
            MeasurementTimestamp = now,
            Values = [new PowerValue { CommodityQuantity = CommodityQuantity.ElectricPower3PhaseSymmetric, Value = Math.Round(power, 3) }],
        }, cancellation).ConfigureAwait(false);
        await SendStatuses(connection, now, cancellation).ConfigureAwait(false);
    }

    private async Task SendStatuses(S2Connection connection, DateTimeOffset now, CancellationToken cancellation)
    {
        foreach (var status in _device.Statuses(now))
        {
            await connection.SendAsync(status, cancellation).ConfigureAwait(false);
        }
    }

    private void Advance(DateTimeOffset to)
    {
        if (to <= _stepped)
        {
            return;
        }

        var seconds = (to - _stepped).TotalSeconds;
        _energyWs += _device.Step(_stepped, seconds) * seconds;
        _energySeconds += seconds;
        _stepped = to;
    }

    private static InstructionStatus Wire(RT.InstructionStatus status) => status switch
    {
        RT.InstructionStatus.Accepted => InstructionStatus.Accepted,
        RT.InstructionStatus.Rejected => InstructionStatus.Rejected,
        RT.InstructionStatus.Revoked => InstructionStatus.Revoked,
        RT.InstructionStatus.Started => InstructionStatus.Started,
        RT.InstructionStatus.Succeeded => InstructionStatus.Succeeded,
        RT.InstructionStatus.Aborted => InstructionStatus.Aborted,
        _ => InstructionStatus.New,
    };

    /// <summary>The next report time after <paramref name="now"/>, on the step grid (quarter hours by default).</summary>
    private DateTimeOffset Next(DateTimeOffset now)
    {
        var step = _options.Step.Ticks;
        return new DateTimeOffset(((now.UtcTicks / step) + 1) * step, TimeSpan.Zero);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait;
}
