namespace Quartier.Resources.Eos;

/// <summary>
/// EOS's <c>ems</c> block: hourly series from 00:00 today (all of the same length) and the value of stored energy.
/// Money is currency per Wh (0.0003 = 0.30 per kWh).
/// </summary>
/// <param name="TotalLoad"><c>gesamtlast</c> / <c>total_load</c>: household load per hour, Wh.</param>
/// <param name="PvForecastWh"><c>pv_prognose_wh</c> / <c>pv_forecast_wh</c>: PV generation per hour, Wh.</param>
/// <param name="ElectricityPricePerWh"><c>strompreis_euro_pro_wh</c> / <c>electricity_price_per_wh</c>: import price per hour.</param>
/// <param name="FeedInTariffPerWh"><c>einspeiseverguetung_euro_pro_wh</c> / <c>feed_in_tariff_per_wh</c> per hour (a scalar in the file is repeated).</param>
/// <param name="PricePerWhBattery"><c>preis_euro_pro_wh_akku</c> / <c>price_per_wh_battery</c>: value of energy left in the battery.</param>
public sealed record EosEms(double[] TotalLoad, double[] PvForecastWh, double[] ElectricityPricePerWh, double[] FeedInTariffPerWh, double PricePerWhBattery)
{
    /// <summary>Number of hours in the horizon (length of every series).</summary>
    public int Hours => TotalLoad.Length;
}

/// <summary>
/// A battery as EOS models it: the stationary PV battery (<c>pv_akku</c> / <c>pv_battery</c>) or the electric vehicle
/// (<c>eauto</c> / <c>ev</c>). For the vehicle EOS ignores the minimum SoC in the battery model (it is a target for the
/// optimiser only), see <see cref="EffectiveMinSocPercentage"/>.
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="CapacityWh">Capacity, Wh (&gt; 0).</param>
/// <param name="ChargingEfficiency">Charging efficiency in (0, 1], default 0.88.</param>
/// <param name="DischargingEfficiency">Discharging efficiency in (0, 1], default 0.88 (battery) or 1.0 (vehicle).</param>
/// <param name="MaxChargePowerW">Charge (and discharge) limit per hour, W; <c>null</c> means the capacity, as in EOS. Default 5000.</param>
/// <param name="InitialSocPercentage">SoC at the start of hour 0, %.</param>
/// <param name="MinSocPercentage">Minimum SoC, %.</param>
/// <param name="MaxSocPercentage">Maximum SoC, %.</param>
/// <param name="ChargeRates">Allowed charge factors (0…1), or <c>null</c> for EOS's default 0, 0.1, …, 1.0.</param>
/// <param name="IsElectricVehicle">True for the <c>eauto</c> / <c>ev</c> block.</param>
public sealed record EosBatteryParameters(
    string DeviceId,
    double CapacityWh,
    double ChargingEfficiency,
    double DischargingEfficiency,
    double? MaxChargePowerW,
    double InitialSocPercentage,
    double MinSocPercentage,
    double MaxSocPercentage,
    double[]? ChargeRates,
    bool IsElectricVehicle)
{
    /// <summary>EOS's default charge factors.</summary>
    public static IReadOnlyList<double> DefaultChargeRates { get; } = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>The minimum SoC the battery model enforces: <see cref="MinSocPercentage"/>, or 0 for a vehicle.</summary>
    public double EffectiveMinSocPercentage => IsElectricVehicle ? 0 : MinSocPercentage;
}

/// <summary>EOS's hybrid inverter: PV and battery behind one AC limit.</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="MaxPowerWh">AC limit per hour, Wh (&gt; 0).</param>
/// <param name="BatteryId">Id of the battery behind it; must match the PV battery's id when there is one.</param>
/// <param name="AcToDcEfficiency">AC→DC efficiency for charging from the grid, [0, 1], default 1; 0 disables AC charging.</param>
/// <param name="DcToAcEfficiency">DC→AC efficiency for battery discharge, (0, 1], default 1.</param>
/// <param name="MaxAcChargePowerW">AC charging limit, W (≥ 0), or <c>null</c> for none; 0 disables AC charging.</param>
public sealed record EosInverterParameters(string DeviceId, double MaxPowerWh, string? BatteryId, double AcToDcEfficiency, double DcToAcEfficiency, double? MaxAcChargePowerW);

/// <summary>EOS's shiftable home appliance (the <c>dishwasher</c> block).</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ConsumptionWh">Energy of one run, Wh (&gt; 0).</param>
/// <param name="DurationH">Run time, whole hours (&gt; 0); the energy is spread evenly over them.</param>
/// <param name="TimeWindows">Allowed start windows, or <c>null</c> for "any time in the horizon".</param>
public sealed record EosApplianceParameters(string DeviceId, double ConsumptionWh, int DurationH, TimeWindowSequence? TimeWindows);
