namespace Quartier.Forecasting.Pv;

/// <summary>
/// What <see cref="PvEstimate.Run"/> computed: power per interval and the monthly and annual energies. Months are
/// calendar months of the weather location's standard time; when the series covers a month more than once the
/// monthly figures are the mean per occurrence.
/// </summary>
public sealed class PvEstimateResult
{
    internal PvEstimateResult(PvSystem system, DateTime start, int stepSeconds, int count, int planes)
    {
        System = system;
        Start = start;
        StepSeconds = stepSeconds;
        Count = count;
        AcW = new double[count];
        DcW = new double[count];
        PlanePoaWm2 = new double[planes][];
        PlaneMonthlyPoaKwhPerM2 = new double[planes][];
        for (int p = 0; p < planes; p++)
        {
            PlanePoaWm2[p] = new double[count];
            PlaneMonthlyPoaKwhPerM2[p] = new double[12];
        }
    }

    public PvSystem System { get; }

    /// <summary>Start of the first interval, UTC.</summary>
    public DateTime Start { get; }

    public int StepSeconds { get; }

    public int Count { get; }

    /// <summary>AC power, mean W over each interval.</summary>
    public double[] AcW { get; }

    /// <summary>DC power after system losses (inverter input), W.</summary>
    public double[] DcW { get; }

    /// <summary>Plane-of-array irradiance per plane and interval (before reflection losses), W/m².</summary>
    public double[][] PlanePoaWm2 { get; }

    /// <summary>AC energy per calendar month (index 0 = January), kWh.</summary>
    public double[] MonthlyAcKwh { get; } = new double[12];

    /// <summary>Plane-of-array irradiation per month, kWh/m², kWp-weighted mean over the planes.</summary>
    public double[] MonthlyPoaKwhPerM2 { get; } = new double[12];

    /// <summary>Plane-of-array irradiation per plane and month, kWh/m².</summary>
    public double[][] PlaneMonthlyPoaKwhPerM2 { get; }

    /// <summary>Global horizontal irradiation per month, kWh/m².</summary>
    public double[] MonthlyGhiKwhPerM2 { get; } = new double[12];

    /// <summary>How many times each month occurs in the series (0 = not covered).</summary>
    public int[] MonthOccurrences { get; } = new int[12];

    /// <summary>True when every calendar month is covered, so the annual figures are a full year.</summary>
    public bool CoversAllMonths => Array.TrueForAll(MonthOccurrences, n => n > 0);

    /// <summary>AC energy of a year: the sum of <see cref="MonthlyAcKwh"/>, kWh.</summary>
    public double AnnualAcKwh => Sum(MonthlyAcKwh);

    /// <summary>Specific yield, kWh per kWp DC and year.</summary>
    public double SpecificYieldKwhPerKwp => AnnualAcKwh / System.DcKwp;

    /// <summary>Plane-of-array irradiation of a year (kWp-weighted), kWh/m².</summary>
    public double AnnualPoaKwhPerM2 => Sum(MonthlyPoaKwhPerM2);

    /// <summary>Global horizontal irradiation of a year, kWh/m².</summary>
    public double AnnualGhiKwhPerM2 => Sum(MonthlyGhiKwhPerM2);

    /// <summary>Performance ratio: AC energy / (kWp · POA irradiation in kWh/m² at 1 kW/m²).</summary>
    public double PerformanceRatio => AnnualPoaKwhPerM2 > 0 ? SpecificYieldKwhPerKwp / AnnualPoaKwhPerM2 : double.NaN;

    /// <summary>AC energy over the whole series, kWh.</summary>
    public double TotalAcKwh { get; internal set; }

    /// <summary>Intervals without any irradiance value (counted as no production).</summary>
    public int MissingIrradianceSteps { get; internal set; }

    /// <summary>Intervals where GHI was decomposed into DNI and DHI (Erbs) because the file lacks them.</summary>
    public int DecomposedSteps { get; internal set; }

    /// <summary>Intervals where the inverter limited the output to its AC rating.</summary>
    public int ClippedSteps { get; internal set; }

    /// <summary>Intervals without air temperature or wind (20 °C and 1 m/s were used).</summary>
    public int DefaultedTemperatureSteps { get; internal set; }

    private static double Sum(double[] values)
    {
        double s = 0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }
}
