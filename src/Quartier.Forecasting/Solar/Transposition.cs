namespace Quartier.Forecasting.Solar;

/// <summary>How the sky's diffuse irradiance is distributed over the sky dome when it is transposed to a tilted plane.</summary>
public enum SkyDiffuseModel
{
    /// <summary>Uniform sky (Liu &amp; Jordan).</summary>
    Isotropic,

    /// <summary>Hay &amp; Davies (1980): isotropic plus a circumsolar part weighted by the anisotropy index DNI/E0.</summary>
    HayDavies,

    /// <summary>Perez et al. (1990), all-sites composite coefficients: isotropic, circumsolar and horizon brightening.</summary>
    Perez,
}

/// <summary>Irradiance on a plane of array, W/m².</summary>
/// <param name="Beam">Direct beam on the plane, DNI·max(cos AOI, 0).</param>
/// <param name="SkyDiffuse">Diffuse from the sky dome.</param>
/// <param name="GroundDiffuse">Reflected from the ground.</param>
/// <param name="CosIncidence">Cosine of the sun's angle of incidence on the plane (may be negative: sun behind the plane).</param>
public readonly record struct PoaIrradiance(double Beam, double SkyDiffuse, double GroundDiffuse, double CosIncidence)
{
    /// <summary>Beam + sky diffuse + ground reflected.</summary>
    public double Total => Beam + SkyDiffuse + GroundDiffuse;

    /// <summary>Sky + ground diffuse.</summary>
    public double Diffuse => SkyDiffuse + GroundDiffuse;
}

/// <summary>
/// Transposition of horizontal irradiance (GHI, DNI, DHI) to a tilted plane. Angles in degrees, azimuths eastward from
/// north (180 = south), zenith the apparent (refracted) one. Allocation-free.
/// </summary>
public static class Transposition
{
    private const double Deg = Math.PI / 180.0;
    private static readonly double Cos85 = Math.Cos(85.0 * Deg);

    // Perez 1990 "all sites composite" coefficients: per clearness bin f11, f12, f13, f21, f22, f23.
    private static readonly double[] PerezCoefficients =
    [
        -0.0080, 0.5880, -0.0620, -0.0600, 0.0720, -0.0220,
        0.1300, 0.6830, -0.1510, -0.0190, 0.0660, -0.0290,
        0.3300, 0.4870, -0.2210, 0.0550, -0.0640, -0.0260,
        0.5680, 0.1870, -0.2950, 0.1090, -0.1520, -0.0140,
        0.8730, -0.3920, -0.3620, 0.2260, -0.4620, 0.0010,
        1.1320, -1.2370, -0.4120, 0.2880, -0.8230, 0.0560,
        1.0600, -1.6000, -0.3590, 0.2640, -1.1270, 0.1310,
        0.6780, -0.3270, -0.2500, 0.1560, -1.3770, 0.2510,
    ];

    // Upper bounds of the sky-clearness bins 1…7 (bin 8 is ε ≥ 6.2).
    private static readonly double[] ClearnessBins = [1.065, 1.23, 1.5, 1.95, 2.8, 4.5, 6.2];

    /// <summary>
    /// Irradiance on a plane tilted <paramref name="tilt"/> facing <paramref name="surfaceAzimuth"/> for the sun at
    /// (<paramref name="zenith"/>, <paramref name="sunAzimuth"/>). <paramref name="extraterrestrialNormal"/> is needed by
    /// Hay-Davies and Perez; <paramref name="relativeAirMass"/> by Perez (NaN: Kasten-Young from the zenith).
    /// With the sun below the horizon there is no beam and the sky diffuse is taken as isotropic.
    /// </summary>
    public static PoaIrradiance Transpose(
        SkyDiffuseModel model,
        double tilt,
        double surfaceAzimuth,
        double zenith,
        double sunAzimuth,
        double dni,
        double ghi,
        double dhi,
        double extraterrestrialNormal,
        double albedo = 0.2,
        double relativeAirMass = double.NaN)
    {
        double cosAoi = SolarPosition.CosIncidence(zenith, sunAzimuth, tilt, surfaceAzimuth);
        bool sunUp = zenith < 90.0;
        double beam = sunUp ? Math.Max(dni, 0) * Math.Max(cosAoi, 0) : 0.0;
        double sky;
        if (!sunUp || model == SkyDiffuseModel.Isotropic)
        {
            sky = IsotropicSky(tilt, dhi);
        }
        else if (model == SkyDiffuseModel.HayDavies)
        {
            sky = HayDaviesSky(tilt, cosAoi, zenith, dni, dhi, extraterrestrialNormal);
        }
        else
        {
            double am = double.IsNaN(relativeAirMass) ? AirMass.KastenYoung(zenith) : relativeAirMass;
            sky = PerezSky(tilt, cosAoi, zenith, dni, dhi, extraterrestrialNormal, am);
        }

        return new PoaIrradiance(beam, sky, GroundReflected(tilt, ghi, albedo), cosAoi);
    }

