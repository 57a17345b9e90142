using System.Buffers.Binary;

namespace Quartier.Storage;

/// <remarks>
/// A payload of exactly 5 bytes whose byte 0 is 2 is a reference: the block holds the same values as the block of the
/// same run starting at the same step in the series whose id bytes 1..4 hold (int32, little-endian). That block is
/// never a reference itself. Neither of the other forms can be 5 bytes long (raw is 8 bytes a value, format 1 at least 26).
/// </remarks>
internal static partial class BlockCodec
{
    /// <summary>The length of a reference payload.</summary>
    public const int ReferenceLength = 5;

    private const byte FormatReference = 2;

    /// <summary>Writes a reference to series <paramref name="seriesId"/>'s block at the same step into <paramref name="destination"/>.</summary>
    public static void EncodeReference(int seriesId, Span<byte> destination)
    {
        destination[0] = FormatReference;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], seriesId);
    }

    /// <summary>Whether <paramref name="payload"/> is a reference, and to which series.</summary>
    public static bool IsReference(ReadOnlySpan<byte> payload, out int seriesId)
    {
        if (payload.Length == ReferenceLength && payload[0] == FormatReference)
        {
            seriesId = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
            return true;
        }

        seriesId = 0;
        return false;
    }
}
