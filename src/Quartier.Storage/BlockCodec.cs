using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quartier.Storage;

/// <summary>
/// The payload of a block of values (one series' consecutive steps), lossless for every bit pattern: NaN payloads,
/// -0.0, infinities and subnormals come back bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// A payload of exactly 8 bytes per value is raw little-endian IEEE 754 float64: every block written before format 1,
/// and any block format 1 would not make smaller. A shorter payload is format 1 (readers tell them apart by length):
/// byte 0 is 1; bytes 1..24 hold the code lengths of the 48 symbols, 4 bits each, low nibble first, 0 for an unused
/// symbol; then one token per value or run of values, bits packed LSB first: the symbol's canonical Huffman code
/// (assigned as in Deflate, at most 11 bits, bit-reversed) followed by the token's payload bits.
/// </para>
/// <para>
/// A value (as its 64 bits v) is coded against the two before it, p1 and p2 (both 0 at the block's start): the linear
/// prediction L is p1 + (p1 - p2) in double arithmetic when both are ±0 or finite with a biased exponent of at least 53,
/// else p1; the basis B is L while the last residual-coded value was nearer to L than to p1 (more leading bits equal),
/// else p1. Symbols, tried in this order:
/// 0..11: a run of r values equal to p1, 2^s &lt;= r &lt; 2^(s+1) for symbol s, payload s bits: r - 2^s;
/// 12: v = +0.0; 13: v = L; 14: v is in slot h of the 256-slot table of recent values, h = the top 8 bits of
/// v * 0x9E3779B97F4A7C15, payload 8 bits: h;
/// 16 + k: the residual x = v XOR B, k = min(leading zeros of x, 31); payload the 63 - k bits below x's leading one,
/// or for k = 31 the low 33 bits of x;
/// 15 instead of 16 + k where its payload is shorter: 6 bits z (x's leading zeros), 6 bits m - 1 (m = x's bits from
/// the leading to the trailing one) and the m - 2 bits between those ones.
/// Every value but a run's then takes its slot in the table.
/// </para>
/// </remarks>
internal static partial class BlockCodec
{
    private const byte Format1 = 1;
    private const int SymbolCount = 48;
    private const int RunSymbols = 12;
    private const int MaxRun = (1 << RunSymbols) - 1;
    private const int ZeroSymbol = 12;
    private const int LinearSymbol = 13;
    private const int RecentSymbol = 14;
    private const int ShortSymbol = 15;
    private const int ResidualSymbol = 16;
    private const int MaxResidualZeros = 31;
    private const int MaxCodeLength = 11;
    private const int HeaderLength = 1 + (SymbolCount / 2);
    private const int RecentBits = 8;
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>The room <see cref="Encode"/> needs for <paramref name="count"/> values: the raw payload's and 8 bytes of slack.</summary>
    public static int BufferLength(int count) => checked((count * sizeof(double)) + sizeof(ulong));

    /// <summary>Whether a stored payload of <paramref name="length"/> bytes can hold <paramref name="count"/> values.</summary>
    public static bool IsPlausibleLength(long length, long count) =>
        count >= 0 && (length == count * sizeof(double) || (length > HeaderLength && length < count * sizeof(double)) || (length == ReferenceLength && count > 0));

    /// <summary>
    /// Encodes <paramref name="values"/> into <paramref name="destination"/> (at least <see cref="BufferLength"/> bytes,
    /// any of which it may overwrite); returns the payload's length, at most 8 bytes per value.
    /// </summary>
    public static int Encode(ReadOnlySpan<double> values, Span<byte> destination)
    {
        if (destination.Length < BufferLength(values.Length))
        {
            throw new ArgumentException($"{values.Length} values need {BufferLength(values.Length)} bytes", nameof(destination));
        }

        var raw = values.Length * sizeof(double);
        if (raw > HeaderLength + 1)
        {
            var tokens = ArrayPool<ushort>.Shared.Rent(values.Length);
            var payloads = ArrayPool<ulong>.Shared.Rent(values.Length);
            try
            {
                var length = Compress(MemoryMarshal.Cast<double, ulong>(values), destination, raw - 1, tokens, payloads);
                if (length > 0)
                {
                    return length;
                }
            }
            finally
            {
                ArrayPool<ulong>.Shared.Return(payloads);
                ArrayPool<ushort>.Shared.Return(tokens);
            }
        }

        WriteRaw(values, destination);
        return raw;
    }

