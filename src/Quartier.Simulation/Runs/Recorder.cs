using System.Text;
using Quartier.Core.Results;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Runs;

/// <summary>
/// Records chosen signals into a result sink in blocks of consecutive steps. Patterns are
/// <c>ESDLType/output</c> with <c>*</c> wildcards (e.g. <c>EConnection/net_power</c>, <c>Battery/*</c>), or <c>all</c>.
/// Blocks are shortened when many series are recorded, so the buffers stay within 16 M values (128 MB).
/// </summary>
public sealed class Recorder : IStepObserver
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
    private double[] _values = [];
    private const long BufferBudget = 16L * 1024 * 1024;
    private int _count;
    private int _block = 1;
    private int _blockStart = 1;

    public Recorder(IResultSink sink, IReadOnlyList<string>? patterns = null, int blockSteps = 2976)
    {
        _sink = sink;
        _patterns = patterns is { Count: > 0 } ? patterns : DefaultPatterns;
        _blockSteps = blockSteps;
    }

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

        _signals = simulation.Signals.Where(s => _patterns.Any(p => Matches(p, s.Name))).ToArray();

        _count = simulation.Grid.Count;
        _values = simulation.Values;
        long seriesCount = _signals.Sum(s => (long)s.Assets.Count);
        _block = (int)Math.Min(Math.Min(_blockSteps, _count), Math.Max(96, BufferBudget / Math.Max(1, seriesCount)));
        _buffers = _signals.Select(s => new double[s.Assets.Count * _block]).ToArray();
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
    }

    public void AfterStep(int step)
    {
        int block = _block;
        int j = step - _blockStart;
        for (int s = 0; s < _signals.Length; s++)
        {
            var buf = _buffers[s];
            int b = _signals[s].Base;
            int n = _signals[s].Assets.Count;
            for (int a = 0; a < n; a++)
            {
                buf[(a * block) + j] = _values[b + a];
            }
        }

        if (j == block - 1 || step == _count)
        {
            Flush(j + 1, block);
            _blockStart = step + 1;
        }
    }

    public void Complete()
    {
    }

    private void Flush(int length, int block)
    {
        for (int s = 0; s < _signals.Length; s++)
        {
            int n = _signals[s].Assets.Count;
            for (int a = 0; a < n; a++)
            {
                _sink.WriteBlock(_firstSeries[s] + a, _blockStart, _buffers[s].AsSpan(a * block, length));
            }
        }
    }
}
