namespace Quartier.Forecasting.Solar;

/// <summary>
/// NREL's Solar Position Algorithm (SPA; Reda &amp; Andreas, Solar Energy 76 (2004) 577–589, revised 2008):
/// sun zenith and azimuth to ±0.0003° for years −2000…6000, from the Julian day, the periodic-term tables of the
/// heliocentric position, nutation, aberration, topocentric parallax and refraction from pressure and temperature.
/// Also the incidence on a tilted plane, the equation of time and sunrise, transit and sunset. Every call is
/// allocation-free; <see cref="SolarGeometrySeries"/> evaluates a whole series.
/// </summary>
public static class SolarPosition
{
    /// <summary>Default ΔT = TT − UT1 in seconds (SPA's example value; about 69 s in the 2020s).</summary>
    public const double DefaultDeltaT = 67.0;

    /// <summary>Standard sea-level pressure, hPa (= mbar).</summary>
    public const double StandardPressureHpa = 1013.25;

    /// <summary>Default air temperature for the refraction correction, °C.</summary>
    public const double StandardTemperatureC = 12.0;

    /// <summary>Refraction at sunrise and sunset used by SPA, degrees.</summary>
    public const double SunriseRefraction = 0.5667;

    /// <summary>Apparent radius of the sun, degrees.</summary>
    public const double SunRadius = 0.26667;

    private const double Deg = Math.PI / 180.0;
    private const double UnixEpochJulianDay = 2440587.5;
    private const double J2000 = 2451545.0;

    /// <summary>The sun's position at <paramref name="utc"/> (a UTC instant; <see cref="DateTimeKind.Local"/> is converted).</summary>
    /// <param name="utc">The instant, UTC.</param>
    /// <param name="latitude">Degrees north.</param>
    /// <param name="longitude">Degrees east.</param>
    /// <param name="elevationM">Observer's height above sea level, m.</param>
    /// <param name="pressureHpa">Local (station) pressure for refraction, hPa = mbar.</param>
    /// <param name="temperatureC">Air temperature for refraction, °C.</param>
    /// <param name="deltaT">ΔT = TT − UT1, seconds (<see cref="DeltaT.Estimate"/> gives a year's value).</param>
    /// <param name="deltaUt1">UT1 − UTC, seconds (|ΔUT1| &lt; 0.9 s; 0 is fine for energy work).</param>
    public static SolarAngles Compute(
        DateTime utc,
        double latitude,
        double longitude,
        double elevationM = 0,
        double pressureHpa = StandardPressureHpa,
        double temperatureC = StandardTemperatureC,
        double deltaT = DefaultDeltaT,
        double deltaUt1 = 0)
        => ComputeAt(JulianDay(utc) + deltaUt1 / 86400.0, latitude, longitude, elevationM, pressureHpa, temperatureC, deltaT);

    /// <summary>As <see cref="Compute"/>, for a Julian day (UT1) already computed.</summary>
    public static SolarAngles ComputeAt(
        double julianDay,
        double latitude,
        double longitude,
        double elevationM = 0,
        double pressureHpa = StandardPressureHpa,
        double temperatureC = StandardTemperatureC,
        double deltaT = DefaultDeltaT)
    {
        var g = Geocentric(julianDay, deltaT);

        // Observer hour angle (A4.11).
        double h = LimitDegrees(g.Nu + longitude - g.Alpha);

        // Topocentric parallax (A4.12–A4.16).
        double xi = 8.794 / (3600.0 * g.R);
        double phi = latitude * Deg;
        double u = Math.Atan(0.99664719 * Math.Tan(phi));
        double x = Math.Cos(u) + elevationM / 6378140.0 * Math.Cos(phi);
        double y = 0.99664719 * Math.Sin(u) + elevationM / 6378140.0 * Math.Sin(phi);
        double sinXi = Math.Sin(xi * Deg);
        double hr = h * Deg;
        double deltaR = g.Delta * Deg;
        double denominator = Math.Cos(deltaR) - x * sinXi * Math.Cos(hr);
        double deltaAlpha = Math.Atan2(-x * sinXi * Math.Sin(hr), denominator);
        double deltaPrime = Math.Atan2((Math.Sin(deltaR) - y * sinXi) * Math.Cos(deltaAlpha), denominator);
        double hPrime = hr - deltaAlpha;

        // Elevation without and with refraction (A4.17–A4.19).
        double sinE0 = Math.Sin(phi) * Math.Sin(deltaPrime) + Math.Cos(phi) * Math.Cos(deltaPrime) * Math.Cos(hPrime);
        double e0 = Math.Asin(Math.Clamp(sinE0, -1.0, 1.0)) / Deg;
        double refraction = e0 >= -(SunRadius + SunriseRefraction)
            ? pressureHpa / 1010.0 * (283.0 / (273.0 + temperatureC)) * 1.02 / (60.0 * Math.Tan((e0 + 10.3 / (e0 + 5.11)) * Deg))
            : 0.0;
        double e = e0 + refraction;

        // Azimuth (A4.20–A4.21): astronomers' azimuth from south, turned to eastward from north.
        double gamma = Math.Atan2(Math.Sin(hPrime), Math.Cos(hPrime) * Math.Sin(phi) - Math.Tan(deltaPrime) * Math.Cos(phi)) / Deg;
        double azimuth = LimitDegrees(gamma + 180.0);

        return new SolarAngles(
            90.0 - e,
            90.0 - e0,
            azimuth,
            deltaPrime / Deg,
            LimitDegrees180(hPrime / Deg),
            EquationOfTime(g),
            g.R);
    }

