using Quartier.Core.Results;

namespace Quartier.Storage;

/// <summary>
/// Step-wise sums over all series of one ESDL type and output — every household's net power, every battery's fill
/// level — kept with a run when it commits, so that a dashboard opening a large run (600 houses × a year) draws its
/// sums without reading every series. A writer hands it every block it stores; groups of a single series are not
/// kept (that series is its own sum). Kept as internal attachments (<see cref="Prefix"/>), which attachment lists leave
/// out, encoded losslessly (<see cref="BlockCodec"/>). Memory: one array of the run's length per group.
/// </summary>
public sealed class SeriesSums
{
    /// <summary>Names of internal attachments start with it; <c>GetAttachments</c> does not list them.</summary>
    public const string Prefix = "_sums/";

    private readonly Dictionary<int, int> _groupOf = [];
    private readonly Dictionary<(string Type, string Output), int> _groupIndex = [];
    private readonly List<(string Type, string Output)> _groups = [];
    private readonly List<int> _members = [];
    private readonly List<double[]> _sums = [];
    private int _steps;
    private double[] _scratch = [];

    /// <summary>The internal attachment holding the sum of every <paramref name="esdlType"/>'s <paramref name="output"/>.</summary>
    public static string Name(string esdlType, string output) => $"{Prefix}{esdlType}/{output}";

    /// <summary>True for an internal attachment.</summary>
    public static bool IsInternal(string attachment) => attachment.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The sums stored under <see cref="Name"/> for a run of <paramref name="steps"/> steps, or null when they do not cover exactly that many.</summary>
    public static double[]? Decode(byte[] content, int steps)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!BlockCodec.IsPlausibleLength(content.Length, steps))
        {
            return null;
        }

        var values = new double[steps];
        try
        {
            BlockCodec.Decode(content, values);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        return values;
    }

    public void Declare(IReadOnlyList<SeriesInfo> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
        {
            if (!_groupIndex.TryGetValue((s.EsdlType, s.Output), out var g))
            {
                g = _groups.Count;
                _groupIndex.Add((s.EsdlType, s.Output), g);
                _groups.Add((s.EsdlType, s.Output));
                _members.Add(0);
                _sums.Add([]);
            }

            if (_groupOf.TryAdd(s.Id, g))
            {
                _members[g]++;
            }
        }
    }

    /// <summary>Adds a block of series <paramref name="seriesId"/> (steps from <paramref name="firstStep"/>, 1-based).</summary>
    public void Add(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        if (!_groupOf.TryGetValue(seriesId, out var g))
        {
            return;
        }

        var end = firstStep - 1 + values.Length;
        var sum = _sums[g];
        if (sum.Length < end)
        {
            Array.Resize(ref sum, Math.Max(end, sum.Length * 2));
            _sums[g] = sum;
        }

        var target = sum.AsSpan(firstStep - 1, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            target[i] += values[i];
        }

        _steps = Math.Max(_steps, end);
    }

    /// <summary>As <see cref="Add"/> for a block in the store's encoding (decoded only when its series is summed).</summary>
    public void AddEncoded(int seriesId, int firstStep, int stepCount, ReadOnlySpan<byte> payload)
    {
        if (!_groupOf.ContainsKey(seriesId))
        {
            return;
        }

        if (_scratch.Length < stepCount)
        {
            _scratch = new double[stepCount];
        }

        BlockCodec.Decode(payload, _scratch.AsSpan(0, stepCount));
        Add(seriesId, firstStep, _scratch.AsSpan(0, stepCount));
    }

    /// <summary>The attachments to keep: one per group of two or more series, over the steps written.</summary>
    public IReadOnlyList<(string Name, byte[] Content)> Attachments()
    {
        var kept = new List<(string Name, byte[] Content)>();
        byte[] buffer = [];
        for (var g = 0; g < _groups.Count; g++)
        {
            if (_members[g] < 2 || _steps == 0)
            {
                continue;
            }

            var sum = _sums[g];
            if (sum.Length < _steps)
            {
                Array.Resize(ref sum, _steps);
            }

            var length = BlockCodec.Encode(sum.AsSpan(0, _steps), ref buffer);
            kept.Add((Name(_groups[g].Type, _groups[g].Output), buffer[..length]));
        }

        return kept;
    }
}
