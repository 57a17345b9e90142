namespace Quartier.Forecasting.Solar;

/// <summary>Optical air mass.</summary>
public static class AirMass
{
    private const double Deg = Math.PI / 180.0;

    /// <summary>
    /// Relative air mass after Kasten &amp; Young (1989) for an apparent (refracted) zenith angle in degrees;
    /// NaN when the sun is below the horizon (zenith ≥ 90°).
    /// </summary>
    public static double KastenYoung(double apparentZenith)
    {
        if (!(apparentZenith < 90.0))
        {
            return double.NaN;
        }

        return 1.0 / (Math.Cos(apparentZenith * Deg) + 0.50572 * Math.Pow(96.07995 - apparentZenith, -1.6364));
    }

    /// <summary>Pressure-corrected (absolute) air mass: relative · P / 101325 Pa.</summary>
    public static double Absolute(double relativeAirMass, double pressurePa = 101325.0) => relativeAirMass * pressurePa / 101325.0;

    /// <summary>Standard-atmosphere station pressure (Pa) at <paramref name="elevationM"/> metres.</summary>
    public static double PressureAtElevation(double elevationM) => 101325.0 * Math.Pow(1.0 - 2.25577e-5 * elevationM, 5.25588);
}
