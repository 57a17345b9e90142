using Quartier.Core.Errors;
using Quartier.Forecasting.Pv;
using Quartier.Forecasting.Solar;
using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Tests.Pv;

/// <summary>Cell temperature, inverter, the DC formula, multi-plane systems and the ESDL/DOTS mappings.</summary>
public sealed class PvModelTests
{
    [Fact]
    public void Cell_temperature_hand_cases()
    {
        // Faiman: 20 + 800/(25 + 6.84·2).
        Assert.Equal(40.682523267838675, CellTemperature.Faiman(800, 20, 2), 1e-12);
        // SAPM open rack glass/polymer: 800·exp(−3.56 − 0.075·2) + 20 + 0.8·3.
        Assert.Equal(41.98201861732213, CellTemperature.Sapm(800, 20, 2), 1e-12);
        // NOCT 45 °C: 20 + 25/800·800.
        Assert.Equal(45, CellTemperature.Noct(800, 20), 1e-12);
        Assert.Equal(20, CellTemperature.Compute(CellTemperatureModel.Faiman, 0, 20, 3));
        Assert.True(CellTemperature.Faiman(800, 20, 8) < CellTemperature.Faiman(800, 20, 1));
    }

    [Fact]
    public void Pvwatts_inverter_curve_at_10_50_and_100_percent_load()
    {
        Assert.Equal(0.9216278924976653, PvWattsInverter.Efficiency(0.1), 1e-12);
        Assert.Equal(0.9621915533879838, PvWattsInverter.Efficiency(0.5), 1e-12);
        Assert.Equal(0.96, PvWattsInverter.Efficiency(1.0), 1e-12);
        Assert.Equal(0, PvWattsInverter.Efficiency(0));
        Assert.Equal(0, PvWattsInverter.Efficiency(0.001));

        // 4 kW AC inverter, P_dc0 = 4000/0.96: at half load AC = η(0.5)·P_dc.
        double dc0 = 4000 / 0.96;
        Assert.Equal(0.9621915533879838 * 0.5 * dc0, PvWattsInverter.Ac(0.5 * dc0, 4000), 1e-9);
        Assert.Equal(4000, PvWattsInverter.Ac(dc0, 4000), 1e-9);
        Assert.Equal(4000, PvWattsInverter.Ac(1.3 * dc0, 4000));
        Assert.Equal(0, PvWattsInverter.Ac(-5, 4000));
    }

    [Fact]
    public void Dc_power_follows_the_pvwatts_formula()
    {
        // One interval, sun straight above a horizontal plane is not reachable at 45°N, so check the formula on
        // whatever the sun does: isotropic sky, no IAM, a generous inverter and no losses make AC = η·DC with
        // DC = kWp·POA·(1 + γ(Tc − 25)).
        var w = Series(new DateTime(2024, 6, 21, 11, 0, 0, DateTimeKind.Utc), 1);
        w.Ghi[0] = 900;
        w.Dni[0] = 700;
        w.Dhi[0] = 150;
        w.AirTemperature[0] = 30;
        w.WindSpeed[0] = 2;
        var system = new PvSystem(new PvPlane(30, 180, 2.0)) { Losses = 0, IamAr = null, SkyModel = SkyDiffuseModel.Isotropic, InverterAcKw = 100 };
        var r = PvEstimate.Run(w, system);

        var sun = SolarGeometrySeries.ForWeather(w);
        var poa = Transposition.Transpose(SkyDiffuseModel.Isotropic, 30, 180, sun.Zenith[0], sun.Azimuth[0], 700, 900, 150, sun.ExtraterrestrialNormal[0], 0.2);
        double cell = CellTemperature.Faiman(poa.Total, 30, 2);
        double dc = 2.0 * poa.Total * (1 - 0.004 * (cell - 25));
        Assert.Equal(poa.Total, r.PlanePoaWm2[0][0], 1e-9);
        Assert.Equal(dc, r.DcW[0], 1e-9);
        Assert.Equal(PvWattsInverter.Ac(dc, 100_000), r.AcW[0], 1e-9);

        // 14 % losses scale the inverter input.
        var lossy = PvEstimate.Run(w, new PvSystem(new PvPlane(30, 180, 2.0)) { IamAr = null, SkyModel = SkyDiffuseModel.Isotropic, InverterAcKw = 100 });
        Assert.Equal(0.86 * dc, lossy.DcW[0], 1e-9);
    }

    [Fact]
    public void East_west_roof_gives_a_flatter_day_than_south()
    {
        // A clear 21 June at 45°N 8°E (Ineichen clear sky), hourly.
        var w = ClearDay(new DateOnly(2024, 6, 21), 45, 8);
        var south = PvEstimate.Run(w, new PvSystem(new PvPlane(30, 180, 1.0)));
        var eastWest = PvEstimate.Run(w, new PvSystem(new PvPlane(30, 90, 0.5, name: "east"), new PvPlane(30, 270, 0.5, name: "west")));

        double PeakToMean(double[] ac)
        {
            double peak = ac.Max();
            double mean = ac.Where(v => v > 0).Average();
            return peak / mean;
        }

        double sumS = south.AcW.Sum();
        double sumEw = eastWest.AcW.Sum();
        double pS = PeakToMean(south.AcW);
        double pEw = PeakToMean(eastWest.AcW);
        Assert.True(pEw < pS - 0.05, $"peak/mean: east-west {pEw:F3}, south {pS:F3}");
        Assert.True(eastWest.AcW.Max() < 0.9 * south.AcW.Max(), $"peaks {eastWest.AcW.Max():F0} vs {south.AcW.Max():F0} W");
        Assert.InRange(sumEw / sumS, 0.8, 1.0);

        // Early morning (05–07 UTC) the east plane makes the east-west system ahead of the south one.
        Assert.True(eastWest.AcW[5] + eastWest.AcW[6] > south.AcW[5] + south.AcW[6]);
        // Each plane's own irradiance peaks on its side of solar noon (≈ 11:28 UTC at 8°E).
        int eastPeak = Array.IndexOf(eastWest.PlanePoaWm2[0], eastWest.PlanePoaWm2[0].Max());
        int westPeak = Array.IndexOf(eastWest.PlanePoaWm2[1], eastWest.PlanePoaWm2[1].Max());
        Assert.True(eastPeak <= 9 && westPeak >= 13, $"east peaks at {eastPeak}:30, west at {westPeak}:30 UTC");
    }

