using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Quartier.Storage;

/// <summary>Block payload format: the values as raw little-endian IEEE 754 float64, bit for bit.</summary>
internal static class BlockCodec
{
    public static void Encode(ReadOnlySpan<double> values, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(i * sizeof(double))..], values[i]);
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<double> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }

        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(source[(i * sizeof(double))..]);
        }
    }
}
