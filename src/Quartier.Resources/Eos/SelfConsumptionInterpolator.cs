using System.Text.Json;

namespace Quartier.Resources.Eos;

/// <summary>
/// EOS's self-consumption rate: how much of an hour's PV surplus the household can use itself, from a regular grid
/// of probabilities over the hour's load (axis 0, W) and a partial load (axis 1, W). The grid is Akkudoktor-EOS data
/// (Apache-2.0, see <c>Eos/Data/NOTICE</c>) embedded in this assembly and parsed once, on first use, into flat arrays.
/// </summary>
/// <remarks>
/// <see cref="Rate"/> is <c>scr(C, G) = Σ_{k=0}^{⌈(G+50)/50⌉−1} f(C, 50k)</c> with <c>f</c> the bilinear interpolation
/// of the grid (0 outside it, end points inclusive), summed the way NumPy sums so the result matches EOS exactly.
/// Neither method allocates.
/// </remarks>
public sealed class SelfConsumptionInterpolator
{
    /// <summary>Logical name of the embedded grid (see the Resources csproj).</summary>
    internal const string ResourceName = "Quartier.Resources.Eos.self_consumption_interpolator_grid.json";

    /// <summary>Step of the partial loads summed by <see cref="Rate"/>, W.</summary>
    public const double PartialLoadStepW = 50.0;

    private static readonly Lazy<SelfConsumptionInterpolator> Embedded = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly double[] _loadAxis;
    private readonly double[] _partialAxis;
    private readonly double[] _values;

    private SelfConsumptionInterpolator(double[] loadAxis, double[] partialAxis, double[] values)
    {
        _loadAxis = loadAxis;
        _partialAxis = partialAxis;
        _values = values;
    }

    /// <summary>The EOS grid embedded in this assembly.</summary>
    public static SelfConsumptionInterpolator Default => Embedded.Value;

    /// <summary>Grid points of axis 0 (hourly load, W), ascending.</summary>
    public ReadOnlySpan<double> LoadAxis => _loadAxis;

    /// <summary>Grid points of axis 1 (partial load, W), ascending.</summary>
    public ReadOnlySpan<double> PartialLoadAxis => _partialAxis;

    /// <summary>Self-consumption rate for an hour with consumption <paramref name="loadWh"/> and PV generation <paramref name="pvWh"/>.</summary>
    public double Rate(double loadWh, double pvWh)
    {
        double count = Math.Ceiling((pvWh + PartialLoadStepW) / PartialLoadStepW);
        if (!(count > 0) || !Locate(_loadAxis, loadWh, out int i, out double ta))
        {
            return 0.0;
        }

        int n = count > int.MaxValue ? int.MaxValue : (int)count;
        return 0.0 + PairwiseRow(i, ta, 0, n);
    }

    /// <summary>Bilinear interpolation of the grid at (<paramref name="loadWh"/>, <paramref name="partialLoadWh"/>); 0 outside the grid.</summary>
    public double Value(double loadWh, double partialLoadWh) =>
        Locate(_loadAxis, loadWh, out int i, out double ta) ? RowValue(i, ta, partialLoadWh) : 0.0;

    /// <summary>Parses a grid in the JSON layout of <c>self_consumption_interpolator_grid.json</c>.</summary>
    internal static SelfConsumptionInterpolator Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var loadAxis = Axis(root, "axis0_load_1h_power_w");
        var partialAxis = Axis(root, "axis1_partial_load_w");
        var rows = root.GetProperty("values_row_major");
        if (rows.GetArrayLength() != loadAxis.Length)
        {
            throw new InvalidDataException($"self-consumption grid: {rows.GetArrayLength()} rows for {loadAxis.Length} load points");
        }