    [Fact]
    public void Missing_dni_and_dhi_are_decomposed_from_ghi()
    {
        var full = ClearDay(new DateOnly(2024, 4, 10), 52.37, 4.89);
        var ghiOnly = ClearDay(new DateOnly(2024, 4, 10), 52.37, 4.89);
        Array.Fill(ghiOnly.Dni, double.NaN);
        Array.Fill(ghiOnly.Dhi, double.NaN);
        var system = new PvSystem(new PvPlane(35, 180, 1));
        var a = PvEstimate.Run(full, system);
        var b = PvEstimate.Run(ghiOnly, system);
        Assert.True(b.DecomposedSteps >= 12, $"{b.DecomposedSteps} decomposed");
        Assert.Equal(0, a.DecomposedSteps);
        Assert.Equal(a.AcW.Sum(), b.AcW.Sum(), 0.12 * a.AcW.Sum());
        Assert.Equal(a.MonthlyGhiKwhPerM2[3], b.MonthlyGhiKwhPerM2[3], 1e-9);
    }

    [Fact]
    public void Esdl_mapping_and_the_dots_formula()
    {
        var fromPower = PvSystem.FromEsdl(4000, 35, 135, null, 0.97, null, "pv1");
        var plane = Assert.Single(fromPower.Planes);
        Assert.Equal(4.0, plane.DcKwp, 1e-12);
        Assert.Equal(35, plane.TiltDeg);
        Assert.Equal(135, plane.AzimuthDeg);
        Assert.Equal(0.97, fromPower.InverterEfficiency);
        Assert.Equal(4000, fromPower.InverterAcW, 1e-9);

        // DOTS's small-test PV: panelEfficiency 0.2, surfaceArea 32 m², no angle: 6.4 kWp, horizontal, facing south.
        var dots = PvSystem.FromEsdl(null, null, null, 0.2, null, 32);
        Assert.Equal(6.4, dots.DcKwp, 1e-12);
        Assert.Equal(0, dots.Planes[0].TiltDeg);
        Assert.Equal(180, dots.Planes[0].AzimuthDeg);
        Assert.Equal(0.96, PvSystem.FromEsdl(1000, 0, 180, null, 96, null).InverterEfficiency, 1e-12);
        Assert.Equal(6.4 * 500, PvSystem.DotsSimple(0.2, 32, 500), 1e-9);
        var power = new double[3];
        PvSystem.DotsSimple(0.2, 32, [0, 100, 1000], power);
        Assert.Equal([0, 640, 6400], power);

        var e = Assert.Throws<InputException>(() => PvSystem.FromEsdl(null, 30, 180, null, null, 20, "pv-x"));
        Assert.Equal("pv-x", e.ElementId);
        Assert.Contains("panelEfficiency", e.Message);
        Assert.Throws<InputException>(() => PvSystem.FromEsdl(1000, 30, 180, null, 0.2, null));
    }

    [Fact]
    public void Bad_plane_and_system_parameters_are_input_errors()
    {
        Assert.Contains("tilt", Assert.Throws<InputException>(() => new PvPlane(95, 180, 1)).Message);
        Assert.Contains("kWp", Assert.Throws<InputException>(() => new PvPlane(30, 180, 0)).Message);
        Assert.Throws<InputException>(() => new PvPlane(30, double.NaN, 1));
        Assert.Throws<InputException>(() => new PvPlane(30, 180, 1, temperatureCoefficient: 0.004));
        Assert.Equal(90, new PvPlane(30, -270, 1).AzimuthDeg);
        Assert.Throws<InputException>(() => new PvSystem(new PvPlane(30, 180, 1)) { Losses = 1.2 });
        Assert.Throws<InputException>(() => new PvSystem(new PvPlane(30, 180, 1)) { Albedo = -0.1 });
        Assert.Throws<InputException>(() => new PvSystem(Array.Empty<PvPlane>()));
        Assert.Equal("SSE", PvPlane.Compass(160));
    }

    internal static WeatherSeries Series(DateTime start, int count, double lat = 45, double lon = 8)
        => new("test", new WeatherLocation(lat, lon, 250), start, 3600, count);

    /// <summary>An hourly clear-sky day (Ineichen, Linke 3) at the interval midpoints, 25 °C, 2 m/s.</summary>
    internal static WeatherSeries ClearDay(DateOnly day, double lat, double lon)
    {
        var w = Series(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), 24, lat, lon);
        var sun = SolarGeometrySeries.ForWeather(w);
        for (int i = 0; i < 24; i++)
        {
            double am = AirMass.Absolute(AirMass.KastenYoung(sun.Zenith[i]), AirMass.PressureAtElevation(250));
            var cs = ClearSky.Ineichen(sun.Zenith[i], am, 3, 250, sun.ExtraterrestrialNormal[i]);
            w.Ghi[i] = cs.Ghi;
            w.Dni[i] = cs.Dni;
            w.Dhi[i] = cs.Dhi;
            w.AirTemperature[i] = 25;
            w.WindSpeed[i] = 2;
        }

        return w;
    }
}
