using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;

namespace Quartier.Forecasting.Load;

/// <summary>
/// Random load draws for Monte Carlo runs around a mean profile: <c>value_t = max(0, μ_t + σ_t·z_t)</c> with
/// <c>z_t = φ·z_{t−1} + √(1−φ²)·ε_t</c>, ε standard normal (Box–Muller) from <see cref="Random"/> seeded with a hash of the
/// draw's seed, so a seed always gives the same draw and consecutive seeds give independent draws. σ comes from a std series (e.g. EOS's std column) or a relative std.
/// With <see cref="LoadNoiseOptions.PreserveEnergy"/> each draw is rescaled to the mean profile's total (keeping it ≥ 0).
/// </summary>
public sealed class StochasticLoad
{
    private readonly double[] _mean;
    private readonly double[] _sigma;
    private readonly double _total;
    private readonly double _phi;
    private readonly double _innovation;
    private readonly bool _preserve;

    /// <param name="mean">Mean profile (any unit and kind; draws keep them).</param>
    /// <param name="std">Standard deviation per interval in the same unit, on the same grid; null to use <see cref="LoadNoiseOptions.RelativeStd"/>
    /// (if both are given, RelativeStd multiplies the std series, e.g. 0.5 halves EOS's spread).</param>
    /// <param name="options">Noise options.</param>
    public StochasticLoad(TimeSeries mean, TimeSeries? std, LoadNoiseOptions options)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Autocorrelation >= 0 && options.Autocorrelation < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Autocorrelation, "Autocorrelation must be in [0, 1)");
        }

        Mean = mean;
        _mean = mean.Values;
        _sigma = new double[_mean.Length];
        if (std is not null)
        {
            if (std.Count != mean.Count || std.Start != mean.Start || std.StepSeconds != mean.StepSeconds)
            {
                throw new ArgumentException($"std series {std} is not on the grid of the mean {mean}", nameof(std));
            }

            for (int i = 0; i < _sigma.Length; i++)
            {
                _sigma[i] = std.Values[i] * (options.RelativeStd is { } scale ? scale : 1.0);
            }
        }
        else
        {
            double rel = options.RelativeStd ?? throw new ArgumentException("give a std series or LoadNoiseOptions.RelativeStd", nameof(options));
            if (!(rel >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(options), rel, "RelativeStd must be ≥ 0");
            }

            for (int i = 0; i < _sigma.Length; i++)
            {
                _sigma[i] = Math.Abs(_mean[i]) * rel;
            }
        }

        foreach (var v in _mean)
        {
            _total += v;
        }

        _phi = options.Autocorrelation;
        _innovation = Math.Sqrt(1 - (_phi * _phi));
        _preserve = options.PreserveEnergy;
        Options = options;
    }

    public TimeSeries Mean { get; }

    public LoadNoiseOptions Options { get; }

    /// <summary>Standard deviation used per interval (std series × RelativeStd if both given, as a scale).</summary>
    public ReadOnlySpan<double> Sigma => _sigma;

    /// <summary>One draw as a new series on the mean's grid.</summary>
    public TimeSeries Sample(int seed)
    {
        var values = new double[_mean.Length];
        Sample(seed, values);
        return new TimeSeries(Mean.Start, Mean.StepSeconds, values, Mean.Unit, $"{Mean.Source}, draw seed {seed}", Mean.Kind);
    }

    /// <summary>One draw into <paramref name="destination"/> (length = the mean's count); allocates only the seeded <see cref="Random"/>.</summary>
    public void Sample(int seed, Span<double> destination)
    {
        if (destination.Length != _mean.Length)
        {
            throw new ArgumentException($"destination has {destination.Length} values, the profile {_mean.Length}", nameof(destination));
        }

        var random = RandomFor(seed);
        double z = 0;
        double sum = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            double e = Gaussian(random);
            z = i == 0 ? e : (_phi * z) + (_innovation * e);
            double v = Math.Max(0, _mean[i] + (_sigma[i] * z));
            destination[i] = v;
            sum += v;
        }

        if (_preserve && sum > 0)
        {
            double f = _total / sum;
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] *= f;
            }
        }
    }

    /// <summary>
    /// The generator of draw <paramref name="seed"/>: <see cref="Random"/> seeded with a SplitMix64 hash of the seed, because
    /// the seeded <see cref="Random"/> algorithm gives nearly linearly related first values for consecutive seeds
    /// (seeds 0, 1, 2, … would bias a Monte Carlo mean).
    /// </summary>
    internal static Random RandomFor(int seed)
    {
        ulong z = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random((int)(z & int.MaxValue));
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
