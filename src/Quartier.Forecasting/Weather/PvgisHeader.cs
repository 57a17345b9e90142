using Quartier.Core.Errors;

namespace Quartier.Forecasting.Weather;

/// <summary>The location lines PVGIS writes above its tables (<c>Latitude (decimal degrees): 45.000</c> …).</summary>
internal static class PvgisHeader
{
    /// <summary>Reads <paramref name="line"/> (1-based <paramref name="lineNumber"/>) if it is a latitude, longitude or elevation line.</summary>
    public static bool TryLocation(string line, string file, int lineNumber, ref double latitude, ref double longitude, ref double elevation)
    {
        if (line.StartsWith("Latitude", StringComparison.OrdinalIgnoreCase))
        {
            latitude = WeatherRanges.CheckLocation(WeatherRanges.Latitude, WeatherText.HeaderNumber(line) ?? throw new InputException("latitude is not a number", file, lineNumber), "Latitude", file, lineNumber);
        }
        else if (line.StartsWith("Longitude", StringComparison.OrdinalIgnoreCase))
        {
            longitude = WeatherRanges.CheckLocation(WeatherRanges.Longitude, WeatherText.HeaderNumber(line) ?? throw new InputException("longitude is not a number", file, lineNumber), "Longitude", file, lineNumber);
        }
        else if (line.StartsWith("Elevation", StringComparison.OrdinalIgnoreCase))
        {
            elevation = WeatherRanges.CheckLocation(WeatherRanges.Elevation, WeatherText.HeaderNumber(line) ?? 0, "Elevation", file, lineNumber);
        }
        else
        {
            return false;
        }

        return true;
    }
}
