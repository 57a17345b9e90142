namespace Quartier.Simulation.Engine;

/// <summary>
/// The sources of one input for every asset of a service, as compressed rows into the engine's value
/// buffer: asset i reads <c>Data[Sources[j]]</c> for j in <c>Offsets[i]..Offsets[i+1]</c>.
/// </summary>
public sealed class InputBinding
{
    internal InputBinding(InputDeclaration declaration, int[] offsets, int[] sources, int[] sourceAssetIndex)
    {
        Declaration = declaration;
        Offsets = offsets;
        Sources = sources;
        SourceAssetIndex = sourceAssetIndex;
        Data = [];
        Reindex();
    }

    /// <summary>
    /// Where every asset has exactly one source and the sources follow each other (asset i reads <c>Data[DenseBase + i]</c>):
    /// their first index; −1 otherwise. A read then needs neither <see cref="Offsets"/> nor <see cref="Sources"/>.
    /// </summary>
    internal int DenseBase { get; private set; } = -1;

    /// <summary>
    /// Where every asset has exactly one source: for each asset, the end (exclusive) of the run of assets from it on that
    /// read the same source (a global input, one copy per chunk under tiling); null otherwise.
    /// </summary>
    internal int[]? UniformEnd { get; private set; }

    /// <summary>Works out <see cref="DenseBase"/> and <see cref="UniformEnd"/> again after <see cref="Sources"/> were rewritten.</summary>
    internal void Reindex()
    {
        DenseBase = -1;
        int n = Offsets.Length - 1;
        bool single = n > 0 && Sources.Length == n;
        for (int i = 0; i < n && single; i++)
        {
            single = Offsets[i] == i && Sources[i] >= 0;
        }

        if (!single)
        {
            UniformEnd = null;
            return;
        }

        var end = UniformEnd ?? new int[n];
        end[n - 1] = n;
        for (int i = n - 2; i >= 0; i--)
        {
            end[i] = Sources[i] == Sources[i + 1] ? end[i + 1] : i + 1;
        }

        UniformEnd = end;
        for (int i = 0; i < n; i++)
        {
            if (Sources[i] != Sources[0] + i)
            {
                return;
            }
        }

        DenseBase = Sources[0];
    }

    public InputDeclaration Declaration { get; }

    internal int[] Offsets { get; }

    internal int[] Sources { get; }

    /// <summary>For each source entry, the index of the source asset within its service.</summary>
    internal int[] SourceAssetIndex { get; }

    internal double[] Data { get; set; }

    /// <summary>The producing service's assets, indexed by <see cref="SourceAsset"/>.</summary>
    public IReadOnlyList<Core.Model.Asset> SourceAssets { get; internal set; } = [];

    public bool IsDelayed { get; internal set; }

    /// <summary>The service that publishes this input (null when no service does).</summary>
    internal CalculationService? Producer { get; set; }

    /// <summary>Whether the producer can tell its values ahead (<see cref="IForecastSource"/>).</summary>
    public bool CanForecast => Producer is IForecastSource;

    /// <summary>
    /// The producer's values of this input for source entry <paramref name="entry"/> from array index
    /// <paramref name="index"/> (step index + 1) on: a perfect forecast over the data the run steps through, or — from a
    /// producer that cannot tell its values ahead (an external service) — its present value held (persistence).
    /// </summary>
    public void Ahead(int entry, int index, Span<double> destination)
    {
        if (Producer is not IForecastSource source)
        {
            destination.Fill(Value(entry));
            return;
        }

        source.Ahead(Declaration.SourceOutput, SourceAssetIndex[entry], index, destination);
    }

    /// <summary>The arrays as a local view for a step loop.</summary>
    public InputView View() => new(Offsets, Sources, Data, DenseBase, UniformEnd);

    /// <summary>First entry of asset <paramref name="asset"/>; entries run to <see cref="End"/>.</summary>
    public int Start(int asset) => Offsets[asset];

