namespace Quartier.Forecasting.Solar;

/// <summary>Direct normal and diffuse horizontal irradiance split from a global horizontal value, W/m².</summary>
/// <param name="Dni">Direct normal.</param>
/// <param name="Dhi">Diffuse horizontal.</param>
/// <param name="ClearnessIndex">kt used for the split.</param>
public readonly record struct DecomposedIrradiance(double Dni, double Dhi, double ClearnessIndex);

/// <summary>Decomposition of global horizontal irradiance into its direct and diffuse parts.</summary>
public static class Decomposition
{
    private const double Deg = Math.PI / 180.0;

    /// <summary>
    /// Erbs, Klein &amp; Duffie (1982) diffuse fraction from the clearness index; DNI = (GHI − DHI)/cos z. Above
    /// <paramref name="maxZenith"/> or for GHI ≤ 0 all of GHI is diffuse, so DHI + DNI·cos z = GHI always holds.
    /// </summary>
    public static DecomposedIrradiance Erbs(double ghi, double zenith, double extraterrestrialNormal, double maxZenith = 87.0)
    {
        if (!(ghi > 0))
        {
            return new DecomposedIrradiance(0, Math.Max(ghi, 0), 0);
        }

        double kt = Irradiance.ClearnessIndex(ghi, zenith, extraterrestrialNormal);
        double fraction = kt <= 0.22 ? 1.0 - 0.09 * kt
            : kt <= 0.8 ? 0.9511 + kt * (-0.1604 + kt * (4.388 + kt * (-16.638 + kt * 12.336)))
            : 0.165;
        double dhi = fraction * ghi;
        double cosZ = Math.Cos(zenith * Deg);
        double dni = (ghi - dhi) / cosZ;
        if (zenith > maxZenith || !(dni >= 0))
        {
            return new DecomposedIrradiance(0, ghi, kt);
        }

        return new DecomposedIrradiance(dni, dhi, kt);
    }
}
