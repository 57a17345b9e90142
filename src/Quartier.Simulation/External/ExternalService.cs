using Quartier.Services;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;

namespace Quartier.Simulation.External;

/// <summary>
/// An external calculation service for one run: the process started from <see cref="ServiceDefinition.Command"/> (or the one
/// at <see cref="ServiceDefinition.Connect"/>), its declaration, and the connection the engine steps it over
/// (<see cref="Quartier.Services.ServiceProtocol"/>). Its log (standard output and error, and its log frames) is kept, the last lines go
/// into every error; a service that exits, breaks the connection or does not answer within
/// <see cref="ServiceDefinition.TimeoutSeconds"/> fails the run naming it. <see cref="Dispose"/> sends STOP and ends the process.
/// </summary>
public sealed class ExternalService : IDisposable
{
    private const int TailLines = 20;

    /// <summary>Least time given to start, connect and declare, and to answer INIT (seconds).</summary>
    private const double StartSeconds = 30;
    private readonly Queue<string> _tail = new();
    private readonly List<string> _log = [];
    private readonly Lock _logGate = new();
    private readonly Socket _socket;
    private readonly Process? _process;
    private readonly string? _socketPath;
    private readonly List<ExternalCalculation> _calculations = [];
    private byte[] _send = new byte[1024];
    private byte[] _receive = new byte[1024];
    private bool _initialized;
    private bool _disposed;

    private ExternalService(ServiceDefinition definition, Socket socket, Process? process, string? socketPath)
    {
        Definition = definition;
        _socket = socket;
        _process = process;
        _socketPath = socketPath;
    }

    public ServiceDefinition Definition { get; }

    /// <summary>What the service declared (its <c>input.json</c>).</summary>
    public ServiceDeclaration Declaration { get; private set; } = null!;

    /// <summary>The service's log so far (its output, error output and log frames, in order).</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_logGate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>One engine service per declared calculation (they share the ESDL objects of <see cref="ServiceDefinition.EsdlType"/>).</summary>
    public IReadOnlyList<ExternalCalculation> Calculations => _calculations;

    /// <summary>Starts (or connects to) the service and reads its declaration.</summary>
    /// <exception cref="InputException">It cannot be started, does not connect or declare itself in time, or declares what cannot be run.</exception>
    public static ExternalService Start(ServiceDefinition definition, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(environment);
        // starting an interpreter on a busy machine takes longer than a short per-call time-out
        var timeout = TimeSpan.FromSeconds(Math.Max(definition.TimeoutSeconds, StartSeconds));
        Socket socket;
        Process? process = null;
        string? path = null;
        var pending = new List<string>();
        if (definition.Connect is { } address)
        {
            socket = Dial(address, definition, timeout);
        }
        else
        {
            path = Path.Combine(Path.GetTempPath(), $"quartier-svc-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            var start = new ProcessStartInfo(definition.Command![0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = definition.WorkingDirectory ?? Environment.CurrentDirectory,
            };
            foreach (var a in definition.Command.Skip(1))
            {
                start.ArgumentList.Add(a);
            }

            foreach (var (k, v) in environment)
            {
                start.Environment[k] = v;
            }

            foreach (var (k, v) in definition.Parameters)
            {
                start.Environment[k] = v;
            }

            start.Environment[ServiceProtocol.AddressVariable] = "unix:" + path;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("no process");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                TryDelete(path);
                throw new InputException($"external service '{definition.Name}' ({definition.EsdlType}): cannot start {string.Join(' ', definition.Command)}: {e.Message}", field: "command");
            }

            var lines = pending;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var accept = listener.AcceptAsync();
            var watch = Stopwatch.StartNew();
            while (!accept.Wait(50))
            {
                if (process.HasExited || watch.Elapsed > timeout)
                {
                    var why = process.HasExited ? $"exited with code {process.ExitCode} before connecting" : $"did not connect within {timeout.TotalSeconds:0.#} s";
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }

                    process.WaitForExit(2000);
                    TryDelete(path);
                    string tail;
                    lock (lines)
                    {
                        tail = Tail(lines);
                    }

                    throw new InputException($"external service '{definition.Name}' ({definition.EsdlType}) {why}{tail}", field: "command");
                }
            }

