namespace Quartier.Server.Native;

/// <summary>One bucket of a downsampled series: its first step's time and the min, max and mean of its values.</summary>
public readonly record struct Bucket(DateTime Time, double Min, double Max, double Mean, int Count);

/// <summary>
/// Min/max/mean per bucket of consecutive steps, so a year of 15-min values draws as a few thousand points with its
/// peaks kept. NaN (steps no block covers) is skipped; a bucket with no value is omitted.
/// </summary>
public static class Downsampling
{
    public static List<Bucket> Buckets(ReadOnlySpan<double> values, int firstStep, DateTime gridStart, int stepSeconds, int maxBuckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        int n = values.Length;
        int size = Math.Max(1, (n + maxBuckets - 1) / maxBuckets);
        var buckets = new List<Bucket>((n + size - 1) / size);
        for (int from = 0; from < n; from += size)
        {
            var slice = values.Slice(from, Math.Min(size, n - from));
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
            int count = 0;
            foreach (var v in slice)
            {
                if (double.IsNaN(v))
                {
                    continue;
                }

                min = Math.Min(min, v);
                max = Math.Max(max, v);
                sum += v;
                count++;
            }

            if (count > 0)
            {
                buckets.Add(new Bucket(gridStart.AddSeconds((long)(firstStep + from) * stepSeconds), min, max, sum / count, count));
            }
        }

        return buckets;
    }
}
