namespace Quartier.Forecasting.Solar;

/// <summary>Clear-sky irradiance, W/m².</summary>
/// <param name="Ghi">Global horizontal.</param>
/// <param name="Dni">Direct normal.</param>
/// <param name="Dhi">Diffuse horizontal.</param>
public readonly record struct ClearSkyIrradiance(double Ghi, double Dni, double Dhi);

/// <summary>Clear-sky models.</summary>
public static class ClearSky
{
    private const double Deg = Math.PI / 180.0;

    /// <summary>Haurwitz (1945) clear-sky GHI: 1098·cos z·exp(−0.059/cos z); 0 with the sun down.</summary>
    public static double Haurwitz(double apparentZenith)
    {
        double c = Math.Cos(apparentZenith * Deg);
        return c > 0 ? 1098.0 * c * Math.Exp(-0.059 / c) : 0.0;
    }

    /// <summary>
    /// Ineichen &amp; Perez (2002) clear sky with a Linke turbidity (about 2 for very clean air, 3–4 for central Europe,
    /// 5+ hazy), site elevation (m), absolute air mass and extraterrestrial normal irradiance. Zero with the sun down.
    /// </summary>
    public static ClearSkyIrradiance Ineichen(double apparentZenith, double absoluteAirMass, double linkeTurbidity, double elevationM, double extraterrestrialNormal)
    {
        double cosZ = Math.Cos(apparentZenith * Deg);
        if (!(cosZ > 0) || double.IsNaN(absoluteAirMass))
        {
            return default;
        }

        double tl = linkeTurbidity;
        double fh1 = Math.Exp(-elevationM / 8000.0);
        double fh2 = Math.Exp(-elevationM / 1250.0);
        double cg1 = 5.09e-5 * elevationM + 0.868;
        double cg2 = 3.92e-5 * elevationM + 0.0387;
        double ghi = Math.Max(cg1 * extraterrestrialNormal * cosZ * Math.Exp(-cg2 * absoluteAirMass * (fh1 + fh2 * (tl - 1))), 0);
        double b = 0.664 + 0.163 / fh1;
        double dniBird = Math.Max(b * extraterrestrialNormal * Math.Exp(-0.09 * absoluteAirMass * (tl - 1)), 0);
        double dniLimit = ghi * Math.Clamp((1 - (0.1 - 0.2 * Math.Exp(-tl)) / (0.1 + 0.882 / fh1)) / cosZ, 0, 1e20);
        double dni = Math.Min(dniBird, dniLimit);
        return new ClearSkyIrradiance(ghi, dni, ghi - dni * cosZ);
    }
}
