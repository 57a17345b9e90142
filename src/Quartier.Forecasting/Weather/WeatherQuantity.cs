namespace Quartier.Forecasting.Weather;

/// <summary>The quantities of a <see cref="WeatherSeries"/>, in its fixed units.</summary>
public enum WeatherQuantity
{
    /// <summary>Global horizontal irradiance, W/m².</summary>
    Ghi,

    /// <summary>Direct normal irradiance, W/m².</summary>
    Dni,

    /// <summary>Diffuse horizontal irradiance, W/m².</summary>
    Dhi,

    /// <summary>Air temperature at 2 m, °C.</summary>
    AirTemperature,

    /// <summary>Dew point, °C.</summary>
    DewPoint,

    /// <summary>Relative humidity, %.</summary>
    RelativeHumidity,

    /// <summary>Wind speed at 10 m, m/s.</summary>
    WindSpeed,

    /// <summary>Station pressure, Pa.</summary>
    Pressure,

    /// <summary>Cloud cover, 0..1.</summary>
    CloudCover,
}
