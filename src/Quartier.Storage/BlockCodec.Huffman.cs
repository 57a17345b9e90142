using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Quartier.Storage;

/// <summary>The bit reader and the Huffman codes of format 1.</summary>
internal static partial class BlockCodec
{
    /// <summary>Reads bits packed LSB first; past the end it reads zeros (see <see cref="EndsInLastByte"/>).</summary>
    private ref struct BitReader(ReadOnlySpan<byte> source)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private ulong _buffer;
        private int _count;
        private long _position;

        /// <summary>Whether the bits taken so far end in the source's last byte, as a writer's stream does.</summary>
        public readonly bool EndsInLastByte
        {
            get
            {
                var taken = (_position * 8) - _count;
                return taken > ((long)_source.Length - 1) * 8 && taken <= (long)_source.Length * 8;
            }
        }

        /// <summary>Tops the buffer up to at least 56 bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Refill()
        {
            if (_count >= 56)
            {
                return;
            }

            if (_position + sizeof(ulong) <= _source.Length)
            {
                _buffer |= BinaryPrimitives.ReadUInt64LittleEndian(_source[(int)_position..]) << _count;
                _position += (63 - _count) >> 3;
                _count |= 56;
                return;
            }

            for (; _count < 56; _count += 8)
            {
                _buffer |= (ulong)(_position < _source.Length ? _source[(int)_position] : 0) << _count;
                _position++;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly ulong Peek(int count) => _buffer & ((1UL << count) - 1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Skip(int count)
        {
            _buffer >>= count;
            _count -= count;
        }

        /// <summary>The next <paramref name="count"/> (at most 56) bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Take(int count)
        {
            if (_count < count)
            {
                Refill();
            }

            var bits = _buffer & ((1UL << count) - 1);
            _buffer >>= count;
            _count -= count;
            return bits;
        }

        /// <summary>The next <paramref name="count"/> (at most 63) bits.</summary>
        public ulong TakeWide(int count) => count <= 56 ? Take(count) : Take(32) | (Take(count - 32) << 32);
    }

    /// <summary>Length-limited canonical Huffman codes for the symbols of one block.</summary>
    private static class Huffman
    {
        /// <summary>Code lengths for <paramref name="counts"/>: 0 for unused symbols, 1 for a single used one.</summary>
        public static void Lengths(ReadOnlySpan<int> counts, Span<byte> lengths, int maxLength)
        {
            Span<int> weights = stackalloc int[SymbolCount];
            counts.CopyTo(weights);
            while (!TryLengths(weights, lengths, maxLength))
            {
                // flatten the distribution until the deepest code fits
                for (var s = 0; s < weights.Length; s++)
                {
                    if (weights[s] > 0)
                    {
                        weights[s] = (weights[s] >> 1) | 1;
                    }
                }
            }
        }

        /// <summary>Deflate's canonical codes, bit-reversed for LSB-first packing.</summary>
        public static void Codes(ReadOnlySpan<byte> lengths, Span<ushort> codes)
        {
            Span<int> countOf = stackalloc int[MaxCodeLength + 1];
            countOf.Clear();
            foreach (var l in lengths)
            {
                countOf[l]++;
            }

            countOf[0] = 0;
            Span<int> next = stackalloc int[MaxCodeLength + 1];
            var code = 0;
            for (var l = 1; l <= MaxCodeLength; l++)
            {
                code = (code + countOf[l - 1]) << 1;
                next[l] = code;
            }

            for (var s = 0; s < lengths.Length; s++)
            {
                var l = lengths[s];
                codes[s] = l == 0 ? (ushort)0 : Reverse(next[l]++, l);
            }
        }

        /// <summary>
        /// Fills a lookup table indexed by the next <paramref name="maxLength"/> bits (entry: symbol &lt;&lt; 4 | code
        /// length; 0 where no code matches); false if the lengths are too long or over-subscribe the code space.
        /// </summary>
        public static bool DecodeTable(ReadOnlySpan<byte> lengths, Span<ushort> table, int maxLength)
        {
            long space = 0;
            foreach (var l in lengths)
            {
                if (l > maxLength)
                {
                    return false;
                }

                space += l == 0 ? 0 : 1L << (maxLength - l);
            }

            if (space > 1L << maxLength)
            {
                return false;
            }

            table.Clear();
            Span<ushort> codes = stackalloc ushort[SymbolCount];
            Codes(lengths, codes);
            for (var s = 0; s < lengths.Length; s++)
            {
                var l = lengths[s];
                if (l == 0)
                {
                    continue;
                }

                var entry = (ushort)((s << 4) | l);
                for (var j = (int)codes[s]; j < table.Length; j += 1 << l)
                {
                    table[j] = entry;
                }
            }

            return true;
        }

        private static ushort Reverse(int code, int length)
        {
            var r = 0;
            for (var b = 0; b < length; b++)
            {
                r = (r << 1) | ((code >> b) & 1);
            }

            return (ushort)r;
        }

        /// <summary>Huffman code lengths by the two-queue method; false if one would exceed <paramref name="maxLength"/>.</summary>
        private static bool TryLengths(ReadOnlySpan<int> weights, Span<byte> lengths, int maxLength)
        {
            lengths.Clear();
            Span<int> order = stackalloc int[SymbolCount];
            var leaves = 0;
            for (var s = 0; s < weights.Length; s++)
            {
                if (weights[s] > 0)
                {
                    var j = leaves++;
                    for (; j > 0 && weights[order[j - 1]] > weights[s]; j--)
                    {
                        order[j] = order[j - 1];
                    }

                    order[j] = s;
                }
            }

            if (leaves <= 1)
            {
                if (leaves == 1)
                {
                    lengths[order[0]] = 1;
                }

                return true;
            }

            // nodes 0..leaves-1: the leaves by weight; then the inner nodes, created in order of weight
            var nodes = (2 * leaves) - 1;
            Span<long> weight = stackalloc long[2 * SymbolCount];
            Span<int> parent = stackalloc int[2 * SymbolCount];
            for (var j = 0; j < leaves; j++)
            {
                weight[j] = weights[order[j]];
            }

            int leaf = 0, inner = leaves;
            for (var n = leaves; n < nodes; n++)
            {
                var a = leaf < leaves && (inner >= n || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                var b = leaf < leaves && (inner >= n || weight[leaf] <= weight[inner]) ? leaf++ : inner++;
                weight[n] = weight[a] + weight[b];
                parent[a] = parent[b] = n;
            }

            Span<byte> depth = stackalloc byte[2 * SymbolCount];
            depth[nodes - 1] = 0;
            for (var n = nodes - 2; n >= 0; n--)
            {
                depth[n] = (byte)(depth[parent[n]] + 1);
                if (depth[n] > maxLength)
                {
                    return false;
                }
            }

            for (var j = 0; j < leaves; j++)
            {
                lengths[order[j]] = depth[j];
            }

            return true;
        }
    }
}
