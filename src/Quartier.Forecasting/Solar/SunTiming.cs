using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Solar;

/// <summary>
/// At which instant within each interval a weather file's beam/diffuse split holds. A file that carries GHI, DNI and DHI
/// was made with some sun position: its components close, GHI = DHI + DNI·cos z, only with that sun. Interval means
/// (EnergyPlus weather files) close at the interval midpoint; PVGIS's typical years close at hh:00 plus the file's
/// "irradiance time offset" (0.1761 h = 10.6 min for its ERA5/SARAH years). Using the same instant for the
/// transposition keeps the beam geometry consistent with the data.
/// </summary>
public static class SunTiming
{
    private const int MaxSamples = 800;

    /// <summary>
    /// Mean |GHI − DHI − DNI·cos z| / mean GHI over daytime intervals (GHI &gt; 50 W/m², DNI &gt; 20 W/m², zenith &lt; 80°
    /// at the midpoint) with the sun evaluated <paramref name="offsetSeconds"/> after each interval's start; NaN when the
    /// series has fewer than 24 such intervals with all three components.
    /// </summary>
    public static double ClosureResidual(WeatherSeries weather, double offsetSeconds, WeatherLocation? location = null)
    {
        var samples = Samples(weather, location ?? weather.Location);
        return samples.Length < 24 ? double.NaN : Residual(weather, location ?? weather.Location, samples, offsetSeconds);
    }

    /// <summary>
    /// The offset (seconds after interval start, 0…step) at which the file's components close best, searched in
    /// steps of 1/60 of the interval and refined to 1/600; null when the file lacks DNI or DHI, has too few daytime
    /// intervals, or closes nowhere better than <paramref name="maxResidual"/> (then the components are not a
    /// GHI/DNI/DHI triple of one sun position and the midpoint is the best guess).
    /// </summary>
    public static double? EstimateOffsetFromClosure(WeatherSeries weather, WeatherLocation? location = null, double maxResidual = 0.02)
    {
        ArgumentNullException.ThrowIfNull(weather);
        var loc = location ?? weather.Location;
        var samples = Samples(weather, loc);
        if (samples.Length < 24)
        {
            return null;
        }

        double step = weather.StepSeconds;
        double best = double.NaN;
        double bestResidual = double.PositiveInfinity;
        for (int k = 0; k <= 60; k++)
        {
            double r = Residual(weather, loc, samples, step * k / 60.0);
            if (r < bestResidual)
            {
                bestResidual = r;
                best = step * k / 60.0;
            }
        }

        double coarse = best;
        for (int k = -10; k <= 10; k++)
        {
            double offset = Math.Clamp(coarse + step * k / 600.0, 0, step);
            double r = Residual(weather, loc, samples, offset);
            if (r < bestResidual)
            {
                bestResidual = r;
                best = offset;
            }
        }

        return bestResidual <= maxResidual ? best : null;
    }

    private static int[] Samples(WeatherSeries w, WeatherLocation loc)
    {
        var candidates = new List<int>();
        for (int i = 0; i < w.Count; i++)
        {
            if (w.Ghi[i] > 50 && w.Dni[i] > 20 && w.Dhi[i] >= 0)
            {
                var sun = SimpleSolarPosition.Compute(w.TimeAt(i).AddSeconds(w.StepSeconds / 2.0), loc.Latitude, loc.Longitude);
                if (sun.Zenith < 80)
                {
                    candidates.Add(i);
                }
            }
        }

        if (candidates.Count <= MaxSamples)
        {
            return candidates.ToArray();
        }

        var picked = new int[MaxSamples];
        for (int k = 0; k < MaxSamples; k++)
        {
            picked[k] = candidates[(int)((long)k * candidates.Count / MaxSamples)];
        }

        return picked;
    }

    private static double Residual(WeatherSeries w, WeatherLocation loc, int[] samples, double offsetSeconds)
    {
        double sumAbs = 0;
        double sumGhi = 0;
        foreach (int i in samples)
        {
            var sun = SimpleSolarPosition.Compute(w.TimeAt(i).AddSeconds(offsetSeconds), loc.Latitude, loc.Longitude);
            double cosZ = Math.Max(Math.Cos(sun.Zenith * Math.PI / 180.0), 0);
            sumAbs += Math.Abs(w.Ghi[i] - w.Dhi[i] - w.Dni[i] * cosZ);
            sumGhi += w.Ghi[i];
        }

        return sumAbs / sumGhi;
    }
}
