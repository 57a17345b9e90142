namespace Quartier.Forecasting.Weather;

/// <summary>The weather file formats <see cref="WeatherReader"/> reads.</summary>
public enum WeatherFormat
{
    /// <summary>Detect the format from the file's content.</summary>
    Auto,

    /// <summary>EnergyPlus weather (EPW): LOCATION line, 8 header lines, hourly records in local standard time.</summary>
    Epw,

    /// <summary>PVGIS typical meteorological year as CSV (<c>time(UTC),T2m,RH,G(h),Gb(n),Gd(h),…</c>).</summary>
    PvgisTmy,

    /// <summary>PVGIS hourly series (<c>time,Gb(i),Gd(i),Gr(i),H_sun,T2m,WS10m,Int</c>): plane-of-array components.</summary>
    PvgisHourly,

    /// <summary>Bright Sky (DWD) API response: <c>weather[]</c> with timestamp, solar, temperature ….</summary>
    BrightSky,

    /// <summary>Open-Meteo API response: <c>hourly</c> arrays with <c>hourly_units</c>.</summary>
    OpenMeteo,

    /// <summary>ClearOutside forecast as Akkudoktor-EOS stores it (the site itself is an HTML page): EOS weather records.</summary>
    ClearOutside,

    /// <summary>Akkudoktor-EOS weather records (<c>records[]</c> with <c>date_time</c>, <c>weather_ghi</c>, <c>weather_temp_air</c> …) from any provider.</summary>
    EosRecords,

    /// <summary>Plain CSV: a time column and named quantity columns with units, e.g. <c>time,ghi [W/m2],temp_air [degC]</c>.</summary>
    Csv,
}
