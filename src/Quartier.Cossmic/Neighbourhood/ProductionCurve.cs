namespace Quartier.Cossmic.Neighbourhood;

/// <summary>
/// A producer's known cumulative production (Wh) against UNIX time: the first prediction, then each update merged in
/// (<see cref="Merge"/>). Linear between points; before the first point it holds the first value and after the last
/// point the last value (no production outside the curve), as PySSMic interpolates.
/// </summary>
public sealed class ProductionCurve
{
    private readonly long[] _times;
    private readonly double[] _values;

    private ProductionCurve(long[] times, double[] values)
    {
        _times = times;
        _values = values;
    }

    /// <summary>UNIX seconds of the points, increasing.</summary>
    public IReadOnlyList<long> TimesUnix => _times;

    /// <summary>Cumulative Wh at each point.</summary>
    public IReadOnlyList<double> CumulativeWh => _values;

    /// <summary>The curve of a single prediction.</summary>
    public static ProductionCurve From(PvPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return new ProductionCurve([.. prediction.TimesUnix], [.. prediction.CumulativeWh]);
    }

    /// <summary>
    /// The known curves of a producer after each of its predictions: element i merges predictions 0…i.
    /// </summary>
    public static IReadOnlyList<ProductionCurve> Versions(CossmicProducer producer, PredictionMerge mode)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var versions = new ProductionCurve[producer.Predictions.Count];
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i] = i == 0 ? From(producer.Predictions[0]) : versions[i - 1].Merge(producer.Predictions[i], mode);
        }

        return versions;
    }

    /// <summary>Cumulative Wh at <paramref name="unix"/> (linear, held flat outside the points).</summary>
    public double At(double unix)
    {
        if (unix <= _times[0])
        {
            return _values[0];
        }

        if (unix >= _times[^1])
        {
            return _values[^1];
        }

        var lo = 0;
        var hi = _times.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >> 1;
            if (_times[mid] <= unix)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        var w = (unix - _times[lo]) / (_times[hi] - _times[lo]);
        return _values[lo] + (w * (_values[hi] - _values[lo]));
    }

    /// <summary>Energy (Wh) produced between two UNIX times (never negative).</summary>
    public double EnergyBetween(double fromUnix, double toUnix) => Math.Max(0, At(toUnix) - At(fromUnix));

    /// <summary>Merges an updated prediction into this curve (see <see cref="PredictionMerge"/>).</summary>
    public ProductionCurve Merge(PvPrediction update, PredictionMerge mode)
    {
        ArgumentNullException.ThrowIfNull(update);
        var newTimes = update.TimesUnix;
        var newValues = update.CumulativeWh;
        var first = newTimes[0];
        var times = new List<long>(_times.Length + newTimes.Count);
        var values = new List<double>(_times.Length + newTimes.Count);
        if (mode == PredictionMerge.Rebase)
        {
            var offset = At(first) - newValues[0];
            for (var i = 0; i < _times.Length && _times[i] < first; i++)
            {
                times.Add(_times[i]);
                values.Add(_values[i]);
            }

            for (var i = 0; i < newTimes.Count; i++)
            {
                times.Add(newTimes[i]);
                values.Add(newValues[i] + offset);
            }

            return new ProductionCurve([.. times], [.. values]);
        }

        // PySSMic: offset = old value one hour before the new first time; union of the points, new ones winning.
        var shift = At(first - 3600);
        var newSet = new HashSet<long>(newTimes);
        int a = 0, b = 0;
        while (a < _times.Length || b < newTimes.Count)
        {
            if (b < newTimes.Count && (a >= _times.Length || newTimes[b] <= _times[a]))
            {
                times.Add(newTimes[b]);
                values.Add(newValues[b] + shift);
                b++;
            }
            else
            {
                if (!newSet.Contains(_times[a]))
                {
                    times.Add(_times[a]);
                    values.Add(_values[a]);
                }

                a++;
            }
        }

        return new ProductionCurve([.. times], [.. values]);
    }

    /// <summary>
    /// Energy per balance step relative to <paramref name="timeZeroUnix"/>: <c>dest[k]</c> = production in
    /// [t0 + k·step, t0 + (k+1)·step), negative increments clipped to 0.
    /// </summary>
    internal void FillSteps(long timeZeroUnix, int step, Span<double> dest)
    {
        var previous = At(timeZeroUnix);
        for (var k = 0; k < dest.Length; k++)
        {
            var next = At(timeZeroUnix + ((k + 1) * (double)step));
            dest[k] = Math.Max(0, next - previous);
            previous = next;
        }
    }
}
