using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.External;

/// <summary>
/// One calculation of an external service as an engine service: stepped at its own period and offset (DOTS's times),
/// one batched call per due step holding every object's inputs, keyed <c>Type/name/id</c> by the publisher (the layout is
/// sent once at INIT), answered with every object's outputs and the values it chose to record (NaN where it recorded
/// none). The calculations of one service share its ESDL objects.
/// </summary>
public sealed class ExternalCalculation : CalculationService
{
    private readonly ExternalService _service;
    private readonly DeclaredCalculation _calc;
    private readonly OutputDeclaration[] _outputs;
    private readonly InputDeclaration[] _inputs;
    private ArraySegment<double>[] _out = [];
    private InputBinding[] _bindings = [];
    private IReadOnlyList<Asset> _objects = [];
    private double[] _values = [];
    private int _first;
    private int _calls;
    private int _stepSeconds;
    private long _startUnix;
    private long[] _ticks = [];
    private double[] _compute = [];
    private int _made;

    internal ExternalCalculation(ExternalService service, DeclaredCalculation calculation, int index)
    {
        _service = service;
        _calc = calculation;
        Index = index;
        _outputs = [.. calculation.Outputs.Select(o => new OutputDeclaration(o.Name, o.Unit, $"from external service '{service.Definition.Name}'")),
            .. calculation.Recorded.Select(o => new OutputDeclaration(o.Name, o.Unit, $"recorded by external service '{service.Definition.Name}' (NaN where it recorded nothing)"))];
        _inputs = [.. calculation.Inputs.Select(i => new InputDeclaration($"{i.EsdlType}/{i.Name}", i.EsdlType, i.Name))];
    }

    /// <summary>Its index among the service's calculations (sent with every call).</summary>
    public int Index { get; }

    public override string Name => $"{_service.Definition.Name}/{_calc.Name}";

    public override AssetKind Kind => _service.Declaration.EsdlType;

    public override int PeriodSeconds => _calc.PeriodSeconds;

    public override int OffsetSeconds => _calc.OffsetSeconds;

    public override object? AssetGroup => _service;

    public override IReadOnlyList<OutputDeclaration> Outputs => _outputs;

    public override IReadOnlyList<InputDeclaration> Inputs => _inputs;

    /// <summary>Each call's round trip so far (inputs out, outputs in), in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public ReadOnlySpan<long> CallTicks => _ticks.AsSpan(0, _made);

    /// <summary>Each call's computing time as the service reported it (seconds; NaN where it did not).</summary>
    public ReadOnlySpan<double> ServiceSeconds => _compute.AsSpan(0, _made);

    /// <summary>The ESDL objects it computes for (empty before the simulation is built).</summary>
    public IReadOnlyList<Asset> Objects => _objects;

    public override void Initialize(ServiceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _objects = context.Assets;
        _out = [.. _outputs.Select(o => context.Output(o.Name))];
        _bindings = [.. _inputs.Select(i => context.Input(i.Name))];
        _values = new double[_bindings.Sum(b => b.Entries)];
        _stepSeconds = context.Grid.StepSeconds;
        long duration = (long)context.Grid.Count * context.Grid.StepSeconds;
        _first = _calc.OffsetSeconds > 0 ? _calc.OffsetSeconds : _calc.PeriodSeconds;
        if (_first > duration)
        {
            throw new InputException($"external service '{_service.Definition.Name}': calculation '{_calc.Name}' first runs at {_first} s (period {_calc.PeriodSeconds} s, offset {_calc.OffsetSeconds} s), after the run's {duration} s", field: "time_period_in_seconds");
        }

        _calls = (int)((duration - _first) / _calc.PeriodSeconds) + 1;
        _ticks = new long[_calls];
        _compute = new double[_calls];
        _made = 0;
        _startUnix = new DateTimeOffset(DateTime.SpecifyKind(context.Grid.Start, DateTimeKind.Utc)).ToUnixTimeSeconds();
    }

