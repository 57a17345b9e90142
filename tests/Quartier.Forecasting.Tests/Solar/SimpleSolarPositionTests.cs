using Quartier.Forecasting.Solar;

namespace Quartier.Forecasting.Tests.Solar;

/// <summary>The NOAA formulation against SPA: two independent algorithms must agree.</summary>
public sealed class SimpleSolarPositionTests
{
    public static TheoryData<string, double, double> Sites => new()
    {
        { "Amsterdam", 52.37, 4.89 },
        { "Golden CO", 39.742476, -105.1786 },
        { "Sydney", -33.87, 151.21 },
        { "Singapore", 1.35, 103.82 },
    };

    [Theory]
    [MemberData(nameof(Sites))]
    public void Agrees_with_SPA_within_0_05_degrees_hourly_over_a_year(string site, double lat, double lon)
    {
        // Standard atmosphere (1010 hPa, 10 °C) so both refraction formulas apply their reference conditions.
        var t = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        double maxZenith = 0;
        double maxSeparation = 0;
        int compared = 0;
        for (int h = 0; h < 8784; h++, t = t.AddHours(1))
        {
            var spa = SolarPosition.Compute(t, lat, lon, 0, 1010, 10, 69);
            if (spa.Zenith >= 85)
            {
                continue;
            }

            var noaa = SimpleSolarPosition.Compute(t, lat, lon, 1010, 10);
            maxZenith = Math.Max(maxZenith, Math.Abs(spa.Zenith - noaa.Zenith));
            maxSeparation = Math.Max(maxSeparation, Separation(spa, noaa));
            Assert.Equal(spa.EquationOfTimeMinutes, noaa.EquationOfTimeMinutes, 0.05);
            Assert.Equal(spa.EarthSunDistanceAu, noaa.EarthSunDistanceAu, 1e-4);
            compared++;
        }

        Assert.InRange(compared, 3000, 5000);
        Assert.True(maxZenith < 0.05, $"{site}: zenith differs up to {maxZenith:F4}°");
        Assert.True(maxSeparation < 0.05, $"{site}: sun directions differ up to {maxSeparation:F4}°");
    }

    [Fact]
    public void Refraction_is_about_half_a_degree_at_the_horizon_and_zero_overhead()
    {
        Assert.Equal(0.48, SimpleSolarPosition.Refraction(0), 0.01);
        Assert.Equal(0.16, SimpleSolarPosition.Refraction(5), 0.01);
        Assert.Equal(0, SimpleSolarPosition.Refraction(89));
    }

    private static double Separation(SolarAngles a, SolarAngles b)
    {
        const double d = Math.PI / 180;
        double ea = (90 - a.Zenith) * d;
        double eb = (90 - b.Zenith) * d;
        double c = Math.Sin(ea) * Math.Sin(eb) + Math.Cos(ea) * Math.Cos(eb) * Math.Cos((a.Azimuth - b.Azimuth) * d);
        return Math.Acos(Math.Clamp(c, -1, 1)) / d;
    }
}
