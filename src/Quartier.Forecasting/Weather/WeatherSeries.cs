namespace Quartier.Forecasting.Weather;

/// <summary>Where a weather series was measured or modelled.</summary>
/// <param name="Latitude">Degrees north (−90..90).</param>
/// <param name="Longitude">Degrees east (−180..180).</param>
/// <param name="ElevationM">Metres above sea level.</param>
/// <param name="UtcOffsetHours">The file's standard time zone (e.g. +1 for Amsterdam's EPW); 0 for UTC files.</param>
/// <param name="Name">Station or place name, if the file gives one.</param>
public sealed record WeatherLocation(double Latitude, double Longitude, double ElevationM = 0, double UtcOffsetHours = 0, string? Name = null);

/// <summary>
/// A regular weather series in fixed units. Value <c>i</c> is the mean over the interval
/// <c>[Start + i·Step, Start + (i+1)·Step)</c> in UTC ("interval beginning"), whatever the file's own convention
/// (an EPW's hour 1 is the hour that ends at 01:00 local standard time, so it becomes 00:00 local). Missing
/// quantities are arrays of NaN. Units: irradiance W/m² (GHI global horizontal, DNI direct normal, DHI diffuse
/// horizontal), temperatures °C, relative humidity %, wind m/s at 10 m, pressure Pa, cloud cover 0..1.
/// </summary>
public sealed class WeatherSeries
{
    /// <summary>Creates a series; every array must have <paramref name="count"/> values.</summary>
    public WeatherSeries(string source, WeatherLocation location, DateTime startUtc, int stepSeconds, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Source = source;
        Location = location;
        Start = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        StepSeconds = stepSeconds;
        Count = count;
        Ghi = Nan(count);
        Dni = Nan(count);
        Dhi = Nan(count);
        AirTemperature = Nan(count);
        DewPoint = Nan(count);
        RelativeHumidity = Nan(count);
        WindSpeed = Nan(count);
        Pressure = Nan(count);
        CloudCover = Nan(count);
    }

    /// <summary>The file (or provider) it came from, for messages.</summary>
    public string Source { get; }

    public WeatherLocation Location { get; }

    /// <summary>Start of the first interval, UTC.</summary>
    public DateTime Start { get; }

    public int StepSeconds { get; }

    public int Count { get; }

    /// <summary>End of the last interval, UTC.</summary>
    public DateTime End => Start.AddSeconds((double)StepSeconds * Count);

    /// <summary>Global horizontal irradiance, W/m².</summary>
    public double[] Ghi { get; }

    /// <summary>Direct normal irradiance, W/m².</summary>
    public double[] Dni { get; }

    /// <summary>Diffuse horizontal irradiance, W/m².</summary>
    public double[] Dhi { get; }

    /// <summary>Air temperature at 2 m, °C.</summary>
    public double[] AirTemperature { get; }

    /// <summary>Dew point, °C.</summary>
    public double[] DewPoint { get; }

    /// <summary>Relative humidity, %.</summary>
    public double[] RelativeHumidity { get; }

    /// <summary>Wind speed at 10 m, m/s.</summary>
    public double[] WindSpeed { get; }

    /// <summary>Station pressure, Pa.</summary>
    public double[] Pressure { get; }

    /// <summary>Cloud cover, 0..1.</summary>
    public double[] CloudCover { get; }

    /// <summary>Start (UTC) of interval <paramref name="i"/>.</summary>
    public DateTime TimeAt(int i) => Start.AddSeconds((double)StepSeconds * i);

    /// <summary>
    /// What the reader did that a user should know: year mapping of a typical year, filled gaps, unit or time-convention
    /// conversions, quantities a provider did not deliver. Empty for a plain file read as is.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Plane-of-array irradiance components, when the file carries them (PVGIS hourly series); same grid as this series.</summary>
    public PlaneOfArraySeries? PlaneOfArray { get; init; }

    /// <summary>The array of one quantity (the same array as the named property, not a copy).</summary>
    public double[] Values(WeatherQuantity quantity) => quantity switch
    {
        WeatherQuantity.Ghi => Ghi,
        WeatherQuantity.Dni => Dni,
        WeatherQuantity.Dhi => Dhi,
        WeatherQuantity.AirTemperature => AirTemperature,
        WeatherQuantity.DewPoint => DewPoint,
        WeatherQuantity.RelativeHumidity => RelativeHumidity,
        WeatherQuantity.WindSpeed => WindSpeed,
        WeatherQuantity.Pressure => Pressure,
        WeatherQuantity.CloudCover => CloudCover,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "unknown weather quantity"),
    };

    /// <summary>
    /// The series on a grid of <paramref name="stepSeconds"/> from the same start, covering as many whole new intervals
    /// as fit in <c>[Start, End)</c>. See <see cref="Resample(DateTime, int, int)"/> for the rules.
    /// </summary>
    public WeatherSeries Resample(int stepSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSeconds);
        long count = (long)StepSeconds * Count / stepSeconds;
        return WeatherResampler.Resample(this, Start, stepSeconds, checked((int)count));
    }

    /// <summary>
    /// The series on the grid <c>[startUtc + k·step, startUtc + (k+1)·step)</c>, k = 0..count−1. Irradiance (GHI, DNI,
    /// DHI and plane-of-array components) is the exact time-weighted mean of the source intervals a new interval overlaps,
    /// so energy sums are kept to rounding (a finer step repeats its hour's mean). Temperatures, dew point, humidity,
    /// wind, pressure and cloud cover on a finer step are interpolated linearly between source interval midpoints at the
    /// new interval's midpoint (held flat in the outer half intervals); on an equal or coarser step they are
    /// time-weighted means too. New intervals not wholly inside <c>[Start, End)</c> get NaN for means; interpolated
    /// quantities get NaN when the midpoint is outside it.
    /// </summary>
    public WeatherSeries Resample(DateTime startUtc, int stepSeconds, int count) =>
        WeatherResampler.Resample(this, DateTime.SpecifyKind(startUtc, DateTimeKind.Utc), stepSeconds, count);

    private static double[] Nan(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
