namespace Quartier.Forecasting.Pv;

/// <summary>
/// PVWatts v5 inverter (Dobos 2014): η(ζ) = η_nom/η_ref·(−0.0162·ζ − 0.0059/ζ + 0.9858) with ζ = P_dc/P_dc0,
/// P_dc0 = P_ac0/η_nom and η_ref = 0.9637, so η(1) = η_nom; output limited to P_ac0 (clipping).
/// </summary>
public static class PvWattsInverter
{
    /// <summary>PVWatts' reference efficiency of the curve.</summary>
    public const double ReferenceEfficiency = 0.9637;

    /// <summary>PVWatts' default nominal efficiency.</summary>
    public const double DefaultNominalEfficiency = 0.96;

    /// <summary>Efficiency at a DC load fraction ζ = P_dc/P_dc0 (0 for ζ ≤ 0; never negative).</summary>
    public static double Efficiency(double loadFraction, double nominalEfficiency = DefaultNominalEfficiency)
    {
        if (!(loadFraction > 0))
        {
            return 0;
        }

        double eta = nominalEfficiency / ReferenceEfficiency * (-0.0162 * loadFraction - 0.0059 / loadFraction + 0.9858);
        return Math.Max(eta, 0);
    }

    /// <summary>AC output (W) for a DC input (W) into an inverter rated <paramref name="acRatingW"/> (W AC).</summary>
    public static double Ac(double dcW, double acRatingW, double nominalEfficiency = DefaultNominalEfficiency)
    {
        if (!(dcW > 0) || !(acRatingW > 0))
        {
            return 0;
        }

        double dc0 = acRatingW / nominalEfficiency;
        return Math.Min(Efficiency(dcW / dc0, nominalEfficiency) * dcW, acRatingW);
    }
}
