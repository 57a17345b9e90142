namespace Quartier.Forecasting.Solar;

/// <summary>
/// A second, independent sun-position formulation: the NOAA solar calculator's algorithm (Meeus, "Astronomical
/// Algorithms", low-accuracy solar coordinates with the equation of time and NOAA's refraction approximation).
/// About ten times cheaper than <see cref="SolarPosition"/> and within about 0.01° of it for 1900–2100; no topocentric
/// parallax (≤ 0.0024°). Used to cross-check SPA and where speed matters more than the last hundredth of a degree.
/// </summary>
public static class SimpleSolarPosition
{
    private const double Deg = Math.PI / 180.0;

    /// <summary>
    /// The sun's position at <paramref name="utc"/>. Refraction follows NOAA's piecewise formula scaled by
    /// (P/1010 hPa)·(283 K/(273 + T)), so at 1010 hPa and 10 °C it is NOAA's standard-atmosphere value.
    /// </summary>
    public static SolarAngles Compute(DateTime utc, double latitude, double longitude, double pressureHpa = SolarPosition.StandardPressureHpa, double temperatureC = SolarPosition.StandardTemperatureC)
    {
        double jd = SolarPosition.JulianDay(utc);
        double jc = (jd - 2451545.0) / 36525.0;

        double meanLongitude = SolarPosition.LimitDegrees(280.46646 + jc * (36000.76983 + jc * 0.0003032));
        double meanAnomaly = 357.52911 + jc * (35999.05029 - 0.0001537 * jc);
        double eccentricity = 0.016708634 - jc * (0.000042037 + 0.0000001267 * jc);
        double m = meanAnomaly * Deg;
        double center = Math.Sin(m) * (1.914602 - jc * (0.004817 + 0.000014 * jc))
            + Math.Sin(2 * m) * (0.019993 - 0.000101 * jc)
            + Math.Sin(3 * m) * 0.000289;
        double trueLongitude = meanLongitude + center;
        double trueAnomaly = meanAnomaly + center;
        double radius = 1.000001018 * (1 - eccentricity * eccentricity) / (1 + eccentricity * Math.Cos(trueAnomaly * Deg));
        double omega = (125.04 - 1934.136 * jc) * Deg;
        double apparentLongitude = (trueLongitude - 0.00569 - 0.00478 * Math.Sin(omega)) * Deg;
        double meanObliquity = 23.0 + (26.0 + (21.448 - jc * (46.815 + jc * (0.00059 - jc * 0.001813))) / 60.0) / 60.0;
        double obliquity = (meanObliquity + 0.00256 * Math.Cos(omega)) * Deg;
        double declination = Math.Asin(Math.Sin(obliquity) * Math.Sin(apparentLongitude));

        double y = Math.Tan(obliquity / 2) * Math.Tan(obliquity / 2);
        double l0 = meanLongitude * Deg;
        double eot = 4.0 / Deg * (y * Math.Sin(2 * l0) - 2 * eccentricity * Math.Sin(m) + 4 * eccentricity * y * Math.Sin(m) * Math.Cos(2 * l0)
            - 0.5 * y * y * Math.Sin(4 * l0) - 1.25 * eccentricity * eccentricity * Math.Sin(2 * m));

        double minutesUtc = (jd + 0.5 - Math.Floor(jd + 0.5)) * 1440.0;
        double trueSolarMinutes = minutesUtc + eot + 4.0 * longitude;
        double hourAngle = SolarPosition.LimitDegrees(trueSolarMinutes / 4.0 - 180.0);
        if (hourAngle > 180)
        {
            hourAngle -= 360;
        }

        double phi = latitude * Deg;
        double h = hourAngle * Deg;
        double cosZenith = Math.Clamp(Math.Sin(phi) * Math.Sin(declination) + Math.Cos(phi) * Math.Cos(declination) * Math.Cos(h), -1.0, 1.0);
        double zenith = Math.Acos(cosZenith) / Deg;
        double azimuth = SolarPosition.LimitDegrees(Math.Atan2(Math.Sin(h), Math.Cos(h) * Math.Sin(phi) - Math.Tan(declination) * Math.Cos(phi)) / Deg + 180.0);

        double refraction = Refraction(90.0 - zenith) * pressureHpa / 1010.0 * 283.0 / (273.0 + temperatureC);
        return new SolarAngles(zenith - refraction, zenith, azimuth, declination / Deg, hourAngle, eot, radius);
    }

    /// <summary>NOAA's approximation of atmospheric refraction (degrees) at a true elevation, standard atmosphere.</summary>
    public static double Refraction(double elevation)
    {
        if (elevation > 85.0)
        {
            return 0;
        }

        double t = Math.Tan(elevation * Deg);
        double arcSeconds = elevation > 5.0 ? 58.1 / t - 0.07 / (t * t * t) + 0.000086 / Math.Pow(t, 5)
            : elevation > -0.575 ? 1735.0 + elevation * (-518.2 + elevation * (103.4 + elevation * (-12.79 + elevation * 0.711)))
            : -20.772 / t;
        return arcSeconds / 3600.0;
    }
}
