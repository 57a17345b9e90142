namespace Quartier.Forecasting.Weather;

/// <summary>Puts a <see cref="WeatherSeries"/> on another regular grid (see <see cref="WeatherSeries.Resample(DateTime, int, int)"/>).</summary>
internal static class WeatherResampler
{
    public static WeatherSeries Resample(WeatherSeries s, DateTime startUtc, int stepSeconds, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long offset = (startUtc - s.Start).Ticks;
        long source = s.StepSeconds * TimeSpan.TicksPerSecond;
        long target = stepSeconds * TimeSpan.TicksPerSecond;
        bool finer = stepSeconds < s.StepSeconds;
        PlaneOfArraySeries? poa = null;
        if (s.PlaneOfArray is { } p)
        {
            long poaOffset = (startUtc - p.Start).Ticks;
            long poaSource = p.StepSeconds * TimeSpan.TicksPerSecond;
            poa = new PlaneOfArraySeries(startUtc, stepSeconds, count, p.SlopeDegrees, p.AzimuthDegrees);
            Mean(p.Beam, poaSource, poa.Beam, poaOffset, target);
            Mean(p.Diffuse, poaSource, poa.Diffuse, poaOffset, target);
            Mean(p.Reflected, poaSource, poa.Reflected, poaOffset, target);
            Mean(p.Total, poaSource, poa.Total, poaOffset, target);
            if (stepSeconds < p.StepSeconds)
            {
                Interpolate(p.SunHeight, poaSource, poa.SunHeight, poaOffset, target);
            }
            else
            {
                Mean(p.SunHeight, poaSource, poa.SunHeight, poaOffset, target);
            }
        }

        var r = new WeatherSeries(s.Source, s.Location, startUtc, stepSeconds, count) { Notes = s.Notes, PlaneOfArray = poa };
        foreach (var q in WeatherQuantities.All)
        {
            if (finer && !WeatherQuantities.IsIrradiance(q))
            {
                Interpolate(s.Values(q), source, r.Values(q), offset, target);
            }
            else
            {
                Mean(s.Values(q), source, r.Values(q), offset, target);
            }
        }

        return r;
    }

    /// <summary>
    /// Time-weighted mean of the piecewise-constant <paramref name="src"/> (intervals of <paramref name="s"/> ticks) over each
    /// target interval <c>[offset + j·d, offset + (j+1)·d)</c>; NaN when a target interval is not wholly covered.
    /// </summary>
    internal static void Mean(double[] src, long s, double[] dst, long offset, long d)
    {
        long total = src.Length * s;
        for (int j = 0; j < dst.Length; j++)
        {
            long a = offset + (j * d);
            long b = a + d;
            if (a < 0 || b > total)
            {
                dst[j] = double.NaN;
                continue;
            }

            long i = a / s;
            long t = a;
            double acc = 0;
            while (t < b)
            {
                long next = Math.Min(b, (i + 1) * s);
                acc += src[i] * (next - t);
                t = next;
                i++;
            }

            dst[j] = acc / d;
        }
    }

    /// <summary>
    /// Linear interpolation between source interval midpoints at each target interval's midpoint; flat in the outer half
    /// intervals, NaN when the midpoint is outside the source.
    /// </summary>
    internal static void Interpolate(double[] src, long s, double[] dst, long offset, long d)
    {
        int n = src.Length;
        long total = n * s;
        for (int j = 0; j < dst.Length; j++)
        {
            long m = offset + (j * d) + (d / 2);
            if (m < 0 || m > total || n == 0)
            {
                dst[j] = double.NaN;
                continue;
            }

            double x = (double)(m - (s / 2)) / s;
            if (x <= 0)
            {
                dst[j] = src[0];
            }
            else if (x >= n - 1)
            {
                dst[j] = src[n - 1];
            }
            else
            {
                long i = (long)Math.Floor(x);
                double f = x - i;
                dst[j] = f == 0 ? src[i] : ((1 - f) * src[i]) + (f * src[i + 1]);
            }
        }
    }
}
