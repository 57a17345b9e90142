using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Resources.Eos;

/// <summary>
/// An EOS optimisation request (<c>optimize_input.json</c>, EOS's <c>GeneticOptimizationParameters</c>): the hourly
/// forecasts and the devices. Field names are accepted in EOS's German spelling and in English
/// (<c>gesamtlast</c> / <c>total_load</c>, <c>pv_akku</c> / <c>pv_battery</c>, <c>eauto</c> / <c>ev</c>, …); unknown fields are ignored.
/// </summary>
public sealed class EosOptimizeInput
{
    /// <summary>The forecasts and prices.</summary>
    public required EosEms Ems { get; init; }

    /// <summary>The stationary battery, if any (it takes part only through the inverter, as in EOS).</summary>
    public EosBatteryParameters? PvBattery { get; init; }

    /// <summary>The inverter; without one EOS books no grid exchange at all.</summary>
    public EosInverterParameters? Inverter { get; init; }

    /// <summary>The electric vehicle, if any.</summary>
    public EosBatteryParameters? Ev { get; init; }

    /// <summary>The shiftable appliance, if any.</summary>
    public EosApplianceParameters? Dishwasher { get; init; }

    /// <summary>Temperature forecast, °C (not used by the simulation; checked for length).</summary>
    public double?[]? TemperatureForecast { get; init; }

    /// <summary>Where the input came from (file path or a label), used in messages.</summary>
    public string Source { get; init; } = "input";

    /// <summary>Number of hours in the horizon.</summary>
    public int Hours => Ems.Hours;

    /// <summary>Reads and checks an input file.</summary>
    public static EosOptimizeInput Load(string path) => Parse(EosJson.ReadFile(path, "EOS input"), path);

    /// <summary>Parses and checks an input document; <paramref name="source"/> names it in error messages.</summary>
    public static EosOptimizeInput Parse(string json, string source = "input")
    {
        using var doc = EosJson.Parse(json, source);
        var root = doc.RootElement;
        EosJson.RequireObject(root, string.Empty, source);

        var ems = ParseEms(EosJson.Require(root, string.Empty, source, "ems", null, out _), source);
        var battery = EosJson.TryGet(root, string.Empty, source, "pv_akku", "pv_battery", out var b, out var bPath) ? ParseBattery(b, bPath, source, false) : null;
        var ev = EosJson.TryGet(root, string.Empty, source, "eauto", "ev", out var e, out var ePath) ? ParseBattery(e, ePath, source, true) : null;
        var inverter = EosJson.TryGet(root, string.Empty, source, "inverter", null, out var i, out var iPath) ? ParseInverter(i, iPath, source) : null;
        var dishwasher = EosJson.TryGet(root, string.Empty, source, "dishwasher", null, out var d, out var dPath) ? ParseAppliance(d, dPath, source, ems.Hours) : null;

        double?[]? temperature = null;
        if (EosJson.TryGet(root, string.Empty, source, "temperature_forecast", null, out var t, out var tPath))
        {
            temperature = ParseOptionalNumbers(t, tPath, source);
            if (temperature.Length != ems.Hours)
            {
                throw new InputException($"{tPath} has {temperature.Length} values but the ems series have {ems.Hours}", source, field: tPath);
            }

            for (int h = 0; h < temperature.Length; h++)
            {
                if (temperature[h] is { } c)
                {
                    EosRanges.Check(c, EosRanges.TemperatureC, $"{tPath}[{h}]", source);
                }
            }
        }

        if (EosJson.TryGet(root, string.Empty, source, "start_solution", null, out var s, out var sPath)
            && (s.ValueKind != JsonValueKind.Array || s.GetArrayLength() < 2))
        {
            throw new InputException($"{sPath} must be null or an array of at least 2 numbers", source);
        }

        if (battery is not null && inverter is not null && !string.Equals(inverter.BatteryId, battery.DeviceId, StringComparison.Ordinal))
        {
            throw new InputException(
                $"inverter.battery_id {(inverter.BatteryId is null ? "is missing" : $"'{inverter.BatteryId}'")} but the PV battery's device_id is '{battery.DeviceId}'; they must match",
                source,
                elementId: inverter.DeviceId);
        }

        return new EosOptimizeInput
        {
            Ems = ems,
            PvBattery = battery,
            Inverter = inverter,
            Ev = ev,
            Dishwasher = dishwasher,
            TemperatureForecast = temperature,
            Source = source,
        };
    }