    /// <summary>Its part of INIT: name, objects' input keys in the order STEP carries their values, output and recorded names.</summary>
    internal JsonObject Layout()
    {
        var objects = new JsonArray();
        for (int i = 0; i < _objects.Count; i++)
        {
            var inputs = new JsonArray();
            foreach (var b in _bindings)
            {
                var keys = new JsonArray();
                for (int e = b.Start(i); e < b.End(i); e++)
                {
                    var a = b.EntryAsset(e);
                    keys.Add($"{a.Type}/{b.Declaration.SourceOutput}/{a.Id}");
                }

                inputs.Add(keys);
            }

            objects.Add(new JsonObject { ["id"] = _objects[i].Id, ["inputs"] = inputs });
        }

        return new JsonObject
        {
            ["name"] = _calc.Name,
            ["period_seconds"] = _calc.PeriodSeconds,
            ["offset_seconds"] = _calc.OffsetSeconds,
            ["calls"] = _calls,
            ["inputs"] = new JsonArray([.. _calc.Inputs.Select(i => (JsonNode?)i.Name)]),
            ["outputs"] = new JsonArray([.. _calc.Outputs.Select(o => (JsonNode?)o.Name)]),
            ["recorded"] = new JsonArray([.. _calc.Recorded.Select(o => (JsonNode?)o.Name)]),
            ["objects"] = objects,
        };
    }

    public override void Step(in StepContext step)
    {
        int k = 0;
        for (int i = 0; i < _objects.Count; i++)
        {
            foreach (var b in _bindings)
            {
                for (int e = b.Start(i); e < b.End(i); e++)
                {
                    _values[k++] = b.Value(e);
                }
            }
        }

        int call = (int)((step.Seconds - _first) / _calc.PeriodSeconds) + 1;
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        _service.Call(this, call, _calls, _startUnix + step.Seconds, _values.AsSpan(0, k));
        if (_made < _ticks.Length)
        {
            _ticks[_made++] = System.Diagnostics.Stopwatch.GetTimestamp() - t0;
        }
    }

    /// <summary>Takes a RESULT payload: outputs (objects × outputs), then recorded values.</summary>
    internal void Accept(ReadOnlySpan<byte> payload, int call)
    {
        int objects = _objects.Count, outputs = _calc.Outputs.Count;
        if (payload.Length < 4)
        {
            throw _service.Failure($"{_calc.Name} at call {call}", "a RESULT shorter than its header");
        }

        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload);
        if (n != objects * outputs || payload.Length < 4 + (n * 8) + 4)
        {
            throw _service.Failure($"{_calc.Name} at call {call}", $"{n} output values for {objects} object(s) × {outputs} output(s) = {objects * outputs}");
        }

        for (int o = 0; o < outputs; o++)
        {
            var target = _out[o].AsSpan();
            for (int i = 0; i < objects; i++)
            {
                target[i] = BinaryPrimitives.ReadDoubleLittleEndian(payload[(4 + (((i * outputs) + o) * 8))..]);
            }
        }

        for (int r = outputs; r < _out.Length; r++)
        {
            _out[r].AsSpan().Fill(double.NaN);
        }

        int at = 4 + (n * 8);
        int records = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[at..]);
        at += 4;
        if (payload.Length < at + (records * 14))
        {
            throw _service.Failure($"{_calc.Name} at call {call}", $"{records} recorded values announced, {(payload.Length - at) / 14} sent");
        }

        double compute = double.NaN;
        if (payload.Length >= at + (records * 14) + 8)
        {
            compute = BinaryPrimitives.ReadDoubleLittleEndian(payload[(at + (records * 14))..]);
        }

        if (_made < _compute.Length)
        {
            _compute[_made] = compute;
        }

        for (int r = 0; r < records; r++, at += 14)
        {
            int obj = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[at..]);
            int name = BinaryPrimitives.ReadUInt16LittleEndian(payload[(at + 4)..]);
            if (obj >= objects || name >= _out.Length)
            {
                throw _service.Failure($"{_calc.Name} at call {call}", $"a recorded value for object {obj} and name {name}: there are {objects} object(s) and {_out.Length} names");
            }

            _out[name].AsSpan()[obj] = BinaryPrimitives.ReadDoubleLittleEndian(payload[(at + 6)..]);
        }
    }
}
