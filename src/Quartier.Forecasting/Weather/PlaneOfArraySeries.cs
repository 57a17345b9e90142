namespace Quartier.Forecasting.Weather;

/// <summary>
/// Irradiance components on a tilted plane (plane of array), as PVGIS's hourly series gives them, on the same grid as
/// the <see cref="WeatherSeries"/> that carries it: value <c>i</c> is the mean over <c>[Start + i·Step, Start + (i+1)·Step)</c> UTC.
/// Irradiance in W/m²; NaN where missing.
/// </summary>
public sealed class PlaneOfArraySeries
{
    /// <summary>Creates a series of <paramref name="count"/> NaN values per component.</summary>
    /// <param name="slopeDegrees">Tilt from horizontal, degrees (0 = horizontal, 90 = vertical).</param>
    /// <param name="azimuthDegrees">Orientation in PVGIS's convention: 0 = facing south, −90 = east, +90 = west, ±180 = north.</param>
    public PlaneOfArraySeries(DateTime startUtc, int stepSeconds, int count, double slopeDegrees, double azimuthDegrees)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Start = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        StepSeconds = stepSeconds;
        Count = count;
        SlopeDegrees = slopeDegrees;
        AzimuthDegrees = azimuthDegrees;
        Beam = Nan(count);
        Diffuse = Nan(count);
        Reflected = Nan(count);
        SunHeight = Nan(count);
        Total = Nan(count);
    }

    /// <summary>Start of the first interval, UTC.</summary>
    public DateTime Start { get; }

    public int StepSeconds { get; }

    public int Count { get; }

    /// <summary>Tilt from horizontal, degrees.</summary>
    public double SlopeDegrees { get; }

    /// <summary>PVGIS azimuth: 0 = south, −90 = east, +90 = west.</summary>
    public double AzimuthDegrees { get; }

    /// <summary>Beam (direct) irradiance on the plane, W/m² (PVGIS <c>Gb(i)</c>).</summary>
    public double[] Beam { get; }

    /// <summary>Sky-diffuse irradiance on the plane, W/m² (PVGIS <c>Gd(i)</c>).</summary>
    public double[] Diffuse { get; }

    /// <summary>Ground-reflected irradiance on the plane, W/m² (PVGIS <c>Gr(i)</c>).</summary>
    public double[] Reflected { get; }

    /// <summary>Sun height (elevation) above the horizon, degrees, as the file gives it (PVGIS <c>H_sun</c>).</summary>
    public double[] SunHeight { get; }

    /// <summary>Total plane-of-array irradiance, W/m²: PVGIS <c>G(i)</c> when given, else beam + diffuse + reflected.</summary>
    public double[] Total { get; }

    private static double[] Nan(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
