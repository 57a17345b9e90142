namespace Quartier.Cossmic.Results;

/// <summary>A KPI across runs: mean, sample standard deviation (0 for one run), minimum, maximum, number of runs.</summary>
public sealed record RunStatistic(double Mean, double StdDev, double Min, double Max, int Count)
{
    /// <summary>Statistics of the values (null when there are none).</summary>
    public static RunStatistic? Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            sum += v;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        var mean = sum / values.Count;
        var squares = 0.0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        var std = values.Count > 1 ? Math.Sqrt(squares / (values.Count - 1)) : 0;
        return new RunStatistic(mean, std, min, max, values.Count);
    }
}
