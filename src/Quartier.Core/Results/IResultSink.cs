namespace Quartier.Core.Results;

/// <summary>Receives a run's recorded series in blocks of consecutive steps (never a row per point).</summary>
public interface IResultSink
{
    void DeclareSeries(IReadOnlyList<SeriesInfo> series);

    /// <summary>Values of series <paramref name="seriesId"/> for steps <c>firstStep .. firstStep + values.Length - 1</c> (1-based).</summary>
    void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values);
}
