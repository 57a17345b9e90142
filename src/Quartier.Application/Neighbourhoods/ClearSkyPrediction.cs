using Quartier.Forecasting.Solar;

namespace Quartier.Application.Neighbourhoods;

/// <summary>
/// A PV prediction from size and orientation alone, for a producer given no prediction file: clear-sky irradiance
/// (Haurwitz, 15 % diffuse) on the tilted plane at the neighbourhood's site, 86 % system efficiency, as PySSMic's hourly
/// cumulative Wh.
/// </summary>
public static class ClearSkyPrediction
{
    private const double Deg = Math.PI / 180.0;
    private const double SystemEfficiency = 0.86;
    private const int SamplesPerHour = 12;

    /// <summary>Hourly UNIX times from the start to the end of the span and the cumulative Wh at each.</summary>
    public static (double[] Times, double[] Energy) Compute(Neighbourhood n, double peakW, double tiltDeg, double azimuthDeg)
    {
        ArgumentNullException.ThrowIfNull(n);
        var hours = n.Days * 24;
        var times = new double[hours + 1];
        var energy = new double[hours + 1];
        var start = n.Start.ToUnixTimeSeconds();
        times[0] = start;
        for (var h = 0; h < hours; h++)
        {
            var wh = 0.0;
            for (var s = 0; s < SamplesPerHour; s++)
            {
                var t = DateTimeOffset.FromUnixTimeSeconds(start + (h * 3600L) + (long)((s + 0.5) * 3600 / SamplesPerHour)).UtcDateTime;
                wh += Power(t, n.Latitude, n.Longitude, peakW, tiltDeg, azimuthDeg) / SamplesPerHour;
            }

            times[h + 1] = start + ((h + 1) * 3600L);
            energy[h + 1] = Math.Round(energy[h] + wh, 4);
        }

        return (times, energy);
    }

    private static double Power(DateTime utc, double latitude, double longitude, double peakW, double tiltDeg, double azimuthDeg)
    {
        var sun = SimpleSolarPosition.Compute(utc, latitude, longitude);
        if (!sun.IsUp)
        {
            return 0;
        }

        var ghi = ClearSky.Haurwitz(sun.Zenith);
        var dhi = 0.15 * ghi;
        var cosZ = Math.Cos(sun.Zenith * Deg);
        var dni = cosZ > 0.05 ? (ghi - dhi) / cosZ : 0;
        var cosIncidence = (cosZ * Math.Cos(tiltDeg * Deg)) + (Math.Sin(sun.Zenith * Deg) * Math.Sin(tiltDeg * Deg) * Math.Cos((sun.Azimuth - azimuthDeg) * Deg));
        var poa = (dni * Math.Max(0, cosIncidence)) + Transposition.IsotropicSky(tiltDeg, dhi) + Transposition.GroundReflected(tiltDeg, ghi, 0.2);
        return peakW * SystemEfficiency * poa / 1000;
    }
}
