using System.Text;
using System.Text.Json;

namespace Quartier.Resources.Eos;

/// <summary>
/// Writes an <see cref="EosSimulationResult"/> in the shape of EOS's <c>GeneticSolution</c> (the replayed controls plus
/// <c>result</c> and the EV object), with German names as EOS stores them or English names. Numbers are written in
/// their shortest round-trip form, so a reader gets back exactly the doubles computed.
/// </summary>
public static class EosResultJson
{
    private static readonly string[] German =
    [
        "eautocharge_hours_float", "eauto_obj",
        "Last_Wh_pro_Stunde", "EAuto_SoC_pro_Stunde", "Einnahmen_Euro_pro_Stunde", "Gesamt_Verluste", "Gesamtbilanz_Euro",
        "Gesamteinnahmen_Euro", "Gesamtkosten_Euro", "Home_appliance_wh_per_hour", "Kosten_Euro_pro_Stunde",
        "Netzbezug_Wh_pro_Stunde", "Netzeinspeisung_Wh_pro_Stunde", "Verluste_Pro_Stunde", "akku_soc_pro_stunde", "Electricity_price",
    ];

    private static readonly string[] English =
    [
        "ev_charge_hours_float", "ev_obj",
        "load_wh_per_hour", "ev_soc_per_hour", "revenue_per_hour", "total_losses", "total_balance",
        "total_revenue", "total_costs", "home_appliance_wh_per_hour", "costs_per_hour",
        "grid_consumption_wh_per_hour", "grid_feed_in_wh_per_hour", "losses_per_hour", "battery_soc_per_hour", "electricity_price",
    ];

    /// <summary>Writes the result as one JSON object to <paramref name="stream"/> (UTF-8).</summary>
    public static void Write(Stream stream, EosSimulationResult result, EosNames names = EosNames.German, bool indented = true)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        Write(writer, result, names);
    }

    /// <summary>Writes the result as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, EosSimulationResult result, EosNames names = EosNames.German)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var n = names == EosNames.English ? English : German;
        writer.WriteStartObject();
        Numbers(writer, "ac_charge", result.AcCharge);
        Numbers(writer, "dc_charge", result.DcCharge);
        writer.WriteStartArray("discharge_allowed");
        foreach (var v in result.DischargeAllowed)
        {
            writer.WriteNumberValue((long)v);
        }

        writer.WriteEndArray();
        if (result.EvChargeHours is { } ev)
        {
            Numbers(writer, n[0], ev);
        }
        else
        {
            writer.WriteNull(n[0]);
        }

        writer.WriteStartObject("result");
        Numbers(writer, n[2], result.LoadWhPerHour);
        Numbers(writer, n[3], result.EvSocPerHour);
        Numbers(writer, n[4], result.RevenuePerHour);
        writer.WriteNumber(n[5], result.TotalLosses);
        writer.WriteNumber(n[6], result.TotalBalance);
        writer.WriteNumber(n[7], result.TotalRevenue);
        writer.WriteNumber(n[8], result.TotalCosts);
        Numbers(writer, n[9], result.HomeApplianceWhPerHour);
        Numbers(writer, n[10], result.CostsPerHour);
        Numbers(writer, n[11], result.GridConsumptionWhPerHour);
        Numbers(writer, n[12], result.GridFeedInWhPerHour);
        Numbers(writer, n[13], result.LossesWhPerHour);
        Numbers(writer, n[14], result.BatterySocPerHour);
        Numbers(writer, n[15], result.ElectricityPrice);
        writer.WriteEndObject();

        if (result.Ev is { } p && result.EvEffectiveChargeArray is { } charge)
        {
            writer.WriteStartObject(n[1]);
            writer.WriteString("device_id", p.DeviceId);
            writer.WriteNumber("hours", result.Hours);
            Numbers(writer, "charge_array", charge);
            writer.WriteStartArray("discharge_array");
            for (int h = 0; h < result.Hours; h++)
            {
                writer.WriteNumberValue(0);
            }

            writer.WriteEndArray();
            writer.WriteNumber("discharging_efficiency", p.DischargingEfficiency);
            writer.WriteNumber("capacity_wh", p.CapacityWh);
            writer.WriteNumber("charging_efficiency", p.ChargingEfficiency);
            writer.WriteNumber("max_charge_power_w", p.MaxChargePowerW ?? p.CapacityWh);
            writer.WriteNumber("soc_wh", result.FinalEvSocWh ?? 0.0);
            writer.WriteNumber("initial_soc_percentage", p.InitialSocPercentage);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull(n[1]);
        }

        if (result.WashingStart is { } start)
        {
            writer.WriteNumber("washingstart", start);
        }
        else
        {
            writer.WriteNull("washingstart");
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The result as a JSON string.</summary>
    public static string ToJson(EosSimulationResult result, EosNames names = EosNames.German, bool indented = true)
    {
        using var buffer = new MemoryStream();
        Write(buffer, result, names, indented);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Numbers(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values)
        {
            writer.WriteNumberValue(v);
        }

        writer.WriteEndArray();
    }
}
