namespace Quartier.Core.Units;

/// <summary>Conversions at the edges: inside Quartier power is W, energy Wh, time s, temperature °C.</summary>
public static class UnitConvert
{
    public const double JoulesPerWattHour = 3600.0;
    public const double KelvinOffset = 273.15;

    public static double JoulesToWattHours(double joules) => joules / JoulesPerWattHour;

    public static double WattHoursToJoules(double wattHours) => wattHours * JoulesPerWattHour;

    public static double KelvinToCelsius(double kelvin) => kelvin - KelvinOffset;

    public static double CelsiusToKelvin(double celsius) => celsius + KelvinOffset;

    public static double PercentToRatio(double percent) => percent / 100.0;

    public static double RatioToPercent(double ratio) => ratio * 100.0;

    /// <summary>Reactive power of a load drawing <paramref name="activePower"/> at power factor <paramref name="powerFactor"/>.</summary>
    public static double ReactivePower(double activePower, double powerFactor)
    {
        if (powerFactor <= 0 || powerFactor > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(powerFactor), powerFactor, "power factor must be in (0, 1]");
        }

        return activePower * Math.Sqrt(1 - (powerFactor * powerFactor)) / powerFactor;
    }
}
