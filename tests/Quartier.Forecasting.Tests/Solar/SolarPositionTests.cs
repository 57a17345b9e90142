using Quartier.Forecasting.Solar;

namespace Quartier.Forecasting.Tests.Solar;

/// <summary>NREL SPA against the published example of Reda &amp; Andreas (2004/2008), table A5.1 and the SPA C example.</summary>
public sealed class SolarPositionTests
{
    // 2003-10-17 12:30:30 local standard time, UTC−7: 19:30:30 UTC.
    private static readonly DateTime ExampleUtc = new(2003, 10, 17, 19, 30, 30, DateTimeKind.Utc);
    private const double Latitude = 39.742476;
    private const double Longitude = -105.1786;
    private const double Elevation = 1830.14;

    private static SolarAngles Example() => SolarPosition.Compute(ExampleUtc, Latitude, Longitude, Elevation, pressureHpa: 820, temperatureC: 11, deltaT: 67);

    [Fact]
    public void Published_example_zenith_azimuth_and_incidence()
    {
        var sun = Example();
        Assert.Equal(50.11162, sun.Zenith, 1e-5);
        Assert.Equal(194.34024, sun.Azimuth, 1e-5);
        Assert.Equal(39.888378, 90 - sun.Zenith, 1e-6);
        Assert.Equal(-9.316179, sun.Declination, 1e-6);
        // Table A5.1 prints H' = 11.10629°; the SPA C code's zenith and azimuth (matched above to 1e-6) come with
        // H' = 11.106271°, so the table's last digit is off by 2e-5°.
        Assert.Equal(11.10629, sun.HourAngle, 3e-5);

        // Slope 30°, azimuth rotation −10° (SPA's γ is measured westward from south, so the plane faces 170° from north).
        Assert.Equal(25.18700, SolarPosition.Incidence(sun, 30, 180 - 10), 1e-5);
    }

    [Fact]
    public void Published_example_intermediate_values()
    {
        double jd = SolarPosition.JulianDay(ExampleUtc);
        Assert.Equal(2452930.312847, jd, 1e-6);
        Assert.Equal(jd, SolarPosition.JulianDay(2003, 10, 17 + (19.5 + 30.0 / 3600) / 24), 1e-8);

        var g = SolarPosition.Geocentric(jd, 67);
        Assert.Equal(24.0182616917, g.HeliocentricLongitude, 1e-9);
        Assert.Equal(-0.0001011219, g.HeliocentricLatitude, 1e-10);
        Assert.Equal(0.9965422974, g.R, 1e-10);
        Assert.Equal(-0.00399840, g.DeltaPsi, 1e-8);
        Assert.Equal(0.00166657, g.DeltaEpsilon, 1e-8);
        Assert.Equal(23.440465, g.Epsilon, 1e-6);
        Assert.Equal(204.0085519281, g.Lambda, 1e-9);
        Assert.Equal(202.22741, g.Alpha, 1e-5);
        Assert.Equal(-9.31434, g.Delta, 1e-5);
        Assert.Equal(11.105900, SolarPosition.LimitDegrees(g.Nu + Longitude - g.Alpha), 3e-6);
    }

    [Fact]
    public void Published_example_equation_of_time_and_sun_times()
    {
        Assert.Equal(14.641503, Example().EquationOfTimeMinutes, 1e-5);

        var times = SolarPosition.SunriseTransitSunset(new DateOnly(2003, 10, 17), -7, Latitude, Longitude, 67);
        // SPA prints whole seconds, truncated: 06:12:43, 11:46:04, 17:20:19.
        Assert.Equal("06:12:43", Truncated(times.Sunrise));
        Assert.Equal("11:46:04", Truncated(times.Transit));
        Assert.Equal("17:20:19", Truncated(times.Sunset));
        Assert.False(times.PolarDay);
        Assert.Equal(17 + 20 / 60.0 + 19 / 3600.0 - (6 + 12 / 60.0 + 43 / 3600.0), times.DayLengthHours, 1.0 / 1800);
    }

