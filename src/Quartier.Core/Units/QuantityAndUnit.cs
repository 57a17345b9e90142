namespace Quartier.Core.Units;

/// <summary>
/// ESDL's description of what a number means (physical quantity, unit, multiplier, per-unit), with the
/// factor that brings a value to Quartier's internal unit (W, Wh, °C offsets aside, ratio, currency per kWh).
/// </summary>
public sealed record QuantityAndUnit(
    string? Id,
    string PhysicalQuantity,
    string Unit,
    string Multiplier = "NONE",
    string PerMultiplier = "NONE",
    string PerUnit = "NONE",
    string PerTimeUnit = "NONE",
    string? Description = null)
{
    public static double MultiplierFactor(string multiplier) => multiplier.ToUpperInvariant() switch
    {
        "" or "NONE" => 1,
        "ATTO" => 1e-18,
        "FEMTO" => 1e-15,
        "PICO" => 1e-12,
        "NANO" => 1e-9,
        "MICRO" => 1e-6,
        "MILLI" => 1e-3,
        "CENTI" => 1e-2,
        "DECI" => 1e-1,
        "DEKA" => 1e1,
        "HECTO" => 1e2,
        "KILO" => 1e3,
        "MEGA" => 1e6,
        "GIGA" => 1e9,
        "TERA" => 1e12,
        "TERRA" => 1e12,
        "PETA" => 1e15,
        "EXA" => 1e18,
        _ => throw new FormatException($"unknown unit multiplier '{multiplier}'"),
    };

    /// <summary>
    /// Factor from this unit to Quartier's internal unit for the quantity: POWER → W, ENERGY → Wh,
    /// COST per ENERGY → currency per kWh, COEFFICIENT/percent → ratio. Temperature is handled by
    /// <see cref="ToInternal"/> because Kelvin needs an offset.
    /// </summary>
    public double Factor
    {
        get
        {
            double f = MultiplierFactor(Multiplier) * UnitFactor(Unit);
            if (!IsNone(PerUnit))
            {
                f /= MultiplierFactor(PerMultiplier) * UnitFactor(PerUnit) / PerUnitReference(PerUnit);
            }

            if (!IsNone(PerTimeUnit))
            {
                f /= TimeUnitSeconds(PerTimeUnit) / 3600.0;
            }

            return f;
        }
    }

    public double ToInternal(double value)
    {
        if (Unit.Equals("KELVIN", StringComparison.OrdinalIgnoreCase))
        {
            return UnitConvert.KelvinToCelsius(value * MultiplierFactor(Multiplier));
        }

        return value * Factor;
    }

    private static bool IsNone(string s) => string.IsNullOrEmpty(s) || s.Equals("NONE", StringComparison.OrdinalIgnoreCase);

    private static double UnitFactor(string unit) => unit.ToUpperInvariant() switch
    {
        "" or "NONE" => 1,
        "WATT" => 1,
        "WATTHOUR" => 1,
        "JOULE" => 1 / UnitConvert.JoulesPerWattHour,
        "PERCENT" => 0.01,
        "EURO" or "DOLLAR" or "POUND" => 1,
        "DEGREES_CELSIUS" => 1,
        "KELVIN" => 1,
        "SECOND" => 1,
        "MINUTE" => 60,
        "HOUR" => 3600,
        "DAY" => 86_400,
        "VOLT" => 1,
        "AMPERE" => 1,
        "VOLT_AMPERE" or "VOLT_AMPERE_REACTIVE" => 1,
        "METRE" => 1,
        "SQUARE_METRE" => 1,
        "CUBIC_METRE" => 1,
        "WATT_PER_SQUARE_METRE" => 1,
        "WATTHOUR_PER_SQUARE_METRE" => 1,
        "JOULE_PER_SQUARE_METRE" => 1 / UnitConvert.JoulesPerWattHour,
        _ => throw new FormatException($"unsupported unit '{unit}'"),
    };

    /// <summary>Prices are kept per kWh: dividing by WATTHOUR means ×1000 to reach per kWh.</summary>
    private static double PerUnitReference(string perUnit) => perUnit.ToUpperInvariant() switch
    {
        "WATTHOUR" => 1000,
        "JOULE" => 1000,
        _ => 1,
    };

    private static double TimeUnitSeconds(string unit) => unit.ToUpperInvariant() switch
    {
        "SECOND" => 1,
        "MINUTE" => 60,
        "QUARTER" => 900,
        "HOUR" => 3600,
        "DAY" => 86_400,
        "WEEK" => 7 * 86_400,
        "MONTH" => 30 * 86_400,
        "YEAR" => 365 * 86_400,
        _ => throw new FormatException($"unsupported time unit '{unit}'"),
    };
}