    /// <summary>
    /// Angle of incidence (degrees) of the sun's rays on a plane tilted <paramref name="tilt"/> degrees from horizontal
    /// and facing <paramref name="surfaceAzimuth"/> (eastward from north, 180 = south), using the refracted zenith (A4.22).
    /// </summary>
    public static double Incidence(in SolarAngles sun, double tilt, double surfaceAzimuth)
        => Math.Acos(Math.Clamp(CosIncidence(sun.Zenith, sun.Azimuth, tilt, surfaceAzimuth), -1.0, 1.0)) / Deg;

    /// <summary>Cosine of the angle of incidence for a sun at (<paramref name="zenith"/>, <paramref name="azimuth"/>) on a tilted plane; all degrees.</summary>
    public static double CosIncidence(double zenith, double azimuth, double tilt, double surfaceAzimuth)
    {
        double z = zenith * Deg;
        double b = tilt * Deg;
        return Math.Cos(z) * Math.Cos(b) + Math.Sin(b) * Math.Sin(z) * Math.Cos((azimuth - surfaceAzimuth) * Deg);
    }

    /// <summary>
    /// Sunrise, transit and sunset (SPA appendix A.2) for the calendar day <paramref name="date"/> at a place whose
    /// standard time is UTC<paramref name="utcOffsetHours"/>; results in local hours of that day.
    /// </summary>
    public static SunTimes SunriseTransitSunset(DateOnly date, double utcOffsetHours, double latitude, double longitude, double deltaT = DefaultDeltaT)
    {
        // Sidereal time at 0 UT, and the sun's right ascension and declination at 0 TT of the day before, of and after.
        double jd0 = JulianDay(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        double nu = Geocentric(jd0, deltaT).Nu;
        Span<double> alpha = stackalloc double[3];
        Span<double> delta = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            var gi = Geocentric(jd0 + i - 1, 0.0);
            alpha[i] = gi.Alpha;
            delta[i] = gi.Delta;
        }

        double transitApprox = (alpha[1] - longitude - nu) / 360.0;
        double h0Prime = -(SunRadius + SunriseRefraction);
        double phi = latitude * Deg;
        double cosH0 = (Math.Sin(h0Prime * Deg) - Math.Sin(phi) * Math.Sin(delta[1] * Deg)) / (Math.Cos(phi) * Math.Cos(delta[1] * Deg));

        double transit = LocalHours(RefinedTransit(Limit01(transitApprox), nu, deltaT, longitude, alpha), utcOffsetHours);
        if (Math.Abs(cosH0) > 1.0)
        {
            return new SunTimes(double.NaN, transit, double.NaN, cosH0 < -1.0);
        }

        double h0 = Math.Acos(cosH0) / Deg;
        double mRise = Limit01(transitApprox - h0 / 360.0);
        double mSet = Limit01(transitApprox + h0 / 360.0);
        double rise = RefinedRiseSet(mRise, nu, deltaT, longitude, latitude, h0Prime, alpha, delta);
        double set = RefinedRiseSet(mSet, nu, deltaT, longitude, latitude, h0Prime, alpha, delta);
        return new SunTimes(LocalHours(rise, utcOffsetHours), transit, LocalHours(set, utcOffsetHours), false);
    }

