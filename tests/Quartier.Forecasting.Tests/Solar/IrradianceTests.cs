using Quartier.Forecasting.Solar;

namespace Quartier.Forecasting.Tests.Solar;

/// <summary>Extraterrestrial irradiance, air mass, clear sky, decomposition, transposition and IAM.</summary>
public sealed class IrradianceTests
{
    [Fact]
    public void Extraterrestrial_irradiance_peaks_in_january_and_matches_the_earth_sun_distance()
    {
        Assert.Equal(1366.1 * 1.03505, Irradiance.ExtraterrestrialNormal(1), 0.1);
        Assert.Equal(1366.1 * 0.96662, Irradiance.ExtraterrestrialNormal(183), 0.1);
        var perihelion = SolarPosition.Compute(new DateTime(2024, 1, 3, 12, 0, 0, DateTimeKind.Utc), 0, 0);
        Assert.Equal(Irradiance.ExtraterrestrialNormal(3), Irradiance.ExtraterrestrialNormal(perihelion.EarthSunDistanceAu), 3.0);
    }

    [Fact]
    public void Kasten_young_air_mass()
    {
        Assert.Equal(1.0, AirMass.KastenYoung(0), 0.001);
        Assert.Equal(1.99, AirMass.KastenYoung(60), 0.01);
        Assert.Equal(37.9, AirMass.KastenYoung(90 - 1e-9), 0.2);
        Assert.True(double.IsNaN(AirMass.KastenYoung(91)));
        Assert.Equal(AirMass.KastenYoung(60) * 0.8, AirMass.Absolute(AirMass.KastenYoung(60), 0.8 * 101325), 1e-12);
        Assert.Equal(89875, AirMass.PressureAtElevation(1000), 10.0);
    }

    [Fact]
    public void Clear_sky_models_are_plausible_and_close_on_components()
    {
        Assert.Equal(1098 * Math.Exp(-0.059), ClearSky.Haurwitz(0), 1e-9);
        Assert.Equal(0, ClearSky.Haurwitz(95));
        for (double z = 0; z < 85; z += 5)
        {
            double am = AirMass.KastenYoung(z);
            var cs = ClearSky.Ineichen(z, am, 3.0, 0, 1366.1);
            double cosZ = Math.Cos(z * Math.PI / 180);
            Assert.Equal(cs.Ghi, cs.Dhi + cs.Dni * cosZ, 1e-9);
            Assert.True(cs.Dhi > 0 && cs.Dni > 0, $"z={z}");
            Assert.True(Math.Abs(cs.Ghi - ClearSky.Haurwitz(z)) < 0.12 * ClearSky.Haurwitz(z) + 15, $"z={z}: Ineichen {cs.Ghi:F0}, Haurwitz {ClearSky.Haurwitz(z):F0}");
        }

        var noon = ClearSky.Ineichen(20, AirMass.KastenYoung(20), 3, 0, 1366.1);
        Assert.InRange(noon.Dni, 800, 950);
        Assert.InRange(noon.Ghi, 850, 1000);
    }

    [Fact]
    public void Erbs_keeps_closure_and_follows_its_diffuse_fraction()
    {
        var rng = new Random(20240601);
        for (int i = 0; i < 5000; i++)
        {
            double z = rng.NextDouble() * 95;
            double e0 = 1320 + rng.NextDouble() * 95;
            double ghi = rng.NextDouble() * 1100;
            var s = Decomposition.Erbs(ghi, z, e0);
            Assert.True(s.Dni >= 0 && s.Dhi >= 0);
            Assert.Equal(ghi, s.Dhi + s.Dni * Math.Max(Math.Cos(z * Math.PI / 180), 0), 1e-9);
        }

        // kt = 0.5 → diffuse fraction 0.9511 − 0.1604·0.5 + 4.388·0.25 − 16.638·0.125 + 12.336·0.0625 = 0.65915.
        double cos30 = Math.Cos(30 * Math.PI / 180);
        var half = Decomposition.Erbs(0.5 * 1366.1 * cos30, 30, 1366.1);
        Assert.Equal(0.5, half.ClearnessIndex, 1e-12);
        Assert.Equal(0.65915 * 0.5 * 1366.1 * cos30, half.Dhi, 1e-9);
        // Overcast (kt ≤ 0.22): 1 − 0.09·kt; very clear (kt > 0.8): 0.165.
        Assert.Equal((1 - 0.09 * 0.1) * 0.1 * 1366.1 * cos30, Decomposition.Erbs(0.1 * 1366.1 * cos30, 30, 1366.1).Dhi, 1e-9);
        Assert.Equal(0.165 * 0.85 * 1366.1 * cos30, Decomposition.Erbs(0.85 * 1366.1 * cos30, 30, 1366.1).Dhi, 1e-9);
        // Sun below 87°: all diffuse.
        Assert.Equal(new DecomposedIrradiance(0, 20, Irradiance.ClearnessIndex(20, 88, 1366.1)), Decomposition.Erbs(20, 88, 1366.1));
    }