    [Fact]
    public void Sunrise_and_sunset_put_the_upper_limb_on_the_refracted_horizon_all_year()
    {
        // Amsterdam, UTC+1: at the computed sunrise and sunset the sun's centre is 0.26667° (radius) + 0.5667°
        // (refraction) below the geometric horizon, i.e. the unrefracted zenith is 90.8333°.
        const double lat = 52.37;
        const double lon = 4.89;
        for (var day = new DateOnly(2024, 1, 1); day.Year == 2024; day = day.AddDays(7))
        {
            var t = SolarPosition.SunriseTransitSunset(day, 1, lat, lon);
            foreach (double hours in new[] { t.Sunrise, t.Sunset })
            {
                var utc = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(hours - 1);
                var sun = SolarPosition.Compute(utc, lat, lon);
                Assert.True(Math.Abs(sun.ZenithUnrefracted - 90.83337) < 0.02, $"{day} {SunTimes.Format(hours)}: unrefracted zenith {sun.ZenithUnrefracted:F4}");
            }

            var noon = SolarPosition.Compute(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(t.Transit - 1), lat, lon);
            Assert.True(Math.Abs(noon.HourAngle) < 0.01, $"{day}: hour angle at transit {noon.HourAngle:F4}");
        }
    }

    [Fact]
    public void Polar_day_and_polar_night_have_no_sunrise()
    {
        var june = SolarPosition.SunriseTransitSunset(new DateOnly(2024, 6, 21), 1, 78.22, 15.65);
        Assert.True(june.PolarDay);
        Assert.True(double.IsNaN(june.Sunrise) && double.IsNaN(june.Sunset));
        Assert.Equal(24, june.DayLengthHours);

        var december = SolarPosition.SunriseTransitSunset(new DateOnly(2024, 12, 21), 1, 78.22, 15.65);
        Assert.False(december.PolarDay);
        Assert.Equal(0, december.DayLengthHours);

        // Equator at the March equinox: a little over 12 h because of refraction and the sun's radius.
        var equinox = SolarPosition.SunriseTransitSunset(new DateOnly(2024, 3, 20), 0, 0, 0);
        Assert.InRange(equinox.DayLengthHours, 12.08, 12.15);
    }

    [Fact]
    public void Incidence_on_a_horizontal_plane_is_the_zenith_and_facing_the_sun_is_zero()
    {
        var sun = Example();
        Assert.Equal(sun.Zenith, SolarPosition.Incidence(sun, 0, 123), 1e-9);
        Assert.Equal(0, SolarPosition.Incidence(sun, sun.Zenith, sun.Azimuth), 1e-5);
        Assert.Equal(180 - sun.Elevation, SolarPosition.Incidence(sun, 90, sun.Azimuth + 180), 1e-9);
    }

    [Fact]
    public void Compute_allocates_nothing_and_returns_a_struct()
    {
        Assert.True(typeof(SolarAngles).IsValueType);
        SolarPosition.Compute(ExampleUtc, Latitude, Longitude);
        long before = GC.GetAllocatedBytesForCurrentThread();
        double sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            sum += SolarPosition.Compute(ExampleUtc.AddMinutes(i), Latitude, Longitude, Elevation).Zenith;
            sum += SimpleSolarPosition.Compute(ExampleUtc.AddMinutes(i), Latitude, Longitude).Zenith;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void Delta_t_estimate_follows_the_observations()
    {
        Assert.Equal(63.8, DeltaT.Estimate(2000.0), 1e-9);
        Assert.Equal(69.2, DeltaT.Estimate(2025.0), 1e-9);
        Assert.InRange(DeltaT.Estimate(new DateTime(2003, 10, 17, 0, 0, 0, DateTimeKind.Utc)), 64, 65);
        Assert.InRange(DeltaT.Estimate(1980.0), 50, 52);
    }

    private static string Truncated(double hours)
    {
        int h = (int)hours;
        double minutes = 60 * (hours - h);
        int m = (int)minutes;
        int s = (int)(60 * (minutes - m));
        return $"{h:00}:{m:00}:{s:00}";
    }
}
