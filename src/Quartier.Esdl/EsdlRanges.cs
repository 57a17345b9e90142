using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Esdl;

/// <summary>
/// The physical range of every numeric ESDL attribute, DOTS description-JSON parameter and profile value
/// Quartier reads, stated once. <see cref="EsdlReader"/> checks each value it meets against this table, so
/// <c>quartier validate</c> refuses a negative capacity or a 10 TW heat pump with the range in the message.
/// Units are ESDL's: power W, battery capacity and states of charge J, lengths m, temperatures °C or K.
/// </summary>
public static class EsdlRanges
{
    private const double Gigawatt = 1e9;
    private const double Megawatt = 1e6;

    /// <summary>Earliest and latest instants accepted in profiles and requests.</summary>
    public static readonly DateTime EarliestDate = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <inheritdoc cref="EarliestDate"/>
    public static readonly DateTime LatestDate = new(2200, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A TimeSeriesProfile's step, seconds (1 s … about a year).</summary>
    public static readonly PhysicalRange TimeStep = new(1, 3.2e7, "s");

    /// <summary>A carrier's voltage, V.</summary>
    public static readonly PhysicalRange CarrierVoltage = new(0, 1e6, "V");

    private static readonly PhysicalRange Ratio = new(0, 1, string.Empty);
    private static readonly PhysicalRange Efficiency = new(0.01, 1, string.Empty);
    private static readonly PhysicalRange PowerFactor = new(0.01, 1, string.Empty);
    private static readonly PhysicalRange Temperature = new(-100, 400, "°C (or K above 150)");
    private static readonly PhysicalRange Price = new(-1e4, 1e4, "currency per unit");

    /// <summary>Attributes by name, for every asset type (a type-specific entry below takes precedence).</summary>
    private static readonly Dictionary<string, PhysicalRange> CommonAttributes = new(StringComparer.Ordinal)
    {
        ["power"] = new(0, 10 * Gigawatt, "W"),
        ["powerFactor"] = PowerFactor,
        ["capacity"] = new(0, 10 * Gigawatt, "W"),
        ["length"] = new(0, 100_000, "m"),
        ["voltage"] = new(0, 1e6, "V"),
        ["efficiency"] = Efficiency,
    };

    private static readonly Dictionary<(AssetKind Kind, string Name), PhysicalRange> KindAttributes = new()
    {
        [(AssetKind.Battery, "capacity")] = new(1, 3.6e13, "J"),
        [(AssetKind.Battery, "fillLevel")] = Ratio,
        [(AssetKind.Battery, "chargeEfficiency")] = Efficiency,
        [(AssetKind.Battery, "dischargeEfficiency")] = Efficiency,
        [(AssetKind.Battery, "maxChargeRate")] = new(0, Gigawatt, "W"),
        [(AssetKind.Battery, "maxDischargeRate")] = new(0, Gigawatt, "W"),
        [(AssetKind.Battery, "power")] = new(0, Gigawatt, "W"),
        [(AssetKind.PVInstallation, "power")] = new(0, Gigawatt, "W"),
        [(AssetKind.PVInstallation, "surfaceArea")] = new(0, 1e7, "m²"),
        [(AssetKind.PVInstallation, "panelEfficiency")] = Ratio,
        [(AssetKind.PVInstallation, "inverterEfficiency")] = Efficiency,
        [(AssetKind.PVInstallation, "angle")] = new(0, 90, "°"),
        [(AssetKind.PVInstallation, "orientation")] = new(0, 360, "°"),
        [(AssetKind.EVChargingStation, "power")] = new(1, 10 * Megawatt, "W"),
        [(AssetKind.HeatPump, "power")] = new(1, 50 * Megawatt, "W"),
        [(AssetKind.HeatPump, "heatPumpThermalPower")] = new(1, 50 * Megawatt, "W"),
        [(AssetKind.HeatPump, "COP")] = new(1, 15, string.Empty),
        [(AssetKind.HeatPump, "heatPumpCOP")] = new(1, 15, string.Empty),
        [(AssetKind.HybridHeatPump, "power")] = new(1, 50 * Megawatt, "W"),
        [(AssetKind.HybridHeatPump, "heatPumpThermalPower")] = new(1, 50 * Megawatt, "W"),
        [(AssetKind.HybridHeatPump, "COP")] = new(1, 15, string.Empty),
        [(AssetKind.HybridHeatPump, "heatPumpCOP")] = new(1, 15, string.Empty),
        [(AssetKind.EConnection, "capacity")] = new(0, Gigawatt, "W"),
        [(AssetKind.ElectricityCable, "length")] = new(0, 100_000, "m"),
        [(AssetKind.Transformer, "power")] = new(0, 10 * Gigawatt, "VA"),
        [(AssetKind.Transformer, "voltagePrimary")] = new(0.01, 1e6, "kV (below 100) or V"),
        [(AssetKind.Transformer, "voltageSecundary")] = new(0.01, 1e6, "kV (below 100) or V"),
        [(AssetKind.Transformer, "voltageSecondary")] = new(0.01, 1e6, "kV (below 100) or V"),
    };

    /// <summary>DOTS's description-JSON parameters by asset type (numbers, or arrays of numbers).</summary>
    private static readonly Dictionary<(AssetKind Kind, string Key), PhysicalRange> Parameters = new()
    {
        [(AssetKind.Building, "C_in")] = new(1, 1e12, "J/K"),
        [(AssetKind.Building, "C_out")] = new(1, 1e12, "J/K"),
        [(AssetKind.Building, "R_exch")] = new(1e-9, 1e3, "K/W"),
        [(AssetKind.Building, "R_floor")] = new(1e-9, 1e3, "K/W"),
        [(AssetKind.Building, "R_vent")] = new(1e-9, 1e3, "K/W"),
        [(AssetKind.Building, "R_cond")] = new(1e-9, 1e3, "K/W"),
        [(AssetKind.Building, "A_glass")] = new(0, 1e5, "m²"),
        [(AssetKind.Battery, "operation_mode_factor")] = Ratio,
        [(AssetKind.Battery, "min_soc")] = Ratio,
        [(AssetKind.Battery, "max_soc")] = Ratio,
        [(AssetKind.Battery, "reserve_soc")] = Ratio,
        [(AssetKind.Battery, "peak_import_limit")] = new(0, Gigawatt, "W"),
        [(AssetKind.Battery, "export_limit")] = new(0, Gigawatt, "W"),
        [(AssetKind.Battery, "grid_support_power")] = new(-Gigawatt, Gigawatt, "W"),
        [(AssetKind.Battery, "min_mode_dwell")] = new(0, 7 * 86_400, "s"),
        [(AssetKind.EVChargingStation, "arrival_ptus")] = new(0, 10_000_000, "PTU"),
        [(AssetKind.EVChargingStation, "departure_ptus")] = new(0, 10_000_000, "PTU"),
        [(AssetKind.EVChargingStation, "arrival_socs")] = new(0, 3.6e10, "J"),
        [(AssetKind.EVChargingStation, "departure_socs")] = new(0, 3.6e10, "J"),
        [(AssetKind.EVChargingStation, "max_soc")] = new(0, 3.6e10, "J"),
        [(AssetKind.EVChargingStation, "efficiency")] = Efficiency,
        [(AssetKind.EConnection, "price")] = Price,
        [(AssetKind.EConnection, "flat_price")] = Price,
        [(AssetKind.HeatPump, "min_rel_heat")] = Ratio,
        [(AssetKind.HeatPump, "buffer_capacitance")] = new(1, 1e10, "J/K"),
        [(AssetKind.HeatPump, "min_on_time")] = new(0, 7 * 86_400, "s"),
        [(AssetKind.HeatPump, "min_off_time")] = new(0, 7 * 86_400, "s"),
        [(AssetKind.HeatPump, "dhw_capacitance")] = new(1, 1e10, "J/K"),
        [(AssetKind.HeatPump, "heat_element")] = new(0, 10 * Megawatt, "W"),
        [(AssetKind.HeatPump, "cop_element")] = new(0.1, 15, string.Empty),
        [(AssetKind.HybridHeatPump, "min_rel_heat")] = Ratio,
        [(AssetKind.HybridHeatPump, "buffer_capacitance")] = new(1, 1e10, "J/K"),
        [(AssetKind.HybridHeatPump, "min_on_time")] = new(0, 7 * 86_400, "s"),
        [(AssetKind.HybridHeatPump, "min_off_time")] = new(0, 7 * 86_400, "s"),
    };

    private static readonly string[] TemperatureParameters =
    [
        "buffer_temp_set", "buffer_temp_min", "buffer_temp_max", "buffer_temp_0", "house_temp_set", "house_temp_min", "house_temp_0",
        "dhw_temp_set", "dhw_temp_min", "dhw_temp_tap", "dhw_temp_0",
    ];

    /// <summary>The range of attribute <paramref name="name"/> of an asset of <paramref name="kind"/>; null when Quartier does not read it as a number.</summary>
    public static PhysicalRange? Attribute(AssetKind kind, string name) =>
        KindAttributes.TryGetValue((kind, name), out var r) ? r : CommonAttributes.TryGetValue(name, out var c) ? c : null;

    /// <summary>The range of description-JSON parameter <paramref name="key"/> of an asset of <paramref name="kind"/>; null when not read.</summary>
    public static PhysicalRange? Parameter(AssetKind kind, string key) =>
        Parameters.TryGetValue((kind, key), out var r) ? r
        : kind is AssetKind.HeatPump or AssetKind.HybridHeatPump && TemperatureParameters.Contains(key) ? Temperature
        : null;

    /// <summary>
    /// The range of a profile's values after conversion to Quartier's unit (<see cref="QuantityAndUnit.ToInternal"/>), by the
    /// declared physical quantity, else by the profile's role (<paramref name="role"/>: the element name, e.g.
    /// <c>outsideTemperatureProfile</c>, <c>marketPrice</c>, or <c>profile</c> on a port, read as power in W).
    /// </summary>
    public static PhysicalRange ProfileValue(QuantityAndUnit? unit, string role)
    {
        var quantity = unit?.PhysicalQuantity.ToUpperInvariant();
        return quantity switch
        {
            "POWER" => new(-10 * Gigawatt, 10 * Gigawatt, "W"),
            "ENERGY" => new(-1e13, 1e13, "Wh"),
            "TEMPERATURE" => new(-100, 400, "°C"),
            "COST" => Price,
            "IRRADIANCE" => new(0, 5e6, "W/m² (or J/m² per interval)"),
            "COEFFICIENT" or "RELATIVE" => new(-1e3, 1e3, string.Empty),
            _ when role.Contains("Temperature", StringComparison.OrdinalIgnoreCase) => Temperature,
            _ when role.Contains("Irradiance", StringComparison.OrdinalIgnoreCase) => new(0, 5e6, "W/m² (or J/m² per interval)"),
            _ when role.Contains("price", StringComparison.OrdinalIgnoreCase) => Price,
            _ => new(-10 * Gigawatt, 10 * Gigawatt, unit is null ? "W (a value without a unit)" : string.Empty),
        };
    }
}
