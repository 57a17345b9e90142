namespace Quartier.Forecasting.Solar;

/// <summary>
/// Where the sun is, seen from a place on the earth at one instant. Angles in degrees.
/// </summary>
/// <param name="Zenith">Topocentric zenith angle including atmospheric refraction (SPA's θ; "apparent zenith").</param>
/// <param name="ZenithUnrefracted">Topocentric zenith angle without refraction.</param>
/// <param name="Azimuth">Topocentric azimuth, eastward from north (0 = north, 90 = east, 180 = south).</param>
/// <param name="Declination">Topocentric declination of the sun.</param>
/// <param name="HourAngle">Topocentric local hour angle, −180…180, negative before solar noon.</param>
/// <param name="EquationOfTimeMinutes">Apparent minus mean solar time, minutes.</param>
/// <param name="EarthSunDistanceAu">Earth–sun distance in astronomical units.</param>
public readonly record struct SolarAngles(
    double Zenith,
    double ZenithUnrefracted,
    double Azimuth,
    double Declination,
    double HourAngle,
    double EquationOfTimeMinutes,
    double EarthSunDistanceAu)
{
    /// <summary>Apparent elevation above the horizon (90° − <see cref="Zenith"/>).</summary>
    public double Elevation => 90.0 - Zenith;

    /// <summary>True when the sun's centre is above the apparent horizon.</summary>
    public bool IsUp => Zenith < 90.0;
}

/// <summary>
/// Sunrise, sun transit and sunset of one day in local (standard) hours after midnight of that day, as SPA defines
/// them (sun's upper limb on the horizon with 0.5667° refraction). Sunrise and sunset are NaN when the sun does not
/// rise or set that day (<see cref="PolarDay"/> or polar night).
/// </summary>
/// <param name="Sunrise">Local hours, NaN when there is none.</param>
/// <param name="Transit">Local hours of the sun's meridian transit (solar noon).</param>
/// <param name="Sunset">Local hours, NaN when there is none.</param>
/// <param name="PolarDay">True when the sun stays above the horizon all day, false for polar night or a normal day.</param>
public readonly record struct SunTimes(double Sunrise, double Transit, double Sunset, bool PolarDay)
{
    /// <summary>Hours between sunrise and sunset (24 on a polar day, 0 in polar night).</summary>
    public double DayLengthHours => double.IsNaN(Sunrise) ? (PolarDay ? 24 : 0) : Sunset - Sunrise;

    /// <summary>Formats local hours as hh:mm:ss (rounded to the second), or "—" for NaN.</summary>
    public static string Format(double hours)
    {
        if (double.IsNaN(hours))
        {
            return "—";
        }

        var seconds = (long)Math.Round(hours * 3600.0);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seconds / 3600:00}:{seconds / 60 % 60:00}:{seconds % 60:00}");
    }
}