    /// <summary>Julian day (UT) of an instant; <see cref="DateTimeKind.Unspecified"/> is taken as UTC.</summary>
    public static double JulianDay(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            utc = utc.ToUniversalTime();
        }

        return UnixEpochJulianDay + (utc.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerDay;
    }

    /// <summary>
    /// Julian day from a calendar date as SPA computes it (A4.1, Gregorian after 1582-10-15); <paramref name="day"/>
    /// may carry the fraction of the day.
    /// </summary>
    public static double JulianDay(int year, int month, double day)
    {
        if (month < 3)
        {
            month += 12;
            year--;
        }

        double jd = Math.Floor(365.25 * (year + 4716.0)) + Math.Floor(30.6001 * (month + 1)) + day - 1524.5;
        if (jd > 2299160.0)
        {
            double a = Math.Floor(year / 100.0);
            jd += 2 - a + Math.Floor(a / 4);
        }

        return jd;
    }

    /// <summary>The geocentric quantities of SPA steps 3.1–3.9 at a Julian day (UT) and ΔT.</summary>
    internal static GeocentricSun Geocentric(double julianDay, double deltaT)
    {
        double jde = julianDay + deltaT / 86400.0;
        double jc = (julianDay - J2000) / 36525.0;
        double jce = (jde - J2000) / 36525.0;
        double jme = jce / 10.0;

        // Heliocentric longitude, latitude (degrees) and radius vector (AU), A4.2–A4.4.
        double l = LimitDegrees(Polynomial(jme, Sum(SpaTables.L0, jme), Sum(SpaTables.L1, jme), Sum(SpaTables.L2, jme), Sum(SpaTables.L3, jme), Sum(SpaTables.L4, jme), Sum(SpaTables.L5, jme)) / 1e8 / Deg);
        double b = Polynomial(jme, Sum(SpaTables.B0, jme), Sum(SpaTables.B1, jme)) / 1e8 / Deg;
        double r = Polynomial(jme, Sum(SpaTables.R0, jme), Sum(SpaTables.R1, jme), Sum(SpaTables.R2, jme), Sum(SpaTables.R3, jme), Sum(SpaTables.R4, jme)) / 1e8;

        // Geocentric longitude and latitude (A4.5–A4.6).
        double theta = LimitDegrees(l + 180.0);
        double beta = -b;

        // Nutation in longitude and obliquity (A4.7–A4.8).
        Nutation(jce, out double deltaPsi, out double deltaEpsilon);

        // True obliquity of the ecliptic (A4.9).
        double u = jme / 10.0;
        double epsilon0 = 84381.448 + u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67 + u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
        double epsilon = epsilon0 / 3600.0 + deltaEpsilon;

        // Aberration and apparent sun longitude (A4.10).
        double deltaTau = -20.4898 / (3600.0 * r);
        double lambda = theta + deltaPsi + deltaTau;

        // Apparent sidereal time at Greenwich (A4.11).
        double nu0 = LimitDegrees(280.46061837 + 360.98564736629 * (julianDay - J2000) + jc * jc * (0.000387933 - jc / 38710000.0));
        double nu = nu0 + deltaPsi * Math.Cos(epsilon * Deg);

        // Geocentric right ascension and declination.
        double lr = lambda * Deg;
        double er = epsilon * Deg;
        double br = beta * Deg;
        double alpha = LimitDegrees(Math.Atan2(Math.Sin(lr) * Math.Cos(er) - Math.Tan(br) * Math.Sin(er), Math.Cos(lr)) / Deg);
        double delta = Math.Asin(Math.Sin(br) * Math.Cos(er) + Math.Cos(br) * Math.Sin(er) * Math.Sin(lr)) / Deg;

        return new GeocentricSun(jme, l, b, r, deltaPsi, deltaEpsilon, epsilon, lambda, nu, alpha, delta);
    }

    internal static double LimitDegrees(double degrees)
    {
        double d = degrees % 360.0;
        return d < 0 ? d + 360.0 : d;
    }

    private static double LimitDegrees180(double degrees)
    {
        double d = LimitDegrees(degrees);
        return d > 180.0 ? d - 360.0 : d;
    }

    private static double Limit01(double value)
    {
        double f = value - Math.Floor(value);
        return f;
    }

    private static double Sum(double[] terms, double jme)
    {
        double s = 0;
        for (int i = 0; i < terms.Length; i += 3)
        {
            s += terms[i] * Math.Cos(terms[i + 1] + terms[i + 2] * jme);
        }

        return s;
    }

