using System.Globalization;
using Quartier.Core.Errors;

namespace Quartier.Forecasting.Pv;

/// <summary>
/// One plane of PV modules (one roof face): tilt from horizontal, azimuth eastward from north (180 = south,
/// 90 = east, 270 = west), DC peak power at STC and the modules' power temperature coefficient.
/// </summary>
public sealed record PvPlane
{
    /// <summary>Creates a plane; throws <see cref="InputException"/> for values out of range.</summary>
    /// <param name="tiltDeg">0 (horizontal) … 90 (vertical).</param>
    /// <param name="azimuthDeg">Facing direction, degrees eastward from north, any value (normalised to 0…360).</param>
    /// <param name="dcKwp">Peak DC power at STC, kWp (&gt; 0).</param>
    /// <param name="temperatureCoefficient">Relative power change per kelvin, e.g. −0.004 for −0.4 %/K (−0.01…0).</param>
    /// <param name="name">A label for messages and tables.</param>
    public PvPlane(double tiltDeg, double azimuthDeg, double dcKwp, double temperatureCoefficient = DefaultTemperatureCoefficient, string? name = null)
    {
        if (!(tiltDeg >= 0 && tiltDeg <= 90))
        {
            throw new InputException($"PV plane tilt {F(tiltDeg)}° is out of range; allowed 0 (horizontal) … 90 (vertical)", elementId: name);
        }

        if (!double.IsFinite(azimuthDeg))
        {
            throw new InputException($"PV plane azimuth {F(azimuthDeg)} is not a number; give degrees from north (180 = south)", elementId: name);
        }

        if (!(dcKwp > 0 && dcKwp < 1e7))
        {
            throw new InputException($"PV plane DC power {F(dcKwp)} kWp is out of range; it must be > 0", elementId: name);
        }

        if (!(temperatureCoefficient >= -0.01 && temperatureCoefficient <= 0))
        {
            throw new InputException($"PV temperature coefficient {F(temperatureCoefficient)}/K is out of range; allowed −0.01 … 0 (e.g. −0.004 for −0.4 %/K)", elementId: name);
        }

        TiltDeg = tiltDeg;
        AzimuthDeg = ((azimuthDeg % 360) + 360) % 360;
        DcKwp = dcKwp;
        TemperatureCoefficient = temperatureCoefficient;
        Name = name;
    }

    /// <summary>−0.4 %/K, typical crystalline silicon.</summary>
    public const double DefaultTemperatureCoefficient = -0.004;

    /// <summary>Tilt from horizontal, degrees.</summary>
    public double TiltDeg { get; }

    /// <summary>Facing direction, degrees eastward from north (180 = south), 0…360.</summary>
    public double AzimuthDeg { get; }

    /// <summary>DC peak power at STC, kWp.</summary>
    public double DcKwp { get; }

    /// <summary>Relative power change per kelvin of cell temperature above 25 °C.</summary>
    public double TemperatureCoefficient { get; }

    /// <summary>Label, if any.</summary>
    public string? Name { get; }

    /// <summary>E.g. "30° tilt, 180° (S), 1.00 kWp".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{TiltDeg:0.#}° tilt, azimuth {AzimuthDeg:0.#}° ({Compass(AzimuthDeg)}), {DcKwp:0.00} kWp");

    /// <summary>The 16-point compass name of an azimuth (N, NNE, …).</summary>
    public static string Compass(double azimuth)
    {
        string[] names = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];
        int k = (int)Math.Round((((azimuth % 360) + 360) % 360) / 22.5) % 16;
        return names[k];
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