    public int End(int asset) => Offsets[asset + 1];

    /// <summary>Total number of source entries over all assets.</summary>
    public int Entries => Sources.Length;

    /// <summary>The value of source entry <paramref name="entry"/>.</summary>
    public double Value(int entry) => Data[Sources[entry]];

    /// <summary>The asset behind source entry <paramref name="entry"/>.</summary>
    public Core.Model.Asset EntryAsset(int entry) => SourceAssets[SourceAssetIndex[entry]];

    public int Count(int asset) => Offsets[asset + 1] - Offsets[asset];

    public bool Has(int asset) => Offsets[asset + 1] > Offsets[asset];

    /// <summary>Sum over all sources of asset <paramref name="asset"/> (0 when none).</summary>
    public double Sum(int asset)
    {
        double s = 0;
        var data = Data;
        for (int j = Offsets[asset]; j < Offsets[asset + 1]; j++)
        {
            s += data[Sources[j]];
        }

        return s;
    }

    /// <summary>The first source's value, or <paramref name="fallback"/> when there is none.</summary>
    public double First(int asset, double fallback = 0)
    {
        if (DenseBase >= 0)
        {
            return Data[DenseBase + asset];
        }

        int j = Offsets[asset];
        return j < Offsets[asset + 1] ? Data[Sources[j]] : fallback;
    }

    public double Get(int asset, int k) => Data[Sources[Offsets[asset] + k]];

    /// <summary>The asset index, within the source service, of source <paramref name="k"/> of asset <paramref name="asset"/>.</summary>
    public int SourceAsset(int asset, int k) => SourceAssetIndex[Offsets[asset] + k];
}

/// <summary>
/// An <see cref="InputBinding"/>'s arrays held in a local for a step loop (<see cref="InputBinding.View"/>), so that the
/// JIT keeps them in registers: the same reads without going through the binding object each time.
/// </summary>
public readonly struct InputView(int[] offsets, int[] sources, double[] data, int denseBase = -1, int[]? uniformEnd = null)
{
    private readonly int[] _offsets = offsets;
    private readonly int[] _sources = sources;
    private readonly double[] _data = data;
    private readonly int _dense = denseBase;
    private readonly int[]? _uniformEnd = uniformEnd;

    public bool Has(int asset) => _dense >= 0 || _offsets[asset + 1] > _offsets[asset];

    public int Start(int asset) => _dense >= 0 ? asset : _offsets[asset];

    public int End(int asset) => _dense >= 0 ? asset + 1 : _offsets[asset + 1];

    public double Value(int entry) => _data[_dense >= 0 ? _dense + entry : _sources[entry]];

    /// <summary>
    /// Where every asset has exactly one source and the sources follow each other: the values of assets <paramref name="from"/>
    /// … <paramref name="from"/> + <paramref name="count"/> − 1 (asset i's entry is i); false otherwise.
    /// </summary>
    public bool TryDense(int from, int count, out ReadOnlySpan<double> values)
    {
        values = _dense >= 0 ? _data.AsSpan(_dense + from, count) : default;
        return _dense >= 0;
    }

    /// <summary>
    /// Where assets <paramref name="from"/> … <paramref name="from"/> + <paramref name="count"/> − 1 each have exactly one
    /// source and it is the same one: its value; false otherwise.
    /// </summary>
    public bool TryUniform(int from, int count, out double value)
    {
        bool uniform = _uniformEnd is { } end && count > 0 && (uint)from < (uint)end.Length && end[from] >= from + count;
        value = uniform ? _data[_sources[from]] : 0;
        return uniform;
    }

    /// <summary>The first source's value, or <paramref name="fallback"/> when there is none.</summary>
    public double First(int asset, double fallback = 0)
    {
        if (_dense >= 0)
        {
            return _data[_dense + asset];
        }

        int j = _offsets[asset];
        return j < _offsets[asset + 1] ? _data[_sources[j]] : fallback;
    }
}