    private static double Polynomial(double x, double c0, double c1, double c2 = 0, double c3 = 0, double c4 = 0, double c5 = 0)
        => c0 + x * (c1 + x * (c2 + x * (c3 + x * (c4 + x * c5))));

    private static void Nutation(double jce, out double deltaPsi, out double deltaEpsilon)
    {
        double x0 = 297.85036 + jce * (445267.111480 + jce * (-0.0019142 + jce / 189474.0));
        double x1 = 357.52772 + jce * (35999.050340 + jce * (-0.0001603 - jce / 300000.0));
        double x2 = 134.96298 + jce * (477198.867398 + jce * (0.0086972 + jce / 56250.0));
        double x3 = 93.27191 + jce * (483202.017538 + jce * (-0.0036825 + jce / 327270.0));
        double x4 = 125.04452 + jce * (-1934.136261 + jce * (0.0020708 + jce / 450000.0));
        double psi = 0;
        double eps = 0;
        var y = SpaTables.NutationY;
        var c = SpaTables.NutationAbcd;
        for (int i = 0, j = 0, k = 0; i < 63; i++, j += 5, k += 4)
        {
            double arg = (x0 * y[j] + x1 * y[j + 1] + x2 * y[j + 2] + x3 * y[j + 3] + x4 * y[j + 4]) * Deg;
            psi += (c[k] + c[k + 1] * jce) * Math.Sin(arg);
            eps += (c[k + 2] + c[k + 3] * jce) * Math.Cos(arg);
        }

        deltaPsi = psi / 36000000.0;
        deltaEpsilon = eps / 36000000.0;
    }

    private static double EquationOfTime(in GeocentricSun g)
    {
        double m = LimitDegrees(280.4664567 + g.Jme * (360007.6982779 + g.Jme * (0.03032028 + g.Jme * (1.0 / 49931.0 + g.Jme * (-1.0 / 15300.0 - g.Jme / 2000000.0)))));
        double e = 4.0 * (m - 0.0057183 - g.Alpha + g.DeltaPsi * Math.Cos(g.Epsilon * Deg));
        if (e < -20.0)
        {
            e += 1440.0;
        }
        else if (e > 20.0)
        {
            e -= 1440.0;
        }

        return e;
    }

    private static double Interpolate(ReadOnlySpan<double> values, double n)
    {
        double a = values[1] - values[0];
        double b = values[2] - values[1];
        if (Math.Abs(a) >= 2.0)
        {
            a = Limit01(a);
        }

        if (Math.Abs(b) >= 2.0)
        {
            b = Limit01(b);
        }

        return values[1] + n * (a + b + (b - a) * n) / 2.0;
    }

    private static double RefinedTransit(double m, double nu, double deltaT, double longitude, ReadOnlySpan<double> alpha)
    {
        double nuI = nu + 360.985647 * m;
        double alphaPrime = Interpolate(alpha, m + deltaT / 86400.0);
        double hPrime = LimitDegrees180(nuI + longitude - alphaPrime);
        return m - hPrime / 360.0;
    }

    private static double RefinedRiseSet(double m, double nu, double deltaT, double longitude, double latitude, double h0Prime, ReadOnlySpan<double> alpha, ReadOnlySpan<double> delta)
    {
        double n = m + deltaT / 86400.0;
        double nuI = nu + 360.985647 * m;
        double alphaPrime = Interpolate(alpha, n);
        double deltaPrime = Interpolate(delta, n) * Deg;
        double hPrime = LimitDegrees180(nuI + longitude - alphaPrime) * Deg;
        double phi = latitude * Deg;
        double altitude = Math.Asin(Math.Sin(phi) * Math.Sin(deltaPrime) + Math.Cos(phi) * Math.Cos(deltaPrime) * Math.Cos(hPrime)) / Deg;
        return m + (altitude - h0Prime) / (360.0 * Math.Cos(deltaPrime) * Math.Cos(phi) * Math.Sin(hPrime));
    }

    private static double LocalHours(double dayFraction, double utcOffsetHours) => 24.0 * Limit01(dayFraction + utcOffsetHours / 24.0);
}

/// <summary>SPA's intermediate geocentric quantities (degrees, AU), exposed to tests.</summary>
internal readonly record struct GeocentricSun(
    double Jme,
    double HeliocentricLongitude,
    double HeliocentricLatitude,
    double R,
    double DeltaPsi,
    double DeltaEpsilon,
    double Epsilon,
    double Lambda,
    double Nu,
    double Alpha,
    double Delta);
