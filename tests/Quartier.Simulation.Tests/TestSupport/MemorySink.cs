using Quartier.Core.Results;

namespace Quartier.Simulation.Tests.TestSupport;

/// <summary>A result sink that keeps every series in memory and logs the blocks it was given.</summary>
internal sealed class MemorySink : IResultSink
{
    public IReadOnlyList<SeriesInfo> Series { get; private set; } = [];

    public Dictionary<int, List<double>> Values { get; } = [];

    public List<(int Series, int FirstStep, int Length)> Blocks { get; } = [];

    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
        Series = series;
        foreach (var s in series)
        {
            Values[s.Id] = [];
        }
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        var list = Values[seriesId];
        Assert.Equal(list.Count + 1, firstStep);
        list.AddRange(values.ToArray());
        Blocks.Add((seriesId, firstStep, values.Length));
    }

    public double[] Of(string esdlName, string output) =>
        [.. Values[Series.Single(s => s.EsdlName == esdlName && s.Output == output).Id]];

    /// <summary>Every recorded value as raw bits, series by series, for bit-exact comparison.</summary>
    public long[] Bits() =>
        [.. Series.OrderBy(s => s.Id).SelectMany(s => Values[s.Id]).Select(BitConverter.DoubleToInt64Bits)];
}
