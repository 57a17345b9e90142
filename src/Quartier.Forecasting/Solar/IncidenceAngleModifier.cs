namespace Quartier.Forecasting.Solar;

/// <summary>Reflection losses of the module cover against the angle of incidence (IAM, 1 at normal incidence).</summary>
public static class IncidenceAngleModifier
{
    /// <summary>Martin &amp; Ruiz's angular losses coefficient for a typical glass module.</summary>
    public const double DefaultMartinRuizAr = 0.16;

    private const double Deg = Math.PI / 180.0;

    /// <summary>Martin &amp; Ruiz (2001) beam IAM: (1 − exp(−cos θ/a_r)) / (1 − exp(−1/a_r)); 0 at θ ≥ 90°.</summary>
    public static double MartinRuiz(double incidence, double ar = DefaultMartinRuizAr)
    {
        double c = Math.Cos(incidence * Deg);
        if (!(c > 0))
        {
            return 0;
        }

        return (1 - Math.Exp(-c / ar)) / (1 - Math.Exp(-1 / ar));
    }

    /// <summary>Martin &amp; Ruiz beam IAM from the cosine of the angle of incidence.</summary>
    public static double MartinRuizFromCos(double cosIncidence, double ar = DefaultMartinRuizAr)
        => cosIncidence > 0 ? (1 - Math.Exp(-cosIncidence / ar)) / (1 - Math.Exp(-1 / ar)) : 0;

    /// <summary>
    /// Martin &amp; Ruiz (2001) analytic IAM for isotropic sky diffuse and ground-reflected irradiance on a plane tilted
    /// <paramref name="tilt"/> degrees (their eq. 26 with c1 = 4/(3π), c2 = a_r/2 − 0.154).
    /// </summary>
    public static (double Sky, double Ground) MartinRuizDiffuse(double tilt, double ar = DefaultMartinRuizAr)
    {
        double beta = Math.Clamp(tilt, 1e-6, 180.0) * Deg;
        double c1 = 4.0 / (3.0 * Math.PI);
        double c2 = 0.5 * ar - 0.154;
        double sinBeta = tilt < 90 ? Math.Sin(beta) : Math.Sin(Math.PI - beta);
        double trigSky = sinBeta + (Math.PI - beta - sinBeta) / (1 + Math.Cos(beta));
        // The ground term tends to 0 for a horizontal plane (which sees no ground); avoid 0/0 there.
        double trigGround = tilt > 0.01 ? sinBeta + (beta - sinBeta) / (1 - Math.Cos(beta)) : 0.0;
        double sky = 1 - Math.Exp(-(c1 + c2 * trigSky) * trigSky / ar);
        double ground = 1 - Math.Exp(-(c1 + c2 * trigGround) * trigGround / ar);
        return (sky, ground);
    }

    /// <summary>ASHRAE IAM: 1 − b0·(1/cos θ − 1), floored at 0.</summary>
    public static double Ashrae(double incidence, double b0 = 0.05)
    {
        double c = Math.Cos(incidence * Deg);
        return c > 0 ? Math.Max(0, 1 - b0 * (1 / c - 1)) : 0;
    }
}