    /// <summary>As <see cref="Encode(ReadOnlySpan{double}, Span{byte})"/> into <paramref name="buffer"/>, replaced first by a larger one if it is too small.</summary>
    public static int Encode(ReadOnlySpan<double> values, ref byte[] buffer)
    {
        var length = BufferLength(values.Length);
        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }

        return Encode(values, buffer);
    }

    /// <summary>Decodes a payload of <see cref="Encode"/> (or a raw one) into exactly <paramref name="destination"/>.Length values.</summary>
    /// <exception cref="InvalidDataException">The payload is not an encoding of that many values.</exception>
    public static void Decode(ReadOnlySpan<byte> source, Span<double> destination)
    {
        if (!IsPlausibleLength(source.Length, destination.Length))
        {
            throw Corrupt($"{source.Length} bytes cannot hold {destination.Length} values");
        }

        if (source.Length == (long)destination.Length * sizeof(double))
        {
            ReadRaw(source, destination);
            return;
        }

        if (IsReference(source, out var referenced))
        {
            throw Corrupt($"refers to series {referenced}'s block, which was not found");
        }

        if (source[0] != Format1)
        {
            throw Corrupt($"unknown format {source[0]}");
        }

        Expand(source, MemoryMarshal.Cast<double, ulong>(destination));
    }

    private static void WriteRaw(ReadOnlySpan<double> values, Span<byte> destination)
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

    private static void ReadRaw(ReadOnlySpan<byte> source, Span<double> destination)
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

    /// <summary>Writes format 1 if it takes at most <paramref name="limit"/> bytes and returns its length, else 0.</summary>
    private static int Compress(ReadOnlySpan<ulong> values, Span<byte> destination, int limit, ushort[] tokens, ulong[] payloads)
    {
        Span<int> counts = stackalloc int[SymbolCount];
        counts.Clear();
        var count = Tokenize(values, tokens, payloads, counts, out var bits);
        Span<byte> lengths = stackalloc byte[SymbolCount];
        Huffman.Lengths(counts, lengths, MaxCodeLength);
        for (var s = 0; s < SymbolCount; s++)
        {
            bits += (long)counts[s] * lengths[s];
        }

        var size = HeaderLength + ((bits + 7) / 8);
        if (size > limit)
        {
            return 0;
        }

        destination[0] = Format1;
        for (var s = 0; s < SymbolCount; s += 2)
        {
            destination[1 + (s / 2)] = (byte)(lengths[s] | (lengths[s + 1] << 4));
        }

        Span<ushort> codes = stackalloc ushort[SymbolCount];
        Huffman.Codes(lengths, codes);
        Span<uint> emit = stackalloc uint[256];
        for (var s = 0; s < SymbolCount; s++)
        {
            emit[s] = codes[s] | ((uint)lengths[s] << 16);
        }

        Emit(tokens.AsSpan(0, count), payloads.AsSpan(0, count), emit, destination[HeaderLength..]);
        return (int)size;
    }

    /// <summary>
    /// Splits <paramref name="values"/> into tokens (symbol | payload width &lt;&lt; 8, and the payload), counting the
    /// symbols and summing the payload widths into <paramref name="bits"/>; returns the number of tokens.
    /// </summary>
    private static int Tokenize(ReadOnlySpan<ulong> values, ushort[] tokens, ulong[] payloads, Span<int> counts, out long bits)
    {
        Span<ulong> recent = stackalloc ulong[1 << RecentBits];
        recent.Clear();
        ulong p1 = 0, p2 = 0;
        var useLinear = false;
        var t = 0;
        var i = 0;
        bits = 0;
        while (i < values.Length)
        {
            var v = values[i];
            if (v == p1)
            {
                var run = values[i..].IndexOfAnyExcept(p1);
                run = run < 0 ? values.Length - i : run;
                i += run;
                p2 = p1;
                while (run > 0)
                {
                    var r = Math.Min(run, MaxRun);
                    var s = 31 - BitOperations.LeadingZeroCount((uint)r);
                    tokens[t] = (ushort)(s | (s << 8));
                    payloads[t] = (ulong)(r - (1 << s));
                    counts[s]++;
                    bits += s;
                    t++;
                    run -= r;
                }

                continue;
            }

            var linear = Linear(p1, p2);
            var slot = Slot(v);
            int symbol, width;
            ulong payload;
            if (v == 0)
            {
                (symbol, width, payload) = (ZeroSymbol, 0, 0);
            }
            else if (v == linear)
            {
                (symbol, width, payload) = (LinearSymbol, 0, 0);
            }
            else if (recent[slot] == v)
            {
                (symbol, width, payload) = (RecentSymbol, RecentBits, (ulong)slot);
            }
            else
            {
                var nearLinear = BitOperations.LeadingZeroCount(v ^ linear);
                var nearPrevious = BitOperations.LeadingZeroCount(v ^ p1);
                var x = v ^ (useLinear ? linear : p1);
                var zeros = useLinear ? nearLinear : nearPrevious;
                useLinear = nearLinear > nearPrevious;
                var trailing = BitOperations.TrailingZeroCount(x);
                var significant = 64 - zeros - trailing;
                width = zeros < MaxResidualZeros ? 63 - zeros : 64 - MaxResidualZeros;
                if (12 + Math.Max(0, significant - 2) < width)
                {
                    symbol = ShortSymbol;
                    var inner = significant >= 2 ? (x >> (trailing + 1)) & ((1UL << (significant - 2)) - 1) : 0;
                    payload = (uint)zeros | ((uint)(significant - 1) << 6) | (inner << 12);
                    width = 12 + Math.Max(0, significant - 2);
                }
                else
                {
                    symbol = ResidualSymbol + Math.Min(zeros, MaxResidualZeros);
                    payload = x & ((1UL << width) - 1);
                }
            }

            tokens[t] = (ushort)(symbol | (width << 8));
            payloads[t] = payload;
            counts[symbol]++;
            bits += width;
            t++;
            recent[slot] = v;
            p2 = p1;
            p1 = v;
            i++;
        }

        return t;
    }

    /// <summary>
    /// Writes the tokens' codes (<paramref name="emit"/>: code | length &lt;&lt; 16 by symbol) and payloads, LSB first,
    /// 8 bytes at a time: <paramref name="destination"/> needs 7 bytes beyond the last one written.
    /// </summary>
    private static void Emit(ReadOnlySpan<ushort> tokens, ReadOnlySpan<ulong> payloads, ReadOnlySpan<uint> emit, Span<byte> destination)
    {
        ulong buffer = 0;
        var count = 0;
        var position = 0;
        payloads = payloads[..tokens.Length];
        for (var t = 0; t < tokens.Length; t++)
        {
            // code and the payload's low 32 bits, then its high bits: no branch on the width
            var token = tokens[t];
            var code = emit[token & 0xFF];
            var length = (int)(code >> 16);
            var width = token >> 8;
            var payload = payloads[t];
            var low = Math.Min(width, 32);
            buffer |= ((code & 0xFFFF) | ((payload & uint.MaxValue) << length)) << count;
            count += length + low;
            BinaryPrimitives.WriteUInt64LittleEndian(destination[position..], buffer);
            position += count >> 3;
            buffer >>= count & ~7;
            count &= 7;
            buffer |= (payload >> 32) << count;
            count += width - low;
            BinaryPrimitives.WriteUInt64LittleEndian(destination[position..], buffer);
            position += count >> 3;
            buffer >>= count & ~7;
            count &= 7;
        }

        if (count > 0)
        {
            destination[position] = (byte)buffer;
        }
    }

    private static void Expand(ReadOnlySpan<byte> source, Span<ulong> values)
    {
        Span<byte> lengths = stackalloc byte[SymbolCount];
        for (var s = 0; s < SymbolCount; s += 2)
        {
            var b = source[1 + (s / 2)];
            lengths[s] = (byte)(b & 15);
            lengths[s + 1] = (byte)(b >> 4);
        }

        Span<ushort> table = stackalloc ushort[1 << MaxCodeLength];
        if (!Huffman.DecodeTable(lengths, table, MaxCodeLength))
        {
            throw Corrupt("invalid code lengths");
        }

        Span<ulong> recent = stackalloc ulong[1 << RecentBits];
        recent.Clear();
        var reader = new BitReader(source[HeaderLength..]);
        ulong p1 = 0, p2 = 0;
        var useLinear = false;
        var i = 0;
        while (i < values.Length)
        {
            reader.Refill();
            var entry = table[(int)reader.Peek(MaxCodeLength)];
            var length = entry & 15;
            if (length == 0)
            {
                throw Corrupt("invalid code");
            }

            reader.Skip(length);
            var symbol = entry >> 4;
            if (symbol < RunSymbols)
            {
                var run = (1 << symbol) + (int)reader.Take(symbol);
                if (run > values.Length - i)
                {
                    throw Corrupt("a run past the block's end");
                }

                values.Slice(i, run).Fill(p1);
                i += run;
                p2 = p1;
                continue;
            }

            var linear = Linear(p1, p2);
            ulong v;
            switch (symbol)
            {
                case ZeroSymbol:
                    v = 0;
                    break;
                case LinearSymbol:
                    v = linear;
                    break;
                case RecentSymbol:
                    v = recent[(int)reader.Take(RecentBits)];
                    break;
                case ShortSymbol:
                    {
                        var zeros = (int)reader.Take(6);
                        var significant = (int)reader.Take(6) + 1;
                        if (zeros + significant > 64)
                        {
                            throw Corrupt("a residual wider than 64 bits");
                        }

                        var trailing = 64 - zeros - significant;
                        var x = 1UL << (63 - zeros);
                        if (significant >= 2)
                        {
                            x |= (reader.TakeWide(significant - 2) << (trailing + 1)) | (1UL << trailing);
                        }

                        v = x ^ (useLinear ? linear : p1);
                        useLinear = BitOperations.LeadingZeroCount(v ^ linear) > BitOperations.LeadingZeroCount(v ^ p1);
                        break;
                    }

                default:
                    {
                        // every residual payload has at least 33 bits: its low 32, then the rest
                        var zeros = symbol - ResidualSymbol;
                        var x = reader.Take(32);
                        x |= reader.Take(zeros < MaxResidualZeros ? 31 - zeros : 64 - MaxResidualZeros - 32) << 32;
                        x |= zeros < MaxResidualZeros ? 1UL << (63 - zeros) : 0;
                        v = x ^ (useLinear ? linear : p1);
                        useLinear = BitOperations.LeadingZeroCount(v ^ linear) > BitOperations.LeadingZeroCount(v ^ p1);
                        break;
                    }
            }

            values[i++] = v;
            recent[Slot(v)] = v;
            p2 = p1;
            p1 = v;
        }

        if (!reader.EndsInLastByte)
        {
            throw Corrupt("the values do not end in the payload's last byte");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(ulong v) => (int)((v * HashMultiplier) >> (64 - RecentBits));

    /// <summary>p1 + (p1 - p2) when both are ±0 or finite with a biased exponent of at least 53, else p1.</summary>
    /// <remarks>
    /// Within those bounds every exact intermediate is 0 or a multiple of 2^-1022, never subnormal, and no NaN
    /// arises: the result is the same on every IEEE 754 machine (in the round-to-nearest mode .NET runs in), flush to
    /// zero or not.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Linear(ulong p1, ulong p2)
    {
        if (!Predictable(p1) || !Predictable(p2))
        {
            return p1;
        }

        var a = BitConverter.UInt64BitsToDouble(p1);
        return BitConverter.DoubleToUInt64Bits(a + (a - BitConverter.UInt64BitsToDouble(p2)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Predictable(ulong bits) => ((uint)(bits >> 52) & 0x7FF) - 53u <= 2046u - 53u || (bits << 1) == 0;

    private static InvalidDataException Corrupt(string reason) => new($"corrupt block payload: {reason}");
}
