namespace Quartier.Forecasting.Weather;

/// <summary>A conversion into a <see cref="WeatherSeries"/> unit: <c>v·Scale + Offset</c>, or for an energy per time step <c>v·Scale / step</c>.</summary>
internal readonly record struct UnitConversion(double Scale, double Offset, bool PerStep)
{
    public static UnitConversion Identity => new(1, 0, false);

    public double Apply(double value, double stepSeconds) => PerStep ? value * Scale / stepSeconds : (value * Scale) + Offset;
}

/// <summary>The units the readers accept per quantity, and their conversions.</summary>
internal static class WeatherUnits
{
    private static readonly Dictionary<string, UnitConversion> Irradiance = new(StringComparer.Ordinal)
    {
        ["w/m2"] = new(1, 0, false),
        ["kw/m2"] = new(1000, 0, false),
        ["wh/m2"] = new(3600, 0, true),
        ["kwh/m2"] = new(3.6e6, 0, true),
        ["j/m2"] = new(1, 0, true),
        ["kj/m2"] = new(1e3, 0, true),
        ["mj/m2"] = new(1e6, 0, true),
        ["j/cm2"] = new(1e4, 0, true),
    };

    private static readonly Dictionary<string, UnitConversion> Temperature = new(StringComparer.Ordinal)
    {
        ["degc"] = new(1, 0, false),
        ["c"] = new(1, 0, false),
        ["celsius"] = new(1, 0, false),
        ["k"] = new(1, -273.15, false),
        ["kelvin"] = new(1, -273.15, false),
        ["degf"] = new(5.0 / 9.0, -160.0 / 9.0, false),
        ["f"] = new(5.0 / 9.0, -160.0 / 9.0, false),
        ["fahrenheit"] = new(5.0 / 9.0, -160.0 / 9.0, false),
    };

    private static readonly Dictionary<string, UnitConversion> Humidity = new(StringComparer.Ordinal)
    {
        ["%"] = new(1, 0, false),
        ["percent"] = new(1, 0, false),
        ["0..1"] = new(100, 0, false),
        ["fraction"] = new(100, 0, false),
        ["1"] = new(100, 0, false),
    };

    private static readonly Dictionary<string, UnitConversion> Wind = new(StringComparer.Ordinal)
    {
        ["m/s"] = new(1, 0, false),
        ["km/h"] = new(1 / 3.6, 0, false),
        ["kmh"] = new(1 / 3.6, 0, false),
        ["kph"] = new(1 / 3.6, 0, false),
        ["mph"] = new(0.44704, 0, false),
        ["kn"] = new(1852.0 / 3600.0, 0, false),
        ["kt"] = new(1852.0 / 3600.0, 0, false),
        ["knots"] = new(1852.0 / 3600.0, 0, false),
    };

    private static readonly Dictionary<string, UnitConversion> Pressure = new(StringComparer.Ordinal)
    {
        ["pa"] = new(1, 0, false),
        ["hpa"] = new(100, 0, false),
        ["mbar"] = new(100, 0, false),
        ["mb"] = new(100, 0, false),
        ["kpa"] = new(1000, 0, false),
        ["bar"] = new(1e5, 0, false),
    };

    private static readonly Dictionary<string, UnitConversion> Cloud = new(StringComparer.Ordinal)
    {
        ["%"] = new(0.01, 0, false),
        ["percent"] = new(0.01, 0, false),
        ["0..1"] = new(1, 0, false),
        ["fraction"] = new(1, 0, false),
        ["1"] = new(1, 0, false),
        ["okta"] = new(1 / 8.0, 0, false),
        ["oktas"] = new(1 / 8.0, 0, false),
        ["tenths"] = new(0.1, 0, false),
    };

    /// <summary>The conversion of <paramref name="unit"/> into the series unit of <paramref name="quantity"/>; false when the unit is not known for it.</summary>
    public static bool TryGet(WeatherQuantity quantity, string unit, out UnitConversion conversion) =>
        Table(quantity).TryGetValue(Normalize(unit), out conversion);

    /// <summary>The accepted unit spellings for messages.</summary>
    public static string Accepted(WeatherQuantity quantity) => quantity switch
    {
        WeatherQuantity.Ghi or WeatherQuantity.Dni or WeatherQuantity.Dhi => "W/m2, kW/m2, or per time step Wh/m2, kWh/m2, J/m2, kJ/m2, MJ/m2, J/cm2",
        WeatherQuantity.AirTemperature or WeatherQuantity.DewPoint => "degC, K, degF",
        WeatherQuantity.RelativeHumidity => "%, 0..1",
        WeatherQuantity.WindSpeed => "m/s, km/h, mph, kn",
        WeatherQuantity.Pressure => "Pa, hPa, mbar, kPa, bar",
        WeatherQuantity.CloudCover => "%, 0..1, okta, tenths",
        _ => string.Empty,
    };

    /// <summary>Lower case, no spaces; <c>²</c>, <c>^2</c>, <c>m-2</c>, <c>s-1</c>, <c>°</c> spelled the common way.</summary>
    internal static string Normalize(string unit)
    {
        var u = unit.Trim().ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("²", "2", StringComparison.Ordinal).Replace("^2", "2", StringComparison.Ordinal)
            .Replace("°", "deg", StringComparison.Ordinal).Replace("·", string.Empty, StringComparison.Ordinal)
            .Replace("m^-2", "/m2", StringComparison.Ordinal).Replace("m-2", "/m2", StringComparison.Ordinal)
            .Replace("s^-1", "/s", StringComparison.Ordinal).Replace("ms-1", "m/s", StringComparison.Ordinal)
            .Replace("h-1", "/h", StringComparison.Ordinal).Replace("kmh", "km/h", StringComparison.Ordinal)
            .Replace("//", "/", StringComparison.Ordinal);
        return u switch
        {
            "wm2" => "w/m2",
            "kwm2" => "kw/m2",
            "whm2" => "wh/m2",
            "kwhm2" => "kwh/m2",
            "jm2" => "j/m2",
            "kjm2" => "kj/m2",
            "mjm2" => "mj/m2",
            "jcm2" or "jc/m2" => "j/cm2",
            "deg_c" or "degreec" or "degreesc" or "degreecelsius" or "degreescelsius" => "degc",
            "deg_f" or "degreef" or "degreesf" => "degf",
            "frac" => "fraction",
            _ => u,
        };
    }

    private static Dictionary<string, UnitConversion> Table(WeatherQuantity q) => q switch
    {
        WeatherQuantity.Ghi or WeatherQuantity.Dni or WeatherQuantity.Dhi => Irradiance,
        WeatherQuantity.AirTemperature or WeatherQuantity.DewPoint => Temperature,
        WeatherQuantity.RelativeHumidity => Humidity,
        WeatherQuantity.WindSpeed => Wind,
        WeatherQuantity.Pressure => Pressure,
        WeatherQuantity.CloudCover => Cloud,
        _ => throw new ArgumentOutOfRangeException(nameof(q)),
    };
}
