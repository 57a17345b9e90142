using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Solar;

/// <summary>
/// The sun's position (SPA) for every interval of a regular time grid, evaluated at
/// <c>Start + i·Step + OffsetSeconds</c>: by default the interval's midpoint, the right instant for interval means.
/// </summary>
public sealed class SolarGeometrySeries
{
    private SolarGeometrySeries(DateTime start, int stepSeconds, int count, double offsetSeconds)
    {
        Start = start;
        StepSeconds = stepSeconds;
        Count = count;
        OffsetSeconds = offsetSeconds;
        Zenith = new double[count];
        ZenithUnrefracted = new double[count];
        Azimuth = new double[count];
        ExtraterrestrialNormal = new double[count];
    }

    /// <summary>Start of the first interval, UTC.</summary>
    public DateTime Start { get; }

    public int StepSeconds { get; }

    public int Count { get; }

    /// <summary>Seconds after each interval's start at which the sun was evaluated.</summary>
    public double OffsetSeconds { get; }

    /// <summary>Apparent (refracted) topocentric zenith, degrees.</summary>
    public double[] Zenith { get; }

    /// <summary>Topocentric zenith without refraction, degrees.</summary>
    public double[] ZenithUnrefracted { get; }

    /// <summary>Azimuth eastward from north, degrees.</summary>
    public double[] Azimuth { get; }

    /// <summary>Extraterrestrial normal irradiance from the earth–sun distance, W/m².</summary>
    public double[] ExtraterrestrialNormal { get; }

    /// <summary>
    /// Sun positions for <paramref name="count"/> intervals of <paramref name="stepSeconds"/> from <paramref name="startUtc"/>.
    /// Pressure (Pa) and temperature (°C) per interval are optional (empty, or NaN values: the standard atmosphere at the
    /// elevation and 12 °C). <paramref name="offsetSeconds"/> NaN means the midpoint (step/2).
    /// </summary>
    public static SolarGeometrySeries Compute(
        DateTime startUtc,
        int stepSeconds,
        int count,
        double latitude,
        double longitude,
        double elevationM = 0,
        double offsetSeconds = double.NaN,
        ReadOnlySpan<double> pressurePa = default,
        ReadOnlySpan<double> temperatureC = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        double offset = double.IsNaN(offsetSeconds) ? stepSeconds / 2.0 : offsetSeconds;
        var start = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        var s = new SolarGeometrySeries(start, stepSeconds, count, offset);
        double jd0 = SolarPosition.JulianDay(start) + offset / 86400.0;
        double stepDays = stepSeconds / 86400.0;
        double standardHpa = AirMass.PressureAtElevation(elevationM) / 100.0;
        double deltaT = DeltaT.Estimate(start.AddSeconds(stepSeconds * (double)count / 2));
        for (int i = 0; i < count; i++)
        {
            double p = i < pressurePa.Length && pressurePa[i] > 0 ? pressurePa[i] / 100.0 : standardHpa;
            double t = i < temperatureC.Length && !double.IsNaN(temperatureC[i]) ? temperatureC[i] : SolarPosition.StandardTemperatureC;
            var sun = SolarPosition.ComputeAt(jd0 + i * stepDays, latitude, longitude, elevationM, p, t, deltaT);
            s.Zenith[i] = sun.Zenith;
            s.ZenithUnrefracted[i] = sun.ZenithUnrefracted;
            s.Azimuth[i] = sun.Azimuth;
            s.ExtraterrestrialNormal[i] = Irradiance.ExtraterrestrialNormal(sun.EarthSunDistanceAu);
        }

        return s;
    }

    /// <summary>
    /// Sun positions for a weather series' intervals at its location (or <paramref name="location"/>), with its pressure
    /// and air temperature for refraction; <paramref name="offsetSeconds"/> NaN = interval midpoints.
    /// </summary>
    public static SolarGeometrySeries ForWeather(WeatherSeries weather, WeatherLocation? location = null, double offsetSeconds = double.NaN)
    {
        var loc = location ?? weather.Location;
        return Compute(weather.Start, weather.StepSeconds, weather.Count, loc.Latitude, loc.Longitude, loc.ElevationM, offsetSeconds, weather.Pressure, weather.AirTemperature);
    }
}
