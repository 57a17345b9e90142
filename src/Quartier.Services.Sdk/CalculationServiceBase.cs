using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Quartier.Services;

/// <summary>DOTS's step information: the calculation's call number (1-based) and how many calls the run makes.</summary>
public readonly record struct TimeStepInformation(int CurrentTimeStepNumber, int MaxTimeStepNumber);

/// <summary>An ESDL object the service computes for: its id, name, ESDL type and attributes (texts, as in the ESDL).</summary>
public sealed record EsdlObject(string Id, string Name, string Type, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The attribute as a number, or null when absent.</summary>
    public double? Number(string name) =>
        Attributes.TryGetValue(name, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}

/// <summary>The objects assigned to the service, by id (Quartier sends their attributes, not the whole ESDL).</summary>
public sealed class EnergySystem(IReadOnlyList<EsdlObject> objects)
{
    private readonly Dictionary<string, EsdlObject> _byId = objects.ToDictionary(o => o.Id, StringComparer.Ordinal);

    public IReadOnlyList<EsdlObject> Objects { get; } = objects;

    public EsdlObject this[string esdlId] => _byId[esdlId];
}

/// <summary>What the engine told the service about the run.</summary>
public sealed record SimulatorConfiguration(string SimulationId, string EsdlType, IReadOnlyList<string> EsdlIds, DateTime StartTime, long SimulationDurationInSeconds, IReadOnlyDictionary<string, string> Environment);

/// <summary>The inputs of one object at one call, keyed <c>Type/name/id</c> as DOTS's <c>param_dict</c>.</summary>
public sealed class ParamDict
{
    private readonly List<string> _keys = [];
    private readonly List<double> _values = [];

    public int Count => _keys.Count;

    public IEnumerable<KeyValuePair<string, double>> Items => _keys.Select((k, i) => KeyValuePair.Create(k, _values[i]));

    /// <summary>The one value of input <paramref name="name"/> (DOTS's <c>get_single_param_with_name</c>).</summary>
    public double Single(string name)
    {
        for (int i = 0; i < _keys.Count; i++)
        {
            if (NameOf(_keys[i]).Equals(name, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        throw new KeyNotFoundException($"no input named '{name}'; inputs: {string.Join(", ", _keys)}");
    }

    /// <summary>Every publisher's value of input <paramref name="name"/> (DOTS's <c>get_vector_param_with_name</c>).</summary>
    public IReadOnlyList<double> Vector(string name) => [.. _keys.Select((k, i) => (k, i)).Where(x => NameOf(x.k).Equals(name, StringComparison.Ordinal)).Select(x => _values[x.i])];

    internal void Set(IReadOnlyList<string> keys, ReadOnlySpan<double> values)
    {
        _keys.Clear();
        _values.Clear();
        _keys.AddRange(keys);
        foreach (var v in values)
        {
            _values.Add(v);
        }
    }

    private static ReadOnlySpan<char> NameOf(string key)
    {
        int a = key.IndexOf('/', StringComparison.Ordinal), b = key.LastIndexOf('/');
        return a >= 0 && b > a ? key.AsSpan(a + 1, b - a - 1) : key;
    }
}

/// <summary>DOTS's <c>influx_connector</c>: values stored explicitly (names among the calculation's outputs or <c>recorded</c>).</summary>
public sealed class InfluxConnector
{
    private readonly List<(int Object, int Name, double Value)> _points = [];
    private IReadOnlyList<string> _names = [];
    private Dictionary<string, int> _objects = [];

    internal IReadOnlyList<(int Object, int Name, double Value)> Points => _points;

    /// <summary>Stores <paramref name="value"/> as <paramref name="name"/> of <paramref name="esdlId"/> at this call.</summary>
    public void SetTimeStepDataPoint(string esdlId, string name, DateTime simulationTime, double value)
    {
        int n = -1;
        for (int i = 0; i < _names.Count; i++)
        {
            if (_names[i] == name)
            {
                n = i;
                break;
            }
        }

        if (n < 0)
        {
            throw new KeyNotFoundException($"'{name}' is neither an output nor a recorded name of this calculation; declare it under 'recorded' in input.json");
        }

        _points.Add((_objects[esdlId], n, value));
    }

    internal void Begin(IReadOnlyList<string> names, Dictionary<string, int> objects)
    {
        _names = names;
        _objects = objects;
        _points.Clear();
    }
}

/// <summary>
/// Base of an external calculation service in C#, as DOTS's template writes one in Python: declared by <c>input.json</c>,
/// <see cref="InitCalculationService"/> reads the objects, and one public method per calculation, named as the
/// calculation (<c>pv_production</c> or <c>PvProduction</c>), with the signature of <see cref="Calculation"/>, returns the
/// outputs. <see cref="StartSimulation"/> connects to the engine (<see cref="ServiceProtocol.AddressVariable"/>) and
/// serves its calls until it stops the service.
/// </summary>
public abstract class CalculationServiceBase
{
    private readonly string _declarationText;
    private readonly List<Calc> _calcs = [];
    private readonly ParamDict _params = new();
    private Socket? _socket;
    private byte[] _receive = new byte[4096];
    private byte[] _send = new byte[4096];

    /// <summary>One calculation for one object at one call: its inputs in, its outputs out.</summary>
    public delegate IReadOnlyDictionary<string, double> Calculation(ParamDict paramDict, DateTime simulationTime, TimeStepInformation timeStepNumber, string esdlId, EnergySystem energySystem);

    /// <param name="declarationPath">The service's <c>input.json</c>; default: next to the program.</param>
    protected CalculationServiceBase(string? declarationPath = null)
    {
        _declarationText = File.ReadAllText(declarationPath ?? Path.Combine(AppContext.BaseDirectory, "input.json"));
    }

    public SimulatorConfiguration SimulatorConfiguration { get; private set; } = null!;

    public EnergySystem EnergySystem { get; private set; } = null!;

    public InfluxConnector InfluxConnector { get; } = new();

    /// <summary>Reads what the calculations need from the assigned objects.</summary>
    public virtual void InitCalculationService(EnergySystem energySystem)
    {
    }

    /// <summary>Connects, declares the service, serves calls until the engine stops it; an exception is reported to the engine and rethrown.</summary>
    public void StartSimulation()
    {
        _socket = Connect(Environment.GetEnvironmentVariable(ServiceProtocol.AddressVariable));
        try
        {
            ServiceProtocol.SendText(_socket, ServiceProtocol.Declare, _declarationText);
            var (kind, length) = ServiceProtocol.Receive(_socket, ref _receive);
            if (kind == ServiceProtocol.Stop)
            {
                return;
            }

            Initialize(Encoding.UTF8.GetString(_receive, 0, length));
            ServiceProtocol.Send(_socket, ServiceProtocol.Ready, [], ref _send);
            while (true)
            {
                (kind, length) = ServiceProtocol.Receive(_socket, ref _receive);
                if (kind == ServiceProtocol.Stop)
                {
                    return;
                }

                Step(_receive.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is not EndOfStreamException)
        {
            try
            {
                ServiceProtocol.SendText(_socket, ServiceProtocol.Error, e.ToString());
            }
            catch (SocketException)
            {
                // the engine is gone
            }

            throw;
        }
    }

    public void StopSimulation()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private void Initialize(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var init = doc.RootElement;
        var environment = init.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        var objects = init.GetProperty("objects").EnumerateArray().Select(o => new EsdlObject(
            o.GetProperty("id").GetString()!,
            o.GetProperty("name").GetString()!,
            o.GetProperty("type").GetString()!,
            o.GetProperty("attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal))).ToList();
        SimulatorConfiguration = new SimulatorConfiguration(
            init.GetProperty("simulation_id").GetString()!,
            init.GetProperty("esdl_type").GetString()!,
            [.. objects.Select(o => o.Id)],
            DateTime.SpecifyKind(DateTime.Parse(init.GetProperty("start").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), DateTimeKind.Utc),
            init.GetProperty("duration_seconds").GetInt64(),
            environment);
        EnergySystem = new EnergySystem(objects);
        foreach (var c in init.GetProperty("calculations").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var method = Find(name);
            var ids = c.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToList();
            var keys = c.GetProperty("objects").EnumerateArray().Select(o => (IReadOnlyList<string>)[.. o.GetProperty("inputs").EnumerateArray().SelectMany(i => i.EnumerateArray().Select(k => k.GetString()!))]).ToList();
            var outputs = c.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()!).ToList();
            var recorded = c.GetProperty("recorded").EnumerateArray().Select(o => o.GetString()!).ToList();
            _calcs.Add(new Calc(name, method, ids, keys, outputs, [.. outputs, .. recorded], ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal)));
        }

        InitCalculationService(EnergySystem);
    }

    private Calculation Find(string name)
    {
        var pascal = string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        var method = GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(m => m.Name == name || m.Name == pascal)
            ?? throw new MissingMethodException($"{GetType().Name} has no public method '{name}' or '{pascal}' for the calculation of that name");
        return method.CreateDelegate<Calculation>(this);
    }

    private void Step(ReadOnlySpan<byte> payload)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        int index = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        int call = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[2..]);
        int calls = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[6..]);
        var time = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64LittleEndian(payload[10..])).UtcDateTime;
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[18..]);
        var values = MemoryMarshal.Cast<byte, double>(payload.Slice(22, n * 8));
        var calc = _calcs[index];
        InfluxConnector.Begin(calc.Names, calc.Objects);
        int outputs = calc.Outputs.Count, objects = calc.Ids.Count;
        int size = 4 + (objects * outputs * 8) + 4;
        EnsureSend(size);
        var o = _send.AsSpan(5);
        BinaryPrimitives.WriteUInt32LittleEndian(o, (uint)(objects * outputs));
        int k = 0;
        var step = new TimeStepInformation(call, calls);
        for (int i = 0; i < objects; i++)
        {
            var keys = calc.Keys[i];
            _params.Set(keys, values.Slice(k, keys.Count));
            k += keys.Count;
            var answer = calc.Method(_params, time, step, calc.Ids[i], EnergySystem);
            for (int j = 0; j < outputs; j++)
            {
                if (!answer.TryGetValue(calc.Outputs[j], out var v))
                {
                    throw new KeyNotFoundException($"{calc.Name} returned no '{calc.Outputs[j]}' for {calc.Ids[i]}; it returned {string.Join(", ", answer.Keys)}");
                }

                BinaryPrimitives.WriteDoubleLittleEndian(o[(4 + (((i * outputs) + j) * 8))..], v);
            }
        }

        var points = InfluxConnector.Points;
        EnsureSend(size + (points.Count * 14) + 8);
        o = _send.AsSpan(5);
        int at = 4 + (objects * outputs * 8);
        BinaryPrimitives.WriteUInt32LittleEndian(o[at..], (uint)points.Count);
        at += 4;
        foreach (var (obj, name, value) in points)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(o[at..], (uint)obj);
            BinaryPrimitives.WriteUInt16LittleEndian(o[(at + 4)..], (ushort)name);
            BinaryPrimitives.WriteDoubleLittleEndian(o[(at + 6)..], value);
            at += 14;
        }

        BinaryPrimitives.WriteDoubleLittleEndian(_send.AsSpan(5 + at), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        ServiceProtocol.SendInPlace(_socket!, ServiceProtocol.Result, _send, at + 8);
    }

    private void EnsureSend(int size)
    {
        if (_send.Length < size + 5)
        {
            Array.Resize(ref _send, Math.Max(size + 5, _send.Length * 2));
        }
    }

    private static Socket Connect(string? address)
    {
        if (address is null || (!address.StartsWith("unix:", StringComparison.Ordinal) && !address.StartsWith("tcp:", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{ServiceProtocol.AddressVariable} is not set (unix:PATH or tcp:HOST:PORT): start this service through quartier run --services");
        }

        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Connect(new UnixDomainSocketEndPoint(address[5..]));
            return unix;
        }

        var hostPort = address[4..];
        int colon = hostPort.LastIndexOf(':');
        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        tcp.Connect(new DnsEndPoint(hostPort[..colon], int.Parse(hostPort[(colon + 1)..], CultureInfo.InvariantCulture)));
        return tcp;
    }

    private sealed record Calc(string Name, Calculation Method, IReadOnlyList<string> Ids, IReadOnlyList<IReadOnlyList<string>> Keys, IReadOnlyList<string> Outputs, IReadOnlyList<string> Names, Dictionary<string, int> Objects);
}
