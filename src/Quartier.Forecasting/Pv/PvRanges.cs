using Quartier.Core.Input;

namespace Quartier.Forecasting.Pv;

/// <summary>
/// The allowed range of every PV system parameter, stated once: the <c>pv estimate</c> options and the model's
/// constructors check through these, so a refusal always quotes the range.
/// </summary>
public static class PvRanges
{
    /// <summary>Latitude, degrees north.</summary>
    public static readonly PhysicalRange Latitude = new(-90, 90, "deg");

    /// <summary>Longitude, degrees east.</summary>
    public static readonly PhysicalRange Longitude = new(-180, 180, "deg");

    /// <summary>Plane tilt from horizontal.</summary>
    public static readonly PhysicalRange Tilt = new(0, 90, "deg");

    /// <summary>Plane azimuth, degrees eastward from north (180 = south).</summary>
    public static readonly PhysicalRange Azimuth = new(0, 360, "deg from north");

    /// <summary>DC peak power of a plane: 1 Wp to a 1 GWp plant.</summary>
    public static readonly PhysicalRange Kwp = new(0.001, 1e6, "kWp");

    /// <summary>System losses.</summary>
    public static readonly PhysicalRange LossesPercent = new(0, 99, "%");

    /// <summary>Ground albedo.</summary>
    public static readonly PhysicalRange Albedo = new(0, 1, string.Empty);

    /// <summary>Module power temperature coefficient.</summary>
    public static readonly PhysicalRange GammaPercentPerKelvin = new(-1, 0, "%/K");

    /// <summary>Inverter AC rating.</summary>
    public static readonly PhysicalRange InverterKw = new(0.001, 1e6, "kW");

    /// <summary>Nominal inverter efficiency.</summary>
    public static readonly PhysicalRange InverterEfficiencyPercent = new(50, 100, "%");
}
