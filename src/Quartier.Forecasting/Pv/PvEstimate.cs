using Quartier.Forecasting.Solar;
using Quartier.Forecasting.Weather;

namespace Quartier.Forecasting.Pv;

/// <summary>
/// PV yield from a weather series: sun position (SPA) at each interval's midpoint, DNI/DHI from the file or from GHI
/// (Erbs), transposition per plane (isotropic, Hay-Davies or Perez, ground reflection with the albedo), Martin-Ruiz
/// reflection losses, cell temperature, PVWatts DC with the temperature coefficient, system losses and the PVWatts
/// inverter.
/// </summary>
public static class PvEstimate
{
    private const double FallbackAirTemperature = 20.0;
    private const double FallbackWindSpeed = 1.0;

    /// <summary>
    /// Runs <paramref name="system"/> on <paramref name="weather"/> at <paramref name="location"/> (default: the weather's
    /// own). <paramref name="sunOffsetSeconds"/>: when within each interval the sun is evaluated (NaN = midpoint, right
    /// for interval means; 0 for instantaneous values stamped at the interval start).
    /// </summary>
    public static PvEstimateResult Run(WeatherSeries weather, PvSystem system, WeatherLocation? location = null, double sunOffsetSeconds = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(weather);
        ArgumentNullException.ThrowIfNull(system);
        var loc = location ?? weather.Location;
        var sun = SolarGeometrySeries.ForWeather(weather, loc, sunOffsetSeconds);
        var planes = system.Planes;
        int n = weather.Count;
        int np = planes.Count;
        var result = new PvEstimateResult(system, weather.Start, weather.StepSeconds, n, np);

        // Per-plane constants.
        var iamSky = new double[np];
        var iamGround = new double[np];
        for (int p = 0; p < np; p++)
        {
            (iamSky[p], iamGround[p]) = system.IamAr is { } ar ? IncidenceAngleModifier.MartinRuizDiffuse(planes[p].TiltDeg, ar) : (1.0, 1.0);
        }

        double hours = weather.StepSeconds / 3600.0;
        double kwp = system.DcKwp;
        double acRating = system.InverterAcW;
        double keep = 1.0 - system.Losses;
        var monthAc = result.MonthlyAcKwh;
        var seen = new bool[12 * 400];
        int firstYear = weather.Start.Year - 1;
        double offsetHours = loc.UtcOffsetHours;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var local = weather.TimeAt(i).AddHours(offsetHours);
            int month = local.Month - 1;
            int key = ((local.Year - firstYear) * 12) + month;
            if (key >= 0 && key < seen.Length && !seen[key])
            {
                seen[key] = true;
                result.MonthOccurrences[month]++;
            }

            double zenith = sun.Zenith[i];
            double e0 = sun.ExtraterrestrialNormal[i];
            double cosZ = Math.Cos(zenith * Math.PI / 180.0);
            if (!Components(weather.Ghi[i], weather.Dni[i], weather.Dhi[i], zenith, cosZ, e0, out double ghi, out double dni, out double dhi, out bool decomposed))
            {
                result.MissingIrradianceSteps++;
            }

            if (decomposed)
            {
                result.DecomposedSteps++;
            }

            double ta = weather.AirTemperature[i];
            double ws = weather.WindSpeed[i];
            if (double.IsNaN(ta) || double.IsNaN(ws))
            {
                result.DefaultedTemperatureSteps++;
                ta = double.IsNaN(ta) ? FallbackAirTemperature : ta;
                ws = double.IsNaN(ws) ? FallbackWindSpeed : ws;
            }

            result.MonthlyGhiKwhPerM2[month] += ghi * hours / 1000.0;
            double dc = 0;
            double am = AirMass.KastenYoung(zenith);
            for (int p = 0; p < np; p++)
            {
                var plane = planes[p];
                var poa = Transposition.Transpose(system.SkyModel, plane.TiltDeg, plane.AzimuthDeg, zenith, sun.Azimuth[i], dni, ghi, dhi, e0, system.Albedo, am);
                double total0 = poa.Total;
                result.PlanePoaWm2[p][i] = total0;
                result.PlaneMonthlyPoaKwhPerM2[p][month] += total0 * hours / 1000.0;
                double effective = system.IamAr is { } ar
                    ? poa.Beam * IncidenceAngleModifier.MartinRuizFromCos(poa.CosIncidence, ar) + poa.SkyDiffuse * iamSky[p] + poa.GroundDiffuse * iamGround[p]
                    : total0;
                if (effective <= 0)
                {
                    continue;
                }

                double cell = CellTemperature.Compute(system.CellTemperature, total0, ta, ws);
                dc += plane.DcKwp * effective * (1.0 + plane.TemperatureCoefficient * (cell - 25.0));
            }

            dc = Math.Max(dc * keep, 0);
            double ac = PvWattsInverter.Ac(dc, acRating, system.InverterEfficiency);
            if (ac >= acRating - 1e-9 && ac > 0)
            {
                result.ClippedSteps++;
            }

            result.DcW[i] = dc;
            result.AcW[i] = ac;
            monthAc[month] += ac * hours / 1000.0;
            total += ac * hours / 1000.0;
        }

        result.TotalAcKwh = total;
        for (int m = 0; m < 12; m++)
        {
            int k = result.MonthOccurrences[m];
            double weighted = 0;
            for (int p = 0; p < np; p++)
            {
                if (k > 1)
                {
                    result.PlaneMonthlyPoaKwhPerM2[p][m] /= k;
                }

                weighted += result.PlaneMonthlyPoaKwhPerM2[p][m] * planes[p].DcKwp / kwp;
            }

            result.MonthlyPoaKwhPerM2[m] = weighted;
            if (k > 1)
            {
                monthAc[m] /= k;
                result.MonthlyGhiKwhPerM2[m] /= k;
            }
        }

        return result;
    }

    /// <summary>
    /// Completes GHI, DNI and DHI from what the file has (negative values count as 0): all three as given; two of them
    /// give the third by closure GHI = DHI + DNI·cos z; GHI alone is split with Erbs. False when none is present.
    /// </summary>
    internal static bool Components(double ghiIn, double dniIn, double dhiIn, double zenith, double cosZ, double e0, out double ghi, out double dni, out double dhi, out bool decomposed)
    {
        decomposed = false;
        bool hasG = !double.IsNaN(ghiIn);
        bool hasB = !double.IsNaN(dniIn);
        bool hasD = !double.IsNaN(dhiIn);
        ghi = hasG ? Math.Max(ghiIn, 0) : 0;
        dni = hasB ? Math.Max(dniIn, 0) : 0;
        dhi = hasD ? Math.Max(dhiIn, 0) : 0;
        double cosUp = Math.Max(cosZ, 0);
        if (hasG && hasB && hasD)
        {
            return true;
        }

        if (hasB && hasD)
        {
            ghi = dhi + dni * cosUp;
            return true;
        }

        if (hasG && hasD)
        {
            dni = zenith < 87 ? Math.Max(ghi - dhi, 0) / cosZ : 0;
            return true;
        }

        if (hasG && hasB)
        {
            dhi = Math.Max(ghi - dni * cosUp, 0);
            return true;
        }

        if (hasG)
        {
            var split = Decomposition.Erbs(ghi, zenith, e0);
            dni = split.Dni;
            dhi = split.Dhi;
            decomposed = true;
            return true;
        }

        return false;
    }
}
