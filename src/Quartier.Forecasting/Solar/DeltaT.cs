namespace Quartier.Forecasting.Solar;

/// <summary>
/// ΔT = TT − UT1 (seconds) for a decimal year: observed values 1990–2025 (IERS, rounded to 0.1 s), Espenak &amp;
/// Meeus polynomials outside. For the sun, ΔT only shifts the ephemeris (1 s ≈ 0.00001° of longitude), so any
/// value within a few seconds is fine for energy work.
/// </summary>
public static class DeltaT
{
    private static readonly double[] Observed = [56.9, 60.8, 63.8, 64.7, 66.1, 67.6, 69.4, 69.2]; // 1990, 1995, …, 2025

    /// <summary>ΔT in seconds for <paramref name="decimalYear"/> (e.g. 2024.5).</summary>
    public static double Estimate(double decimalYear)
    {
        double y = decimalYear;
        if (y >= 1990 && y <= 2025)
        {
            double p = (y - 1990) / 5.0;
            int i = Math.Min((int)p, Observed.Length - 2);
            return Observed[i] + (p - i) * (Observed[i + 1] - Observed[i]);
        }

        if (y > 2025 && y < 2050)
        {
            // Espenak–Meeus 2005–2050 polynomial, shifted to join the 2025 observation.
            double t = y - 2000;
            double shift = 69.2 - (62.92 + 0.32217 * 25 + 0.005589 * 625);
            return 62.92 + 0.32217 * t + 0.005589 * t * t + shift;
        }

        if (y >= 1961 && y < 1990)
        {
            double t = y - 1975;
            return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
        }

        if (y >= 1941 && y < 1961)
        {
            double t = y - 1950;
            return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
        }

        if (y >= 1920 && y < 1941)
        {
            double t = y - 1920;
            return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
        }

        double u = (y - 1820) / 100;
        return -20 + 32 * u * u;
    }

    /// <summary>ΔT for the instant <paramref name="utc"/>.</summary>
    public static double Estimate(DateTime utc) => Estimate(utc.Year + (utc.DayOfYear - 0.5) / (DateTime.IsLeapYear(utc.Year) ? 366.0 : 365.0));
}
