namespace Quartier.Forecasting.Weather;

/// <summary>Names, units and kinds of the <see cref="WeatherQuantity"/> values.</summary>
public static class WeatherQuantities
{
    /// <summary>All quantities in declaration order.</summary>
    public static IReadOnlyList<WeatherQuantity> All { get; } =
    [
        WeatherQuantity.Ghi, WeatherQuantity.Dni, WeatherQuantity.Dhi, WeatherQuantity.AirTemperature, WeatherQuantity.DewPoint,
        WeatherQuantity.RelativeHumidity, WeatherQuantity.WindSpeed, WeatherQuantity.Pressure, WeatherQuantity.CloudCover,
    ];

    /// <summary>True for irradiance: an interval mean whose time integral (energy) resampling keeps.</summary>
    public static bool IsIrradiance(WeatherQuantity q) => q is WeatherQuantity.Ghi or WeatherQuantity.Dni or WeatherQuantity.Dhi;

    /// <summary>Short machine name, as in CSV headers and JSON output (<c>ghi</c>, <c>temp_air</c> …).</summary>
    public static string Key(WeatherQuantity q) => q switch
    {
        WeatherQuantity.Ghi => "ghi",
        WeatherQuantity.Dni => "dni",
        WeatherQuantity.Dhi => "dhi",
        WeatherQuantity.AirTemperature => "temp_air",
        WeatherQuantity.DewPoint => "temp_dew",
        WeatherQuantity.RelativeHumidity => "relative_humidity",
        WeatherQuantity.WindSpeed => "wind_speed",
        WeatherQuantity.Pressure => "pressure",
        WeatherQuantity.CloudCover => "cloud_cover",
        _ => throw new ArgumentOutOfRangeException(nameof(q)),
    };

    /// <summary>The series' unit of the quantity.</summary>
    public static string Unit(WeatherQuantity q) => q switch
    {
        WeatherQuantity.Ghi or WeatherQuantity.Dni or WeatherQuantity.Dhi => "W/m2",
        WeatherQuantity.AirTemperature or WeatherQuantity.DewPoint => "degC",
        WeatherQuantity.RelativeHumidity => "%",
        WeatherQuantity.WindSpeed => "m/s",
        WeatherQuantity.Pressure => "Pa",
        WeatherQuantity.CloudCover => "0..1",
        _ => throw new ArgumentOutOfRangeException(nameof(q)),
    };

    /// <summary>Human label (<c>Global horizontal irradiance</c> …).</summary>
    public static string Label(WeatherQuantity q) => q switch
    {
        WeatherQuantity.Ghi => "Global horizontal irradiance",
        WeatherQuantity.Dni => "Direct normal irradiance",
        WeatherQuantity.Dhi => "Diffuse horizontal irradiance",
        WeatherQuantity.AirTemperature => "Air temperature",
        WeatherQuantity.DewPoint => "Dew point",
        WeatherQuantity.RelativeHumidity => "Relative humidity",
        WeatherQuantity.WindSpeed => "Wind speed",
        WeatherQuantity.Pressure => "Pressure",
        WeatherQuantity.CloudCover => "Cloud cover",
        _ => throw new ArgumentOutOfRangeException(nameof(q)),
    };
}
