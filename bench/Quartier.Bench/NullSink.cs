using Quartier.Core.Results;

namespace Quartier.Bench;

/// <summary>A sink that drops recorded blocks, to measure the engine alone.</summary>
internal sealed class NullSink : IResultSink
{
    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
    }
}
