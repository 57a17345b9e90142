using System.Globalization;
using System.Text;
using Quartier.Application;
using Quartier.Application.Dots;
using Quartier.Core.Results;
using Quartier.Esdl;
using Quartier.Server.Jobs;

namespace Quartier.Server.Influx;

/// <summary>Opens an <see cref="InfluxSink"/> per run on one InfluxDB database (created at start-up).</summary>
public sealed class InfluxSinkFactory(InfluxTarget target) : ISeriesSinkFactory
{
    public static InfluxSinkFactory Create(string url)
    {
        var target = InfluxTarget.Parse(url);
        target.EnsureDatabase();
        return new InfluxSinkFactory(target);
    }

    public InfluxTarget Target => target;

    public ILiveSink Open(string runId, PreparedRun run) => new InfluxSink(target, runId, InfluxRun.Of(run));
}

/// <summary>What a sink needs to know of a run: its time grid, its energy system (the LV network's tags) and DOTS's model ids.</summary>
public sealed record InfluxRun(DateTime Start, int StepSeconds, string SystemId, string SystemName, Func<DotsColumn, string> ModelId)
{
    public static InfluxRun Of(PreparedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var system = run.Input.System;
        return new InfluxRun(run.Grid.Start, run.Grid.StepSeconds, system.Id, system.Name, ModelIds(run));
    }

    /// <summary>DOTS's model id of each object (<see cref="DotsModels"/>); objects no listed service serves get <c>&lt;type&gt;-1</c>.</summary>
    private static Func<DotsColumn, string> ModelIds(PreparedRun run)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in run.Input.Request is { } request ? DotsModels.Of(request) : [])
        {
            foreach (var (id, _) in model.Objects)
            {
                index.TryAdd(id, model.ModelId);
            }
        }

        return c => index.GetValueOrDefault(c.EsdlId) ?? (c.Measurement == DotsSchema.EnergySystem ? "lvnetwork-1" : $"{c.Measurement.ToLowerInvariant()}-1");
    }
}

/// <summary>
/// Writes a run's series to InfluxDB 1.x in DOTS's schema while the run goes: measurement = ESDL type, tags
/// <c>esdl_id</c>, <c>esdl_name</c>, <c>model_id</c>, <c>simulation_id</c>, one field per output (DOTS's names, see
/// <see cref="DotsSchema"/>), second precision; a point per object, output and step, batched into writes of a few MB
/// as each recorded block arrives.
/// </summary>
public sealed class InfluxSink : ILiveSink
{
    private const int BatchBytes = 4 * 1024 * 1024;
    private readonly InfluxTarget _target;
    private readonly string _runId;
    private readonly InfluxRun _run;
    private readonly Dictionary<int, double[]> _block = [];
    private readonly StringBuilder _lines = new(BatchBytes + 4096);
    private byte[] _bytes = [];
    private IReadOnlyList<DotsColumn> _columns = [];
    private string[] _prefixes = [];
    private int _blockStart = -1;
    private int _blockLength;

    public InfluxSink(InfluxTarget target, string runId, InfluxRun run)
    {
        _target = target;
        _runId = runId;
        _run = run;
    }

    /// <summary>Points written so far (one per object, field and step).</summary>
    public long Points { get; private set; }

    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        _columns = DotsSchema.Columns(series, _run.SystemId, _run.SystemName);
        _prefixes = _columns.Select(c =>
            $"{Escape(c.Measurement, measurement: true)},esdl_id={Escape(c.EsdlId)},esdl_name={Escape(c.EsdlName.Length > 0 ? c.EsdlName : c.Measurement)},model_id={Escape(_run.ModelId(c))},simulation_id={Escape(_runId)} {Escape(c.Field)}=").ToArray();
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        if (firstStep != _blockStart)
        {
            FlushBlock();
            _blockStart = firstStep;
            _blockLength = values.Length;
        }

        _block[seriesId] = values.ToArray();
    }

    public void Complete()
    {
        FlushBlock();
        Send();
    }

    public void Dispose()
    {
        _block.Clear();
        _lines.Clear();
    }

    private void FlushBlock()
    {
        if (_blockStart < 0 || _block.Count == 0)
        {
            return;
        }

        long t0 = new DateTimeOffset(DateTime.SpecifyKind(_run.Start, DateTimeKind.Utc)).ToUnixTimeSeconds();
        for (int c = 0; c < _columns.Count; c++)
        {
            var sources = _columns[c].Sources;
            if (!sources.All(_block.ContainsKey))
            {
                continue;
            }

            for (int i = 0; i < _blockLength; i++)
            {
                double v = 0;
                foreach (var s in sources)
                {
                    v += _block[s][i];
                }

                if (!double.IsFinite(v))
                {
                    continue;
                }

                _lines.Append(_prefixes[c]).Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                    .Append(t0 + ((long)(_blockStart + i) * _run.StepSeconds)).Append('\n');
                Points++;
                if (_lines.Length >= BatchBytes)
                {
                    Send();
                }
            }
        }

        _block.Clear();
        _blockStart = -1;
    }

    private void Send()
    {
        if (_lines.Length == 0)
        {
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(_lines.Length);
        if (_bytes.Length < length)
        {
            _bytes = new byte[length];
        }

        int written = 0;
        foreach (var chunk in _lines.GetChunks())
        {
            written += Encoding.UTF8.GetBytes(chunk.Span, _bytes.AsSpan(written));
        }

        _lines.Clear();
        try
        {
            _target.Write(_bytes, written);
        }
        catch (HttpRequestException e)
        {
            throw new QuartierLiveSinkException($"InfluxDB at {_target.BaseUri}: {e.Message}", e);
        }
        catch (TaskCanceledException e)
        {
            throw new QuartierLiveSinkException($"InfluxDB at {_target.BaseUri} did not answer a write in time", e);
        }
    }

    private static string Escape(string s, bool measurement = false)
    {
        var sb = new StringBuilder(s.Length + 4);
        foreach (var ch in s)
        {
            if (ch is ',' or ' ' || (!measurement && ch == '='))
            {
                sb.Append('\\');
            }

            sb.Append(ch is '\n' or '\r' ? ' ' : ch);
        }

        return sb.ToString();
    }
}
