namespace Quartier.Forecasting.Weather;

/// <summary>How <see cref="WeatherReader"/> reads a file.</summary>
public sealed record WeatherReadOptions
{
    /// <summary>The format; <see cref="WeatherFormat.Auto"/> detects it from the content.</summary>
    public WeatherFormat Format { get; init; } = WeatherFormat.Auto;

    /// <summary>
    /// Calendar year for a typical year (EPW or PVGIS TMY whose months come from different years): every record is put
    /// on this year. Default: the year of the first record, except that a typical year without 29 February whose first
    /// record falls in a leap year goes on the year before (a non-leap year), so no day is invented. With a leap year given
    /// here and no 29 February in the file, 29 February repeats 28 February; with a non-leap year and a 29 February in the
    /// file, that day is dropped. Setting it also maps a chronological EPW onto this year.
    /// </summary>
    public int? Year { get; init; }

    /// <summary>
    /// Clock of times without an offset, hours east of UTC (plain CSV); for an EPW it overrides the LOCATION line's time zone.
    /// </summary>
    public double? UtcOffsetHours { get; init; }

    /// <summary>Default options: detect the format, year of the first record, offsets from the file.</summary>
    public static WeatherReadOptions Default { get; } = new();
}