    [Fact]
    public void Isotropic_transposition_hand_computed()
    {
        // Sun 40° from zenith due south, plane 30° tilted south: AOI = 10°.
        double ghi = 100 + 800 * Math.Cos(40 * Math.PI / 180);
        var poa = Transposition.Transpose(SkyDiffuseModel.Isotropic, 30, 180, 40, 180, 800, ghi, 100, 1366.1, 0.2);
        Assert.Equal(787.8462024097664, poa.Beam, 1e-9);
        Assert.Equal(93.30127018922194, poa.SkyDiffuse, 1e-9);
        Assert.Equal(9.55018555815878, poa.GroundDiffuse, 1e-9);
        Assert.Equal(787.8462024097664 + 93.30127018922194 + 9.55018555815878, poa.Total, 1e-9);
        Assert.Equal(Math.Cos(10 * Math.PI / 180), poa.CosIncidence, 1e-12);

        // A vertical plane facing north with the sun in the south sees no beam.
        var north = Transposition.Transpose(SkyDiffuseModel.Isotropic, 90, 0, 40, 180, 800, ghi, 100, 1366.1, 0.2);
        Assert.Equal(0, north.Beam);
        Assert.Equal(50, north.SkyDiffuse, 1e-9);
        Assert.Equal(ghi * 0.1, north.GroundDiffuse, 1e-9);
    }

    [Theory]
    [InlineData(SkyDiffuseModel.Isotropic)]
    [InlineData(SkyDiffuseModel.HayDavies)]
    [InlineData(SkyDiffuseModel.Perez)]
    public void Every_model_returns_ghi_on_a_horizontal_plane(SkyDiffuseModel model)
    {
        var rng = new Random(7 + (int)model);
        for (int i = 0; i < 5000; i++)
        {
            double z = rng.NextDouble() * 85;
            double az = rng.NextDouble() * 360;
            double dni = rng.NextDouble() * 1000;
            double dhi = 1 + rng.NextDouble() * 400;
            double ghi = dhi + dni * Math.Cos(z * Math.PI / 180);
            var poa = Transposition.Transpose(model, 0, rng.NextDouble() * 360, z, az, dni, ghi, dhi, 1366.1, 0.3);
            Assert.Equal(ghi, poa.Total, 1e-9 * ghi);
            Assert.Equal(0, poa.GroundDiffuse);
        }
    }