        var values = new double[loadAxis.Length * partialAxis.Length];
        int r = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.GetArrayLength() != partialAxis.Length)
            {
                throw new InvalidDataException($"self-consumption grid: row {r} has {row.GetArrayLength()} values for {partialAxis.Length} partial-load points");
            }

            int c = 0;
            foreach (var v in row.EnumerateArray())
            {
                values[(r * partialAxis.Length) + c++] = v.GetDouble();
            }

            r++;
        }

        return new SelfConsumptionInterpolator(loadAxis, partialAxis, values);
    }

    private static SelfConsumptionInterpolator LoadEmbedded()
    {
        using var stream = typeof(SelfConsumptionInterpolator).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from {typeof(SelfConsumptionInterpolator).Assembly.GetName().Name}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static double[] Axis(JsonElement root, string name)
    {
        var element = root.GetProperty(name);
        var axis = new double[element.GetArrayLength()];
        int k = 0;
        foreach (var v in element.EnumerateArray())
        {
            axis[k++] = v.GetDouble();
        }

        if (axis.Length < 2)
        {
            throw new InvalidDataException($"self-consumption grid: axis {name} needs at least 2 points");
        }

        for (k = 1; k < axis.Length; k++)
        {
            if (!(axis[k] > axis[k - 1]))
            {
                throw new InvalidDataException($"self-consumption grid: axis {name} is not strictly ascending at index {k}");
            }
        }

        return axis;
    }

    /// <summary>Finds the interval <c>axis[i] ≤ x &lt; axis[i+1]</c> (the last interval for x = last point) and the fraction within it.</summary>
    private static bool Locate(double[] axis, double x, out int index, out double fraction)
    {
        int last = axis.Length - 1;
        if (!(x >= axis[0] && x <= axis[last]))
        {
            index = 0;
            fraction = 0.0;
            return false;
        }

        int lo = 0, hi = last;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >>> 1;
            if (axis[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        index = lo;
        fraction = (x - axis[lo]) / (axis[lo + 1] - axis[lo]);
        return true;
    }

    private double RowValue(int i, double ta, double partial)
    {
        if (!Locate(_partialAxis, partial, out int j, out double tb))
        {
            return 0.0;
        }

        int width = _partialAxis.Length;
        int a = (i * width) + j;
        int b = a + width;
        return (_values[a] * (1 - ta) * (1 - tb)) + (_values[a + 1] * (1 - ta) * tb) + (_values[b] * ta * (1 - tb)) + (_values[b + 1] * ta * tb);
    }

    private double Point(int i, double ta, int k) => RowValue(i, ta, k * PartialLoadStepW);

    /// <summary>NumPy's pairwise sum of <see cref="Point"/> for k = start … start+n−1, without materialising the points.</summary>
    private double PairwiseRow(int i, double ta, int start, int n)
    {
        if (start * PartialLoadStepW > _partialAxis[^1])
        {
            // Every point of this block lies beyond the grid, where f is +0.0: the block sums to exactly 0.0.
            // Skipping it keeps absurdly large PV values from costing time without changing any bit of the result.
            return 0.0;
        }

        if (n < 8)
        {
            double res = 0.0;
            for (int k = 0; k < n; k++)
            {
                res += Point(i, ta, start + k);
            }

            return res;
        }

        if (n <= 128)
        {
            double r0 = Point(i, ta, start), r1 = Point(i, ta, start + 1), r2 = Point(i, ta, start + 2), r3 = Point(i, ta, start + 3);
            double r4 = Point(i, ta, start + 4), r5 = Point(i, ta, start + 5), r6 = Point(i, ta, start + 6), r7 = Point(i, ta, start + 7);
            int k = 8;
            int whole = n - (n % 8);
            for (; k < whole; k += 8)
            {
                int s = start + k;
                r0 += Point(i, ta, s);
                r1 += Point(i, ta, s + 1);
                r2 += Point(i, ta, s + 2);
                r3 += Point(i, ta, s + 3);
                r4 += Point(i, ta, s + 4);
                r5 += Point(i, ta, s + 5);
                r6 += Point(i, ta, s + 6);
                r7 += Point(i, ta, s + 7);
            }

            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; k < n; k++)
            {
                res += Point(i, ta, start + k);
            }

            return res;
        }

        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseRow(i, ta, start, n2) + PairwiseRow(i, ta, start + n2, n - n2);
    }
}