            socket = accept.Result;
        }

        socket.ReceiveTimeout = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
        socket.SendTimeout = socket.ReceiveTimeout;
        if (socket.AddressFamily != AddressFamily.Unix)
        {
            socket.NoDelay = true;
        }
        var service = new ExternalService(definition, socket, process, path);
        try
        {
            service.Attach(pending);
            var text = service.ReceiveText(ServiceProtocol.Declare, "its declaration");
            service.Declaration = ServiceDeclaration.Parse(text, $"external service '{definition.Name}'");
            if (service.Declaration.EsdlType != definition.EsdlType)
            {
                throw new InputException($"external service '{definition.Name}' declares esdl_type {service.Declaration.EsdlType}, but serves {definition.EsdlType} in this run", field: "esdl_type");
            }
        }
        catch
        {
            service.Dispose();
            throw;
        }

        foreach (var (calc, index) in service.Declaration.Calculations.Select((c, i) => (c, i)))
        {
            service._calculations.Add(new ExternalCalculation(service, calc, index));
        }

        return service;
    }

    /// <summary>Sends INIT once every calculation has its objects (after the simulation is built) and waits for READY.</summary>
    public void Initialize(string runId, DateTime start, long durationSeconds, int stepSeconds, IReadOnlyDictionary<string, string> environment)
    {
        if (_initialized)
        {
            return;
        }

        var objects = _calculations.Select(c => c.Objects).FirstOrDefault(o => o.Count > 0) ?? [];
        var init = new JsonObject
        {
            ["simulation_id"] = runId,
            ["start"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["duration_seconds"] = durationSeconds,
            ["step_seconds"] = stepSeconds,
            ["esdl_type"] = Declaration.EsdlType.ToString(),
            ["environment"] = new JsonObject([.. environment.Concat(Definition.Parameters).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["objects"] = new JsonArray([.. objects.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.Id,
                ["name"] = a.Name,
                ["type"] = a.Type,
                ["attributes"] = new JsonObject([.. a.Attributes.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            })]),
            ["calculations"] = new JsonArray([.. _calculations.Select(c => (JsonNode?)c.Layout())]),
        };
        ServiceProtocol.Send(_socket, ServiceProtocol.Init, Encoding.UTF8.GetBytes(init.ToJsonString()), ref _send);
        _ = ReceiveText(ServiceProtocol.Ready, "READY after INIT");
        _socket.ReceiveTimeout = (int)Math.Min(int.MaxValue, Definition.TimeoutSeconds * 1000);
        _socket.SendTimeout = _socket.ReceiveTimeout;
        _initialized = true;
    }

    /// <summary>One call: <paramref name="inputs"/> out, the outputs and recorded values back into <paramref name="calculation"/>.</summary>
    internal void Call(ExternalCalculation calculation, int step, int steps, long unixSeconds, ReadOnlySpan<double> inputs)
    {
        int bytes = 2 + 4 + 4 + 8 + 4 + (inputs.Length * 8);
        if (_send.Length < bytes + 5)
        {
            _send = new byte[Math.Max(bytes + 5, _send.Length * 2)];
        }

        var p = _send.AsSpan(5, bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(p, (ushort)calculation.Index);
        BinaryPrimitives.WriteUInt32LittleEndian(p[2..], (uint)step);
        BinaryPrimitives.WriteUInt32LittleEndian(p[6..], (uint)steps);
        BinaryPrimitives.WriteInt64LittleEndian(p[10..], unixSeconds);
        BinaryPrimitives.WriteUInt32LittleEndian(p[18..], (uint)inputs.Length);
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(inputs).CopyTo(p[22..]);
        try
        {
            ServiceProtocol.SendInPlace(_socket, ServiceProtocol.Step, _send, bytes);
        }
        catch (Exception e) when (IsBroken(e))
        {
            throw Broken(e, $"{calculation.Name} at call {step}");
        }

        int length = ReceiveFrame(ServiceProtocol.Result, calculation, step);
        calculation.Accept(_receive.AsSpan(0, length), step);
    }

    /// <summary>A failure of the service at <paramref name="what"/>, with its last log lines.</summary>
    internal SimulationException Failure(string what, string reason) =>
        new($"external service '{Definition.Name}' ({Definition.EsdlType}) failed in {what}: {reason}{Tail()}");

    private void Attach(List<string> pending)
    {
        lock (pending)
        {
            foreach (var l in pending)
            {
                Add(l);
            }

            pending.Clear();
        }

        if (_process is not null)
        {
            _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Add(e.Data); } };
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Add(e.Data); } };
        }
    }

    private void Add(string line)
    {
        lock (_logGate)
        {
            _log.Add(line);
            _tail.Enqueue(line);
            while (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        // let the output readers catch up with what the process wrote before it went
        if (_process is { } p && p.WaitForExit(300))
        {
            p.WaitForExit();
        }

        lock (_logGate)
        {
            return Tail(_tail);
        }
    }

    private static string Tail(IEnumerable<string> lines)
    {
        var last = lines.TakeLast(TailLines).ToList();
        return last.Count == 0 ? "; it logged nothing" : "; its last log lines:\n  " + string.Join("\n  ", last);
    }

    private string ReceiveText(byte kind, string what) => Encoding.UTF8.GetString(_receive, 0, ReceiveFrame(kind, null, 0, what));

    /// <summary>The next frame of <paramref name="kind"/> (log frames on the way are kept); what was awaited is named only when it fails.</summary>
    private int ReceiveFrame(byte kind, ExternalCalculation? calculation, int call, string? what = null)
    {
        while (true)
        {
            (byte Kind, int Length) frame;
            try
            {
                frame = ServiceProtocol.Receive(_socket, ref _receive);
            }
            catch (Exception e) when (IsBroken(e))
            {
                throw Broken(e, what ?? $"{calculation?.Name} at call {call}");
            }

            switch (frame.Kind)
            {
                case ServiceProtocol.Log:
                    Add(Encoding.UTF8.GetString(_receive, 1, Math.Max(0, frame.Length - 1)));
                    continue;
                case ServiceProtocol.Error:
                    throw Failure(what ?? $"{calculation?.Name} at call {call}", Encoding.UTF8.GetString(_receive, 0, frame.Length));
                default:
                    if (frame.Kind != kind)
                    {
                        throw Failure(what ?? $"{calculation?.Name} at call {call}", $"it sent a frame of kind {frame.Kind} where {kind} was expected");
                    }

                    return frame.Length;
            }
        }
    }

    private static bool IsBroken(Exception e) => e is SocketException or EndOfStreamException or IOException or ObjectDisposedException;

    private SimulationException Broken(Exception e, string what)
    {
        if (e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
        {
            return Failure(what, $"no answer within {Definition.TimeoutSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (timeout_seconds)");
        }

        var exited = _process is { } p && p.WaitForExit(2000) ? $"the process exited with code {p.ExitCode}" : "the connection broke";
        return Failure(what, $"{exited} ({e.Message})");
    }

    private static Socket Dial(string address, ServiceDefinition definition, TimeSpan timeout)
    {
        Socket socket;
        EndPoint endpoint;
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endpoint = new UnixDomainSocketEndPoint(address[5..]);
        }
        else
        {
            var hostPort = address[4..];
            int colon = hostPort.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new InputException($"external service '{definition.Name}': connect '{address}' is not tcp:HOST:PORT", field: "connect");
            }

            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            endpoint = new DnsEndPoint(hostPort[..colon], port);
        }

        // a service started at the same time may not listen yet: try again until the time-out
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var cancel = new CancellationTokenSource(timeout - watch.Elapsed > TimeSpan.Zero ? timeout - watch.Elapsed : TimeSpan.FromMilliseconds(1));
                socket.ConnectAsync(endpoint, cancel.Token).AsTask().GetAwaiter().GetResult();
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.AddressNotAvailable } && watch.Elapsed + TimeSpan.FromMilliseconds(100) < timeout)
                {
                    Thread.Sleep(100);
                    socket.Dispose();
                    socket = new Socket(socket.AddressFamily, SocketType.Stream, socket.AddressFamily == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
                    continue;
                }

                socket.Dispose();
                throw new InputException($"external service '{definition.Name}' ({definition.EsdlType}): cannot connect to {address} within {definition.TimeoutSeconds:0.#} s: {e.Message}", field: "connect");
            }
        }
    }

    private static void TryDelete(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // a stale socket file in the temp folder is harmless
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_socket.Connected)
            {
                byte[] buffer = [];
                ServiceProtocol.Send(_socket, ServiceProtocol.Stop, [], ref buffer);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already gone
        }

        _socket.Dispose();
        if (_process is { } p)
        {
            if (!p.WaitForExit(3000))
            {
                p.Kill(entireProcessTree: true);
            }

            // without a time-out it also waits until the output readers have taken the last lines
            p.WaitForExit();
            p.Dispose();
        }

        TryDelete(_socketPath);
    }
}
