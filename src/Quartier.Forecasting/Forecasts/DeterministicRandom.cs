namespace Quartier.Forecasting.Forecasts;

/// <summary>
/// A small SplitMix64 generator as a mutable struct: seeded from any number of integers, it gives the same
/// sequence on every platform and runtime and allocates nothing, so a forecast can draw its errors per call
/// inside a simulation loop. Not for cryptography.
/// </summary>
public struct DeterministicRandom
{
    private ulong _state;
    private double _spare;
    private bool _hasSpare;

    /// <summary>Seeds from two integers (e.g. a user seed and an instant's ticks), mixed so nearby inputs give unrelated streams.</summary>
    public DeterministicRandom(long seed, long stream = 0)
    {
        _state = Mix((ulong)seed ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL));
        _spare = 0;
        _hasSpare = false;
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal deviate (Box–Muller; the pair's second value is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double a = 2.0 * Math.PI * u2;
        _spare = r * Math.Sin(a);
        _hasSpare = true;
        return r * Math.Cos(a);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
