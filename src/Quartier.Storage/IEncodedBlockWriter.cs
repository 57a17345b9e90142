namespace Quartier.Storage;

/// <summary>A run writer that takes blocks already encoded by <see cref="BlockCodec"/> (see <see cref="BufferedRunWriter"/>).</summary>
internal interface IEncodedBlockWriter
{
    /// <summary>
    /// As <see cref="Core.Results.IResultSink.WriteBlock"/> for the <paramref name="stepCount"/> values that the first
    /// <paramref name="length"/> bytes of <paramref name="buffer"/> encode; the writer does not keep the buffer.
    /// </summary>
    void WriteEncodedBlock(int seriesId, int firstStep, int stepCount, byte[] buffer, int length);
}
