using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Resources.S2.Schema;

namespace Quartier.Resources.S2.WebSockets;

/// <summary>
/// One S2 session over a WebSocket (JSON text frames), either side. Every message sent and received is checked against
/// the S2 JSON schemas (<see cref="S2SchemaValidator"/>), then typed (<see cref="S2Json"/>) and checked against the
/// standard's rules (<see cref="S2Validator"/>). A received message that fails is answered with a <see cref="ReceptionStatus"/>
/// as S2 says — <c>INVALID_DATA</c> (not JSON, no <c>message_id</c>), <c>INVALID_MESSAGE</c> (against the schema),
/// <c>INVALID_CONTENT</c> (a broken rule) — with the reason as its diagnostic label, and never handed on. A message this
/// side would send that fails is a bug and throws. Sends are serialised; receive from one loop only.
/// </summary>
public sealed class S2Connection
{
    /// <summary>The S2 protocol version this implementation speaks (the schemas' version).</summary>
    public const string ProtocolVersion = "0.0.2-beta";

    /// <summary>The subject of a ReceptionStatus for a message whose id could not be read.</summary>
    public const string UnknownMessageId = "00000000-0000-0000-0000-000000000000";

    private const int MaxMessageBytes = 1 << 20;
    private readonly WebSocket _socket;
    private readonly S2MessageLog? _log;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private int _invalid;

    /// <summary>A session on <paramref name="socket"/> (already open); <paramref name="log"/> records every message.</summary>
    public S2Connection(WebSocket socket, S2MessageLog? log = null, string? peer = null)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _log = log;
        Peer = peer;
    }

    /// <summary>Who is on the other side, for the log (a resource id once known).</summary>
    public string? Peer { get; set; }

    /// <summary>Received messages refused as invalid.</summary>
    public int InvalidReceived => _invalid;

    /// <summary>Whether the socket is still open.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>A new message id (a UUID).</summary>
    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>The problems of an S2 message's JSON: schema violations, then typing and rule errors; empty when it is valid.</summary>
    public static (ReceptionStatusValues Status, string Reason, string? MessageId, S2Message? Message) Check(string json)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } l ? $" (line {l + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : string.Empty;
            var text = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var cut and >= 0 ? e.Message[..cut] : e.Message;
            return (ReceptionStatusValues.InvalidData, $"not JSON{at}: {text}", null, null);
        }

        var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message_id", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var isReception = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message_type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == ReceptionStatus.MessageTypeName;
        if (id is null && !isReception)
        {
            var schemaProblems = S2SchemaValidator.Default.ValidateMessage(root);
            var why = schemaProblems.Count > 0 ? string.Join("; ", schemaProblems) : "no message_id";
            return (ReceptionStatusValues.InvalidData, $"no message_id: {why}", null, null);
        }

        var errors = S2SchemaValidator.Default.ValidateMessage(root);
        if (errors.Count > 0)
        {
            return (ReceptionStatusValues.InvalidMessage, $"against the S2 schema: {string.Join("; ", errors)}", id, null);
        }

        S2Message message;
        try
        {
            message = S2Json.Parse(json);
        }
        catch (InputException e)
        {
            return (ReceptionStatusValues.InvalidMessage, e.Message, id, null);
        }

        var broken = S2Validator.Validate(message);
        return broken.Count > 0
            ? (ReceptionStatusValues.InvalidContent, $"breaks S2 rules: {string.Join("; ", broken)}", id, message)
            : (ReceptionStatusValues.Ok, string.Empty, id, message);
    }

    /// <summary>Sends <paramref name="message"/> after checking it against the schema and the rules.</summary>
    /// <exception cref="InvalidOperationException">The message is invalid (a bug on this side).</exception>
    public async Task SendAsync(S2Message message, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = S2Json.Serialize(message);
        using var doc = JsonDocument.Parse(json);
        var problems = S2SchemaValidator.Default.ValidateMessage(doc.RootElement);
        var broken = problems.Count == 0 ? S2Validator.Validate(message) : [];
        if (problems.Count > 0 || broken.Count > 0)
        {
            var reason = problems.Count > 0 ? $"against the S2 schema: {string.Join("; ", problems)}" : $"breaks S2 rules: {string.Join("; ", broken)}";
            _log?.Write("sent", Peer, json, false, reason);
            throw new InvalidOperationException($"refusing to send an invalid {message.MessageType}: {reason}");
        }

        _log?.Write("sent", Peer, json, true);
        var bytes = Encoding.UTF8.GetBytes(json);
        await _sendGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Answers <paramref name="received"/> with a ReceptionStatus (none for a ReceptionStatus).</summary>
    public Task AcknowledgeAsync(S2Message received, ReceptionStatusValues status = ReceptionStatusValues.Ok, string? reason = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        return received.GetMessageId() is { } id
            ? SendAsync(new ReceptionStatus { SubjectMessageId = id, Status = status, DiagnosticLabel = Clip(reason) }, cancellation)
            : Task.CompletedTask;
    }

    /// <summary>
    /// The next valid message, or null when the peer closed the session. Invalid messages are logged, answered with their
    /// ReceptionStatus and skipped.
    /// </summary>
    public async Task<S2Message?> ReceiveAsync(CancellationToken cancellation = default)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            var tooLarge = false;
            do
            {
                try
                {
                    result = await _socket.ReceiveAsync(buffer, cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return null;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync("bye", CancellationToken.None).ConfigureAwait(false);
                    return null;
                }

                if (message.Length + result.Count > MaxMessageBytes)
                {
                    tooLarge = true;
                }
                else
                {
                    message.Write(buffer, 0, result.Count);
                }
            }
            while (!result.EndOfMessage);

            var text = Encoding.UTF8.GetString(message.ToArray());
            if (tooLarge || result.MessageType == WebSocketMessageType.Binary)
            {
                var why = tooLarge ? $"message larger than {MaxMessageBytes} bytes" : "binary frame: S2 messages are JSON text frames";
                await RefuseAsync(text, ReceptionStatusValues.InvalidData, why, null, cancellation).ConfigureAwait(false);
                continue;
            }

            var (status, reason, id, parsed) = Check(text);
            if (status != ReceptionStatusValues.Ok)
            {
                // S2: no ReceptionStatus answers a ReceptionStatus
                await RefuseAsync(text, status, reason, parsed is ReceptionStatus ? null : id ?? UnknownMessageId, cancellation).ConfigureAwait(false);
                continue;
            }

            _log?.Write("received", Peer, text, true);
            return parsed;
        }
    }

    /// <summary>Closes the session (normal closure), ignoring a peer that is already gone.</summary>
    public async Task CloseAsync(string reason = "done", CancellationToken cancellation = default)
    {
        try
        {
            if (_socket.State == WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, cancellation).ConfigureAwait(false);
            }
            else if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, reason, cancellation).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // the peer is gone
        }
    }

    private static string? Clip(string? reason) => reason is null || reason.Length <= 1000 ? reason : reason[..997] + "...";

    private async Task RefuseAsync(string text, ReceptionStatusValues status, string reason, string? subject, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _invalid);
        _log?.Write("received", Peer, text, false, reason);
        if (subject is not null)
        {
            await SendAsync(new ReceptionStatus { SubjectMessageId = subject, Status = status, DiagnosticLabel = Clip(reason) }, cancellation).ConfigureAwait(false);
        }
    }
}
