namespace Quartier.Forecasting.Pv;

/// <summary>Which model turns air temperature, wind and plane-of-array irradiance into a cell temperature.</summary>
public enum CellTemperatureModel
{
    /// <summary>Faiman (2008): T = Ta + G/(U0 + U1·v), U0 = 25 W/m²K, U1 = 6.84 W s/m³K (IEC 61853-2).</summary>
    Faiman,

    /// <summary>Sandia (King 2004), open-rack glass/polymer: Tm = G·exp(a + b·v) + Ta, Tc = Tm + G/1000·ΔT.</summary>
    Sapm,

    /// <summary>NOCT: T = Ta + (NOCT − 20)/800·G with NOCT = 45 °C (no wind dependence).</summary>
    Noct,
}

/// <summary>PV cell temperature models; irradiance W/m², temperatures °C, wind m/s.</summary>
public static class CellTemperature
{
    /// <summary>Faiman: Ta + G/(u0 + u1·v).</summary>
    public static double Faiman(double poa, double airTemperature, double windSpeed, double u0 = 25.0, double u1 = 6.84)
        => airTemperature + poa / (u0 + u1 * Math.Max(windSpeed, 0));

    /// <summary>Sandia array performance model, open rack glass/polymer defaults (a = −3.56, b = −0.075, ΔT = 3 K).</summary>
    public static double Sapm(double poa, double airTemperature, double windSpeed, double a = -3.56, double b = -0.075, double deltaT = 3.0)
    {
        double module = poa * Math.Exp(a + b * Math.Max(windSpeed, 0)) + airTemperature;
        return module + poa / 1000.0 * deltaT;
    }

    /// <summary>Simple NOCT model: Ta + (NOCT − 20)/800·G.</summary>
    public static double Noct(double poa, double airTemperature, double noct = 45.0) => airTemperature + (noct - 20.0) / 800.0 * poa;

    /// <summary>The cell temperature with <paramref name="model"/>'s default parameters.</summary>
    public static double Compute(CellTemperatureModel model, double poa, double airTemperature, double windSpeed) => model switch
    {
        CellTemperatureModel.Sapm => Sapm(poa, airTemperature, windSpeed),
        CellTemperatureModel.Noct => Noct(poa, airTemperature),
        _ => Faiman(poa, airTemperature, windSpeed),
    };
}