    private static EosEms ParseEms(JsonElement ems, string source)
    {
        const string parent = "ems";
        EosJson.RequireObject(ems, parent, source);
        var load = EosJson.NumberArray(EosJson.Require(ems, parent, source, "gesamtlast", "total_load", out var loadPath), loadPath, source);
        var pv = EosJson.NumberArray(EosJson.Require(ems, parent, source, "pv_prognose_wh", "pv_forecast_wh", out var pvPath), pvPath, source);
        var price = EosJson.NumberArray(EosJson.Require(ems, parent, source, "strompreis_euro_pro_wh", "electricity_price_per_wh", out var pricePath), pricePath, source);
        var tariffElement = EosJson.Require(ems, parent, source, "einspeiseverguetung_euro_pro_wh", "feed_in_tariff_per_wh", out var tariffPath);
        var batteryValue = EosJson.Number(EosJson.Require(ems, parent, source, "preis_euro_pro_wh_akku", "price_per_wh_battery", out var batteryPath), batteryPath, source);

        if (load.Length is < 1 or > EosRanges.MaxHours)
        {
            throw new InputException($"{loadPath} has {load.Length} values; the horizon must be 1 … {EosRanges.MaxHours} hours, one value per hour from 00:00 today (EOS's default is {EosRanges.Hours})", source, field: loadPath);
        }

        SameLength(pvPath, pv.Length, loadPath, load.Length, source);
        SameLength(pricePath, price.Length, loadPath, load.Length, source);
        EosRanges.CheckSeries(load, EosRanges.LoadWh, loadPath, source);
        EosRanges.CheckSeries(pv, EosRanges.PvWh, pvPath, source);
        EosRanges.CheckSeries(price, EosRanges.PricePerWh, pricePath, source);
        EosRanges.Check(batteryValue, EosRanges.PricePerWh, batteryPath, source);
        double[] tariff;
        if (tariffElement.ValueKind == JsonValueKind.Array)
        {
            tariff = EosJson.NumberArray(tariffElement, tariffPath, source);
            SameLength(tariffPath, tariff.Length, loadPath, load.Length, source);
        }
        else
        {
            tariff = new double[load.Length];
            Array.Fill(tariff, EosJson.Number(tariffElement, tariffPath, source));
        }

        EosRanges.CheckSeries(tariff, EosRanges.PricePerWh, tariffPath, source);

        return new EosEms(load, pv, price, tariff, batteryValue);
    }

    private static void SameLength(string path, int length, string referencePath, int referenceLength, string source)
    {
        if (length != referenceLength)
        {
            throw new InputException($"{path} has {length} values but {referencePath} has {referenceLength}; all hourly series must have the same length", source, field: path);
        }
    }

    private static EosBatteryParameters ParseBattery(JsonElement obj, string parent, string source, bool ev)
    {
        EosJson.RequireObject(obj, parent, source);
        var id = DeviceId(obj, parent, source);
        var capacity = EosJson.Number(EosJson.Require(obj, parent, source, "capacity_wh", null, out var capPath), capPath, source);
        if (!(capacity > 0))
        {
            throw new InputException($"{capPath} is {EosJson.Format(capacity)}; a battery capacity must be > 0 Wh", source, elementId: id, field: capPath);
        }

        EosRanges.Check(capacity, EosRanges.CapacityWh, capPath, source, id);

        var charging = Efficiency(obj, parent, source, id, "charging_efficiency", 0.88);
        var discharging = Efficiency(obj, parent, source, id, "discharging_efficiency", ev ? 1.0 : 0.88);
        double? maxPower = 5000;
        if (obj.TryGetProperty("max_charge_power_w", out var mp))
        {
            maxPower = mp.ValueKind == JsonValueKind.Null ? null : EosJson.Number(mp, $"{parent}.max_charge_power_w", source);
            if (maxPower is { } p && !(p > 0))
            {
                throw new InputException($"{parent}.max_charge_power_w is {EosJson.Format(p)}; it must be > 0 W (or null for the capacity)", source, elementId: id, field: $"{parent}.max_charge_power_w");
            }

            if (maxPower is { } q)
            {
                EosRanges.Check(q, EosRanges.PowerW, $"{parent}.max_charge_power_w", source, id);
            }
        }

        var initial = Percentage(obj, parent, source, id, "initial_soc_percentage", 0);
        var min = Percentage(obj, parent, source, id, "min_soc_percentage", 0);
        var max = Percentage(obj, parent, source, id, "max_soc_percentage", 100);
        if (!ev && min > max)
        {
            throw new InputException($"{parent}.min_soc_percentage {EosJson.Format(min)} is above max_soc_percentage {EosJson.Format(max)}", source, elementId: id, field: $"{parent}.min_soc_percentage");
        }

        double[]? rates = null;
        if (EosJson.TryGet(obj, parent, source, "charge_rates", null, out var r, out var rPath))
        {
            rates = EosJson.NumberArray(r, rPath, source);
            for (int k = 0; k < rates.Length; k++)
            {
                if (rates[k] < 0 || rates[k] > 1)
                {
                    throw new InputException($"{rPath}[{k}] is {EosJson.Format(rates[k])}; charge rates are factors of the maximum charge power in 0…1", source, elementId: id);
                }
            }
        }

        return new EosBatteryParameters(id, capacity, charging, discharging, maxPower, initial, min, max, rates, ev);
    }

