using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Quartier.Storage;

/// <summary>
/// Finds the blocks of a run that repeat one it wrote before: the same steps, byte for byte the same payload, in another
/// series (homes built alike give the same series). A run writer stores such a block as a 5-byte reference (see
/// <see cref="BlockCodec.IsReference"/>) and readers resolve it, so that nothing is lost: only stored once.
/// </summary>
/// <remarks>
/// It keeps the payloads it may refer to in one pool of at most <see cref="PoolBytes"/>; when that is full it forgets
/// them all and starts again, so its memory is bounded whatever the run's length and a repeat seen after that is stored
/// in full. The recorder writes all series' blocks of one stretch of steps together, so repeats lie close together.
/// Not thread-safe.
/// </remarks>
internal sealed class BlockDedup
{
    /// <summary>The most payload bytes kept for comparison.</summary>
    public const int PoolBytes = 96 << 20;

    /// <summary>Payloads shorter than this are stored as they are (a reference would save next to nothing).</summary>
    private const int MinLength = 32;

    private readonly Dictionary<Key, int> _first = [];
    private readonly List<Entry> _entries = [];
    private byte[] _pool = new byte[1 << 16];
    private int _used;

    /// <summary>
    /// The id of a series whose block at <paramref name="firstStep"/> (of <paramref name="stepCount"/> steps) has exactly
    /// <paramref name="payload"/>, or -1 if none is known; in that case this block becomes one later blocks may refer to.
    /// </summary>
    public int FindOrAdd(int seriesId, int firstStep, int stepCount, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < MinLength || payload.Length > PoolBytes)
        {
            return -1;
        }

        var key = new Key(firstStep, stepCount, Hash(payload));
        ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_first, key, out var exists);
        if (exists)
        {
            for (var e = head; e >= 0; e = _entries[e].Next)
            {
                var entry = _entries[e];
                if (_pool.AsSpan(entry.Offset, entry.Length).SequenceEqual(payload))
                {
                    return entry.SeriesId;
                }
            }
        }
        else
        {
            head = -1;
        }

        if (_used + payload.Length > PoolBytes)
        {
            Forget();
            return FindOrAdd(seriesId, firstStep, stepCount, payload);
        }

        if (_used + payload.Length > _pool.Length)
        {
            Array.Resize(ref _pool, Math.Min(PoolBytes, Math.Max(_pool.Length * 2, _used + payload.Length)));
        }

        payload.CopyTo(_pool.AsSpan(_used));
        _entries.Add(new Entry(seriesId, _used, payload.Length, head));
        head = _entries.Count - 1;
        _used += payload.Length;
        return -1;
    }

    /// <summary>Forgets every block it knew (none is referred to from now on).</summary>
    public void Forget()
    {
        _first.Clear();
        _entries.Clear();
        _used = 0;
    }

    /// <summary>
    /// A 64-bit hash of the payload's bytes: multiply–rotate over 8-byte words in four independent lanes (so that the
    /// multiplications overlap instead of waiting for each other), the lanes and the tail folded in at the end.
    /// </summary>
    private static ulong Hash(ReadOnlySpan<byte> payload)
    {
        const ulong Prime = 0x9E3779B97F4A7C15UL;
        var words = MemoryMarshal.Cast<byte, ulong>(payload);
        ulong h0 = (ulong)payload.Length * Prime, h1 = h0 ^ 0x632BE59BD9B4E019UL, h2 = h0 ^ 0x85EBCA77C2B2AE63UL, h3 = h0 ^ 0x27D4EB2F165667C5UL;
        int n = words.Length & ~3;
        for (int i = 0; i < n; i += 4)
        {
            h0 = BitOperations.RotateLeft(h0 ^ Word(words[i]), 29) * Prime;
            h1 = BitOperations.RotateLeft(h1 ^ Word(words[i + 1]), 29) * Prime;
            h2 = BitOperations.RotateLeft(h2 ^ Word(words[i + 2]), 29) * Prime;
            h3 = BitOperations.RotateLeft(h3 ^ Word(words[i + 3]), 29) * Prime;
        }

        var hash = BitOperations.RotateLeft(h0, 1) ^ BitOperations.RotateLeft(h1, 7) ^ BitOperations.RotateLeft(h2, 12) ^ BitOperations.RotateLeft(h3, 18);
        for (int i = n; i < words.Length; i++)
        {
            hash = BitOperations.RotateLeft(hash ^ Word(words[i]), 29) * Prime;
        }

        foreach (var b in payload[(words.Length * sizeof(ulong))..])
        {
            hash = BitOperations.RotateLeft(hash ^ b, 29) * Prime;
        }

        hash *= Prime;
        return hash ^ (hash >> 32);
    }

    private static ulong Word(ulong w) => BitConverter.IsLittleEndian ? w : BinaryPrimitives.ReverseEndianness(w);

    private readonly record struct Key(int FirstStep, int StepCount, ulong Hash);

    private readonly record struct Entry(int SeriesId, int Offset, int Length, int Next);
}

/// <summary>
/// What a run writer stores for a block that repeats an earlier one: blocks given as values are compared by their
/// bits (before encoding, so that a repeat costs no encoding), blocks given encoded by their payload; each kind only
/// against its own kind. A block found to repeat is stored as the 5-byte reference these methods return.
/// </summary>
internal sealed class RepeatedBlocks
{
    private readonly BlockDedup _values = new();
    private readonly BlockDedup _payloads = new();
    private readonly byte[] _reference = new byte[BlockCodec.ReferenceLength];

    /// <summary>The reference to store instead of <paramref name="values"/>, or null to store them (then later blocks may refer to them).</summary>
    public byte[]? OfValues(int seriesId, int firstStep, ReadOnlySpan<double> values) =>
        Reference(_values.FindOrAdd(seriesId, firstStep, values.Length, MemoryMarshal.AsBytes(values)));

    /// <summary>The reference to store instead of an encoded <paramref name="payload"/>, or null to store it.</summary>
    public byte[]? OfPayload(int seriesId, int firstStep, int stepCount, ReadOnlySpan<byte> payload) =>
        Reference(_payloads.FindOrAdd(seriesId, firstStep, stepCount, payload));

    /// <summary>Forgets every block (after one it took for stored was refused).</summary>
    public void Forget()
    {
        _values.Forget();
        _payloads.Forget();
    }

    private byte[]? Reference(int series)
    {
        if (series < 0)
        {
            return null;
        }

        BlockCodec.EncodeReference(series, _reference);
        return _reference;
    }
}
