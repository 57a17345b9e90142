using System.Text;
using Quartier.Core.Results;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Runs;

/// <summary>
/// Records chosen signals into a result sink in blocks of consecutive steps. Patterns are
/// <c>ESDLType/output</c> with <c>*</c> wildcards (e.g. <c>EConnection/net_power</c>, <c>Battery/*</c>), or <c>all</c>.
/// Blocks are shortened when many series are recorded, so that each of the two block buffers stays within 16 M values
/// (128 MB), or 64 M values where that keeps blocks at 336 steps or more (3.5 days at 15 min; e.g. 100,000 homes' two
/// series): one fills while the other is transposed and handed to the sink on the recorder's own thread.
/// </summary>
public sealed class Recorder : IStepObserver, IDisposable
{
    public static readonly IReadOnlyList<string> DefaultPatterns =
    [
        "EConnection/net_power",
        "EConnection/pv_power",
        "EConnection/consumption_power",
        "Battery/fill_level",
        "EVChargingStation/state_of_charge",
        "HybridHeatPump/house_temperature",
        "HeatPump/house_temperature",
        "Transformer/loading",
        "EnergyMarket/day_ahead_price",
    ];

    private readonly IResultSink _sink;
    private readonly IReadOnlyList<string> _patterns;
    private readonly int _blockSteps;
    private Signal[] _signals = [];
    private double[][] _buffers = [];
    private int[] _firstSeries = [];
    private CoSimulation? _simulation;
    private double[] _tile = [];
    private double[][] _spare = [];
    private double[][] _pending = [];
    private int _pendingLength, _pendingStart;
    private Thread? _writer;
    private readonly SemaphoreSlim _work = new(0);
    private readonly SemaphoreSlim _idle = new(1);
    private volatile bool _stop;
    private Exception? _writerError;
    private const long BufferBudget = 16L * 1024 * 1024;
    private const long LargeBufferBudget = 64L * 1024 * 1024;
    private const int LongBlockSteps = 336;
    private int _count;
    private int _block = 1;
    private int _blockStart = 1;

    public Recorder(IResultSink sink, IReadOnlyList<string>? patterns = null, int blockSteps = 2976, IReadOnlyList<string>? also = null)
    {
        _sink = sink;
        _patterns = patterns is { Count: > 0 } ? patterns : DefaultPatterns;
        _blockSteps = blockSteps;
        _also = also ?? [];
    }

    /// <summary>Signal names recorded besides the patterns (what external services record explicitly), not checked against the system.</summary>
    private readonly IReadOnlyList<string> _also;

    public IReadOnlyList<SeriesInfo> Series { get; private set; } = [];

    public static bool Matches(string pattern, string signalName)
    {
        if (pattern.Equals("all", StringComparison.OrdinalIgnoreCase) || pattern == "*")
        {
            return true;
        }

        // A plain ASCII name matches as the regex below would ($ also before a final newline), without building one per
        // signal (a large LV network has thousands).
        if (!pattern.Contains('*', StringComparison.Ordinal) && Ascii.IsValid(pattern) && Ascii.IsValid(signalName) && !signalName.EndsWith('\n'))
        {
            return string.Equals(pattern, signalName, StringComparison.OrdinalIgnoreCase);
        }

        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(signalName, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }

    /// <summary>
    /// Refuses record patterns that match no signal of <paramref name="simulation"/> (called when a run is
    /// prepared, before anything is stored).
    /// </summary>
    public static void Validate(IReadOnlyList<string> patterns, CoSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        ArgumentNullException.ThrowIfNull(simulation);
        var unknown = patterns.Where(p => !simulation.Signals.Any(s => Matches(p, s.Name))).ToList();
        if (unknown.Count > 0)
        {
            var known = string.Join(", ", simulation.Signals.Select(s => System.Text.RegularExpressions.Regex.Replace(s.Name, "[0-9]+", "*")).Distinct(StringComparer.Ordinal));
            throw new Core.Errors.InputException($"pattern '{string.Join("', '", unknown)}' matches no signal; signals of this system: {known}", field: "record");
        }
    }

    public void Attach(CoSimulation simulation)
    {
        if (_patterns != DefaultPatterns)
        {
            Validate(_patterns, simulation);
        }

        _signals = simulation.Signals.Where(s => _patterns.Any(p => Matches(p, s.Name)) || _also.Contains(s.Name, StringComparer.Ordinal)).ToArray();

        _count = simulation.Grid.Count;
        _simulation = simulation;
        long seriesCount = _signals.Sum(s => (long)s.Assets.Count);
        // blocks of at least a few days where a larger buffer allows it: every block costs the store a row and its overhead
        long perSeries = Math.Max(1, seriesCount);
        long target = Math.Max(BufferBudget / perSeries, Math.Min(LongBlockSteps, LargeBufferBudget / perSeries));
        _block = (int)Math.Min(Math.Min(_blockSteps, _count), Math.Max(96, target));
        _buffers = _signals.Select(s => new double[s.Assets.Count * _block]).ToArray();
        _spare = _signals.Select(s => new double[s.Assets.Count * _block]).ToArray();
        _tile = new double[Tile * _block];
        _firstSeries = new int[_signals.Length];
        var series = new List<SeriesInfo>();
        for (int i = 0; i < _signals.Length; i++)
        {
            _firstSeries[i] = series.Count;
            foreach (var a in _signals[i].Assets)
            {
                series.Add(new SeriesInfo(series.Count, a.Type, a.Id, a.Name, _signals[i].Output.Name, _signals[i].Output.Unit));
            }
        }

        Series = series;
        _sink.DeclareSeries(series);

        // full blocks are transposed, encoded and stored on a thread of their own while the next block fills
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "quartier-recorder" };
        _writer.Start();
    }