    [Fact]
    public void Anisotropic_models_add_circumsolar_light_on_a_sun_facing_plane()
    {
        // Clear sky, sun 50° from zenith in the south, 35° south plane: circumsolar brightening raises the sky diffuse.
        double z = 50;
        double dni = 750;
        double dhi = 110;
        double ghi = dhi + dni * Math.Cos(z * Math.PI / 180);
        var iso = Transposition.Transpose(SkyDiffuseModel.Isotropic, 35, 180, z, 180, dni, ghi, dhi, 1366.1);
        var hd = Transposition.Transpose(SkyDiffuseModel.HayDavies, 35, 180, z, 180, dni, ghi, dhi, 1366.1);
        var perez = Transposition.Transpose(SkyDiffuseModel.Perez, 35, 180, z, 180, dni, ghi, dhi, 1366.1);
        Assert.True(hd.SkyDiffuse > iso.SkyDiffuse * 1.2, $"HD {hd.SkyDiffuse:F1} vs isotropic {iso.SkyDiffuse:F1}");
        Assert.True(perez.SkyDiffuse > iso.SkyDiffuse * 1.2, $"Perez {perez.SkyDiffuse:F1} vs isotropic {iso.SkyDiffuse:F1}");
        Assert.Equal(iso.Beam, perez.Beam);

        // Hay-Davies by hand: A = 750/1366.1, Rb = cos(15°)/cos(50°).
        double a = 750 / 1366.1;
        double rb = Math.Cos(15 * Math.PI / 180) / Math.Cos(50 * Math.PI / 180);
        Assert.Equal(dhi * ((1 - a) * (1 + Math.Cos(35 * Math.PI / 180)) / 2 + a * rb), hd.SkyDiffuse, 1e-9);

        // Perez by hand: ε = ((110+750)/110 + 1.041 z³)/(1 + 1.041 z³) falls in bin 6 (4.5…6.2); Δ = 110·AM/E0.
        double zr = z * Math.PI / 180;
        double eps = ((dhi + dni) / dhi + 1.041 * Math.Pow(zr, 3)) / (1 + 1.041 * Math.Pow(zr, 3));
        Assert.InRange(eps, 4.5, 6.2);
        double delta = dhi * AirMass.KastenYoung(z) / 1366.1;
        double f1 = 1.0600 - 1.6000 * delta - 0.3590 * zr;
        double f2 = 0.2640 - 1.1270 * delta + 0.1310 * zr;
        double expected = dhi * ((1 - f1) * (1 + Math.Cos(35 * Math.PI / 180)) / 2 + f1 * Math.Cos(15 * Math.PI / 180) / Math.Cos(zr) + f2 * Math.Sin(35 * Math.PI / 180));
        Assert.Equal(expected, perez.SkyDiffuse, 1e-9);
    }

    [Fact]
    public void Martin_ruiz_incidence_angle_modifier()
    {
        Assert.Equal(1, IncidenceAngleModifier.MartinRuiz(0), 1e-12);
        Assert.Equal(0.9579122720843811, IncidenceAngleModifier.MartinRuiz(60), 1e-12);
        Assert.Equal(0, IncidenceAngleModifier.MartinRuiz(90), 1e-12);
        Assert.Equal(0, IncidenceAngleModifier.MartinRuiz(120));
        Assert.Equal(IncidenceAngleModifier.MartinRuiz(75), IncidenceAngleModifier.MartinRuizFromCos(Math.Cos(75 * Math.PI / 180)), 1e-12);

        // Diffuse (eq. 26): the sky term X = sin β + (π − β − sin β)/(1 + cos β) is π/2 both for β = 0 and β = 90°, so
        // the sky IAM is 1 − exp(−(c1 + c2·π/2)·(π/2)/a_r) = 0.95147 for both; the ground IAM grows with tilt.
        var flat = IncidenceAngleModifier.MartinRuizDiffuse(0);
        var tilted = IncidenceAngleModifier.MartinRuizDiffuse(30);
        var vertical = IncidenceAngleModifier.MartinRuizDiffuse(90);
        double c = 4 / (3 * Math.PI) + (0.08 - 0.154) * Math.PI / 2;
        Assert.Equal(1 - Math.Exp(-c * Math.PI / 2 / 0.16), flat.Sky, 1e-9);
        Assert.Equal(flat.Sky, vertical.Sky, 1e-9);
        Assert.InRange(tilted.Sky, 0.95, 0.96);
        Assert.Equal(vertical.Sky, vertical.Ground, 1e-9);
        Assert.True(vertical.Ground > tilted.Ground && tilted.Ground > IncidenceAngleModifier.MartinRuizDiffuse(10).Ground);
        Assert.InRange(tilted.Ground, 0.7, 0.85);
        Assert.Equal(1 - 0.05 * (2 - 1), IncidenceAngleModifier.Ashrae(60), 1e-12);
    }
}
