namespace Quartier.Forecasting.Solar;

/// <summary>Extraterrestrial irradiance and the clearness index.</summary>
public static class Irradiance
{
    /// <summary>Solar constant used by the irradiance models here, W/m² (the value Perez, Erbs and Ineichen were fitted with).</summary>
    public const double SolarConstant = 1366.1;

    private const double Deg = Math.PI / 180.0;

    /// <summary>Extraterrestrial normal irradiance (W/m²) on day <paramref name="dayOfYear"/> (1…366), Spencer's (1971) series.</summary>
    public static double ExtraterrestrialNormal(int dayOfYear)
    {
        double b = 2.0 * Math.PI * (dayOfYear - 1) / 365.0;
        return SolarConstant * (1.00011 + 0.034221 * Math.Cos(b) + 0.00128 * Math.Sin(b) + 0.000719 * Math.Cos(2 * b) + 0.000077 * Math.Sin(2 * b));
    }

    /// <summary>Extraterrestrial normal irradiance (W/m²) at an earth–sun distance in AU (<see cref="SolarAngles.EarthSunDistanceAu"/>).</summary>
    public static double ExtraterrestrialNormal(double earthSunDistanceAu) => SolarConstant / (earthSunDistanceAu * earthSunDistanceAu);

    /// <summary>
    /// Clearness index kt = GHI / (E0·cos z), with cos z held at ≥ <paramref name="minCosZenith"/> (0.065 ≈ 86.3°) so it stays
    /// finite near the horizon, clipped to 0…<paramref name="maxClearness"/>.
    /// </summary>
    public static double ClearnessIndex(double ghi, double zenith, double extraterrestrialNormal, double minCosZenith = 0.065, double maxClearness = 1.0)
    {
        double cosZ = Math.Max(Math.Cos(zenith * Deg), minCosZenith);
        double kt = ghi / (extraterrestrialNormal * cosZ);
        return double.IsNaN(kt) ? kt : Math.Clamp(kt, 0.0, maxClearness);
    }
}