    public void AfterStep(int step)
    {
        int j = step - _blockStart;
        for (int s = 0; s < _signals.Length; s++)
        {
            // step-major: one contiguous copy per signal and step; series are cut out when the block is flushed
            int n = _signals[s].Assets.Count;
            _simulation!.Current(_signals[s]).CopyTo(_buffers[s].AsSpan(j * n, n));
        }

        if (j == _block - 1 || step == _count)
        {
            _idle.Wait();
            ThrowIfWriterFailed();
            (_pending, _pendingLength, _pendingStart) = (_buffers, j + 1, _blockStart);
            (_buffers, _spare) = (_spare, _buffers);
            _work.Release();
            _blockStart = step + 1;
        }
    }

    /// <inheritdoc/>
    public bool Concurrent => true;

    /// <inheritdoc/>
    public IReadOnlyList<Signal>? Reads => _signals;

    /// <summary>Waits for the last block to be stored; a failure of the sink surfaces here.</summary>
    public void Complete()
    {
        _idle.Wait();
        _idle.Release();
        ThrowIfWriterFailed();
        Dispose();
    }

    /// <summary>Stops the writer thread after the block it is writing, if any (a run that ends early stores nothing more).</summary>
    public void Dispose()
    {
        if (_writer is { } writer)
        {
            _stop = true;
            _work.Release();
            writer.Join();
            _writer = null;
            _work.Dispose();
            _idle.Dispose();
        }
    }

    private void ThrowIfWriterFailed()
    {
        if (_writerError is { } error)
        {
            throw new InvalidOperationException($"recording failed: {error.Message}", error);
        }
    }

    private void WriteLoop()
    {
        while (true)
        {
            _work.Wait();
            if (_stop)
            {
                return;
            }

            try
            {
                Flush(_pending, _pendingLength, _pendingStart);
            }
            catch (Exception ex)
            {
                _writerError = ex;
            }
            finally
            {
                _idle.Release();
            }
        }
    }

    /// <summary>Writes the block's first <paramref name="length"/> steps series by series, transposing tiles of <see cref="Tile"/> series at a time.</summary>
    private void Flush(double[][] buffers, int length, int blockStart)
    {
        for (int s = 0; s < _signals.Length; s++)
        {
            var buf = buffers[s];
            int n = _signals[s].Assets.Count;
            for (int a0 = 0; a0 < n; a0 += Tile)
            {
                int width = Math.Min(Tile, n - a0);
                for (int j = 0; j < length; j++)
                {
                    int row = (j * n) + a0;
                    for (int a = 0; a < width; a++)
                    {
                        _tile[(a * _block) + j] = buf[row + a];
                    }
                }

                for (int a = 0; a < width; a++)
                {
                    _sink.WriteBlock(_firstSeries[s] + a0 + a, blockStart, _tile.AsSpan(a * _block, length));
                }
            }
        }
    }

    /// <summary>Series transposed at once: 64 (512 bytes of each step's row) keeps eight cache-line reads in flight per row, and the tile (64 × block steps) within L2.</summary>
    private const int Tile = 64;
}