    /// <summary>Isotropic sky diffuse on a tilted plane: DHI·(1 + cos β)/2.</summary>
    public static double IsotropicSky(double tilt, double dhi) => Math.Max(dhi, 0) * (1.0 + Math.Cos(tilt * Deg)) / 2.0;

    /// <summary>Ground-reflected irradiance on a tilted plane, isotropic ground: GHI·ρ·(1 − cos β)/2.</summary>
    public static double GroundReflected(double tilt, double ghi, double albedo) => Math.Max(ghi, 0) * albedo * (1.0 - Math.Cos(tilt * Deg)) / 2.0;

    /// <summary>
    /// Hay-Davies sky diffuse: DHI·[(1 − A)(1 + cos β)/2 + A·Rb] with anisotropy index A = DNI/E0 and
    /// Rb = max(cos AOI, 0)/max(cos z, cos 89°).
    /// </summary>
    public static double HayDaviesSky(double tilt, double cosIncidence, double zenith, double dni, double dhi, double extraterrestrialNormal)
    {
        if (!(dhi > 0))
        {
            return 0;
        }

        double a = Math.Clamp(Math.Max(dni, 0) / extraterrestrialNormal, 0, 1);
        double rb = Math.Max(cosIncidence, 0) / Math.Max(Math.Cos(zenith * Deg), 0.01745);
        return dhi * ((1 - a) * (1 + Math.Cos(tilt * Deg)) / 2 + a * rb);
    }

    /// <summary>
    /// Perez (1990) sky diffuse with the all-sites composite coefficients: DHI·[(1 − F1)(1 + cos β)/2 + F1·a/b + F2·sin β],
    /// a = max(cos AOI, 0), b = max(cos z, cos 85°); F1, F2 from the sky clearness ε (bins 1…8) and brightness
    /// Δ = DHI·AM/E0. Never negative.
    /// </summary>
    public static double PerezSky(double tilt, double cosIncidence, double zenith, double dni, double dhi, double extraterrestrialNormal, double relativeAirMass)
    {
        if (!(dhi > 0))
        {
            return 0;
        }

        double z = zenith * Deg;
        double kz3 = 1.041 * z * z * z;
        double epsilon = ((dhi + Math.Max(dni, 0)) / dhi + kz3) / (1 + kz3);
        int bin = 0;
        while (bin < ClearnessBins.Length && epsilon >= ClearnessBins[bin])
        {
            bin++;
        }

        double delta = dhi * relativeAirMass / extraterrestrialNormal;
        int k = bin * 6;
        double f1 = Math.Max(0, PerezCoefficients[k] + PerezCoefficients[k + 1] * delta + PerezCoefficients[k + 2] * z);
        double f2 = PerezCoefficients[k + 3] + PerezCoefficients[k + 4] * delta + PerezCoefficients[k + 5] * z;
        double a = Math.Max(cosIncidence, 0);
        double b = Math.Max(Math.Cos(z), Cos85);
        double beta = tilt * Deg;
        double sky = dhi * ((1 - f1) * (1 + Math.Cos(beta)) / 2 + f1 * a / b + f2 * Math.Sin(beta));
        return Math.Max(sky, 0);
    }
}