    private static EosInverterParameters ParseInverter(JsonElement obj, string parent, string source)
    {
        EosJson.RequireObject(obj, parent, source);
        var id = DeviceId(obj, parent, source);
        var max = EosJson.Number(EosJson.Require(obj, parent, source, "max_power_wh", null, out var maxPath), maxPath, source);
        if (!(max > 0))
        {
            throw new InputException($"{maxPath} is {EosJson.Format(max)}; it must be > 0 Wh", source, elementId: id, field: maxPath);
        }

        EosRanges.Check(max, EosRanges.PowerW, maxPath, source, id);

        var batteryId = EosJson.OptionalString(obj, parent, source, "battery_id");
        var acToDc = EosJson.Number(obj, parent, source, "ac_to_dc_efficiency", null, 1.0);
        if (!(acToDc >= 0 && acToDc <= 1))
        {
            throw new InputException($"{parent}.ac_to_dc_efficiency is {EosJson.Format(acToDc)}; allowed is 0…1 (0 disables AC charging)", source, elementId: id);
        }

        var dcToAc = EosJson.Number(obj, parent, source, "dc_to_ac_efficiency", null, 1.0);
        if (!(dcToAc > 0 && dcToAc <= 1))
        {
            throw new InputException($"{parent}.dc_to_ac_efficiency is {EosJson.Format(dcToAc)}; allowed is > 0 and ≤ 1", source, elementId: id);
        }

        var maxAc = EosJson.OptionalNumber(obj, parent, source, "max_ac_charge_power_w");
        if (maxAc is < 0)
        {
            throw new InputException($"{parent}.max_ac_charge_power_w is {EosJson.Format(maxAc.Value)}; it must be ≥ 0 W (0 disables AC charging) or null", source, elementId: id, field: $"{parent}.max_ac_charge_power_w");
        }

        if (maxAc is > 0)
        {
            EosRanges.Check(maxAc.Value, EosRanges.PowerW, $"{parent}.max_ac_charge_power_w", source, id);
        }

        return new EosInverterParameters(id, max, batteryId, acToDc, dcToAc, maxAc);
    }

    private static EosApplianceParameters ParseAppliance(JsonElement obj, string parent, string source, int horizon)
    {
        EosJson.RequireObject(obj, parent, source);
        var id = DeviceId(obj, parent, source);
        var consumption = EosJson.Number(EosJson.Require(obj, parent, source, "consumption_wh", null, out var cPath), cPath, source);
        if (!(consumption > 0))
        {
            throw new InputException($"{cPath} is {EosJson.Format(consumption)}; it must be > 0 Wh", source, elementId: id, field: cPath);
        }

        EosRanges.Check(consumption, EosRanges.ApplianceWh, cPath, source, id);
        var duration = EosJson.Integer(EosJson.Require(obj, parent, source, "duration_h", null, out var dPath), dPath, source);
        if (duration <= 0 || duration > horizon)
        {
            throw new InputException($"{dPath} is {duration}; it must be a whole number of hours within the {horizon}-hour horizon (1 … {horizon})", source, elementId: id, field: dPath);
        }

        TimeWindowSequence? windows = null;
        if (EosJson.TryGet(obj, parent, source, "time_windows", null, out var w, out var wPath))
        {
            windows = TimeWindowSequence.Parse(w, wPath, source);
        }

        return new EosApplianceParameters(id, consumption, duration, windows);
    }

    private static string DeviceId(JsonElement obj, string parent, string source) =>
        EosJson.String(EosJson.Require(obj, parent, source, "device_id", null, out var path), path, source);

    private static double Efficiency(JsonElement obj, string parent, string source, string id, string name, double fallback)
    {
        var v = EosJson.Number(obj, parent, source, name, null, fallback);
        return v > 0 && v <= 1
            ? v
            : throw new InputException($"{parent}.{name} is {EosJson.Format(v)}; an efficiency must be > 0 and ≤ 1", source, elementId: id, field: $"{parent}.{name}");
    }

    private static double Percentage(JsonElement obj, string parent, string source, string id, string name, double fallback)
    {
        var v = EosJson.Number(obj, parent, source, name, null, fallback);
        return v >= 0 && v <= 100
            ? v
            : throw new InputException($"{parent}.{name} is {EosJson.Format(v)}; a SoC percentage must be within 0…100", source, elementId: id, field: $"{parent}.{name}");
    }

    private static double?[] ParseOptionalNumbers(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{path} must be an array of numbers or nulls, found {EosJson.Kind(element)}", source);
        }

        var values = new double?[element.GetArrayLength()];
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            values[i] = item.ValueKind == JsonValueKind.Null ? null : EosJson.Number(item, $"{path}[{i}]", source);
            i++;
        }

        return values;
    }
}
