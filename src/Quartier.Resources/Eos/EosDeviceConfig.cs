using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Resources.Devices;
using Quartier.Resources.Status;

namespace Quartier.Resources.Eos;

/// <summary>An EOS battery from the <c>devices.batteries</c> configuration.</summary>
public sealed record EosBatteryDevice(string Id, BatterySpec Spec, IReadOnlyList<double> ChargeRates);

/// <summary>An EOS electric vehicle from <c>devices.electric_vehicles</c>; <see cref="MinSoc"/> is the departure target (0..1).</summary>
public sealed record EosEvDevice(string Id, EvSpec Spec, double MinSoc, IReadOnlyList<double> ChargeRates);

/// <summary>An EOS inverter from <c>devices.inverters</c>.</summary>
public sealed record EosInverterDevice(string Id, double? MaxPowerW, string? BatteryId, double AcToDcEfficiency, double DcToAcEfficiency, double? MaxAcChargePowerW);

/// <summary>An EOS home appliance from <c>devices.home_appliances</c>.</summary>
public sealed record EosApplianceDevice(string Id, double ConsumptionWh, double DurationH, TimeWindowSequence? TimeWindows)
{
    /// <summary>
    /// The intervals a run may lie in over <paramref name="hours"/> from <paramref name="start"/>: every window of
    /// every day it applies to (all of the horizon without windows).
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> AllowedIntervals(DateTimeOffset start, int hours)
    {
        var end = start.AddHours(hours);
        if (TimeWindows is null)
        {
            return [(start, end)];
        }

        var result = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var day = start.Date.AddDays(-1); day < end.Date.AddDays(1); day = day.AddDays(1))
        {
            foreach (var w in TimeWindows.Windows)
            {
                if (!w.AppliesTo(day))
                {
                    continue;
                }

                var from = new DateTimeOffset(day + w.StartTime, start.Offset);
                var to = from + w.Duration;
                if (to > start && from < end)
                {
                    result.Add((from, to));
                }
            }
        }

        return result;
    }
}

/// <summary>
/// The <c>devices</c> section of an EOS configuration file (<c>EOS.config.json</c>): batteries, electric vehicles,
/// inverters and home appliances with EOS's defaults (battery 8000 Wh, efficiencies 0.88, 5000 W, SoC 0..100 %),
/// mapped onto Quartier's S2 resources.
/// </summary>
public sealed record EosDeviceConfig(
    IReadOnlyList<EosBatteryDevice> Batteries,
    IReadOnlyList<EosEvDevice> ElectricVehicles,
    IReadOnlyList<EosInverterDevice> Inverters,
    IReadOnlyList<EosApplianceDevice> HomeAppliances)
{
    private static readonly double[] DefaultRates = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>Whether a battery, electric vehicle, inverter or home appliance has the id <paramref name="deviceId"/>.</summary>
    public bool Has(string deviceId) =>
        Batteries.Any(d => d.Id == deviceId) || ElectricVehicles.Any(d => d.Id == deviceId)
        || Inverters.Any(d => d.Id == deviceId) || HomeAppliances.Any(d => d.Id == deviceId);

    /// <summary>Reads an EOS configuration file (the whole file, or only its <c>devices</c> object).</summary>
    public static EosDeviceConfig Load(string path) => Parse(EosJson.ReadFile(path, "EOS configuration"), path);

    /// <summary>Parses EOS configuration JSON; errors name the source and the JSON path.</summary>
    public static EosDeviceConfig Parse(string json, string source = "config")
    {
        using var doc = EosJson.Parse(json, source);
        var root = doc.RootElement;
        EosJson.RequireObject(root, "", source);
        var devices = root.TryGetProperty("devices", out var d) ? d : root;
        if (devices.ValueKind == JsonValueKind.Null)
        {
            return new EosDeviceConfig([], [], [], []);
        }

        EosJson.RequireObject(devices, "devices", source);
        var batteries = Items(devices, "batteries", source, (e, p, i) => new EosBatteryDevice(Id(e, p, source, $"battery{i + 1}"), BatterySpecOf(e, p, source), Rates(e, p, source)));
        var evs = Items(devices, "electric_vehicles", source, (e, p, i) =>
        {
            var spec = new EvSpec
            {
                CapacityWh = Positive(e, p, source, "capacity_wh", 8000),
                MaxChargePowerW = Positive(e, p, source, "max_charge_power_w", 5000),
                ChargeEfficiency = Efficiency(e, p, source, "charging_efficiency"),
                InitialSoc = Percent(e, p, source, "initial_soc_percentage", 0),
                MaxSoc = Percent(e, p, source, "max_soc_percentage", 100),
            };
            var id = Id(e, p, source, $"ev{i + 1}");
            Validate(() => spec.Validate(id), source, p);
            return new EosEvDevice(id, spec, Percent(e, p, source, "min_soc_percentage", 0), Rates(e, p, source));
        });
        var inverters = Items(devices, "inverters", source, (e, p, i) => new EosInverterDevice(
            Id(e, p, source, $"inverter{i + 1}"),
            EosJson.OptionalNumber(e, p, source, "max_power_w") ?? EosJson.OptionalNumber(e, p, source, "max_power_wh"),
            EosJson.OptionalString(e, p, source, "battery_id"),
            EosJson.Number(e, p, source, "ac_to_dc_efficiency", null, 1.0),
            EosJson.Number(e, p, source, "dc_to_ac_efficiency", null, 1.0),
            EosJson.OptionalNumber(e, p, source, "max_ac_charge_power_w")));
        var appliances = Items(devices, "home_appliances", source, (e, p, i) =>
        {
            TimeWindowSequence? windows = null;
            if (e.TryGetProperty("time_windows", out var tw) && tw.ValueKind != JsonValueKind.Null)
            {
                windows = TimeWindowSequence.Parse(tw.GetRawText(), $"{source}: {p}.time_windows");
            }

            return new EosApplianceDevice(Id(e, p, source, $"appliance{i + 1}"), Positive(e, p, source, "consumption_wh", double.NaN), Positive(e, p, source, "duration_h", double.NaN), windows);
        });
        foreach (var inv in inverters)
        {
            if (inv.BatteryId is { } b && !batteries.Any(x => x.Id == b))
            {
                throw new InputException($"inverter '{inv.Id}' refers to battery '{b}', which is not among devices.batteries ({string.Join(", ", batteries.Select(x => x.Id))})", source, elementId: inv.Id);
            }
        }

        return new EosDeviceConfig(batteries, evs, inverters, appliances);
    }

    /// <summary>
    /// One S2 resource per device, registered by device id, for a horizon of <paramref name="hours"/> from
    /// <paramref name="start"/> (the appliances' allowed start windows are resolved over it).
    /// </summary>
    public ResourceRegistry CreateResources(DateTimeOffset start, int hours = 48)
    {
        var registry = new ResourceRegistry();
        foreach (var b in Batteries)
        {
            registry.Add(new BatteryResource(b.Id, b.Spec));
        }

        foreach (var ev in ElectricVehicles)
        {
            registry.Add(new EvResource(ev.Id, ev.Spec));
        }

        foreach (var a in HomeAppliances)
        {
            var appliance = new HomeApplianceResource(a.Id, a.ConsumptionWh, a.DurationH, a.AllowedIntervals(start, hours));
            appliance.BeginHorizon(start, start.AddHours(hours));
            registry.Add(appliance);
        }

        return registry;
    }

    private static List<T> Items<T>(JsonElement devices, string name, string source, Func<JsonElement, string, int, T> read)
    {
        var list = new List<T>();
        if (!devices.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return list;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"devices.{name} must be a list, not {EosJson.Kind(array)}", source);
        }

        int i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var path = $"devices.{name}[{i}]";
            EosJson.RequireObject(e, path, source);
            var item = read(e, path, i);
            list.Add(item);
            i++;
        }

        return list;
    }

    private static BatterySpec BatterySpecOf(JsonElement e, string p, string source)
    {
        double power = Positive(e, p, source, "max_charge_power_w", 5000);
        var spec = new BatterySpec
        {
            CapacityWh = Positive(e, p, source, "capacity_wh", 8000),
            MaxChargePowerW = power,
            MaxDischargePowerW = power,
            ChargeEfficiency = Efficiency(e, p, source, "charging_efficiency"),
            DischargeEfficiency = Efficiency(e, p, source, "discharging_efficiency"),
            MinSoc = Percent(e, p, source, "min_soc_percentage", 0),
            MaxSoc = Percent(e, p, source, "max_soc_percentage", 100),
            InitialSoc = Percent(e, p, source, "initial_soc_percentage", 0),
        };
        var id = Id(e, p, source, "battery");
        spec = spec with { InitialSoc = Math.Clamp(spec.InitialSoc, spec.MinSoc, spec.MaxSoc) };
        Validate(() => spec.Validate(id), source, p);
        return spec;
    }

    private static string Id(JsonElement e, string p, string source, string fallback) =>
        EosJson.OptionalString(e, p, source, "device_id") ?? fallback;

    private static double Positive(JsonElement e, string p, string source, string name, double fallback)
    {
        double? v = EosJson.OptionalNumber(e, p, source, name);
        if (v is null && double.IsNaN(fallback))
        {
            throw new InputException($"{p}.{name} is required", source);
        }

        double x = v ?? fallback;
        return x > 0 ? x : throw new InputException($"{p}.{name} must be positive (got {EosJson.Format(x)})", source);
    }

    private static double Efficiency(JsonElement e, string p, string source, string name)
    {
        double x = EosJson.OptionalNumber(e, p, source, name) ?? 0.88;
        return x is > 0 and <= 1 ? x : throw new InputException($"{p}.{name} must be in (0, 1] (got {EosJson.Format(x)})", source);
    }

    private static double Percent(JsonElement e, string p, string source, string name, double fallback)
    {
        double x = EosJson.OptionalNumber(e, p, source, name) ?? fallback;
        return x is >= 0 and <= 100 ? x / 100.0 : throw new InputException($"{p}.{name} must be a percentage in 0..100 (got {EosJson.Format(x)})", source);
    }

    private static double[] Rates(JsonElement e, string p, string source)
    {
        if (!e.TryGetProperty("charge_rates", out var r) || r.ValueKind == JsonValueKind.Null)
        {
            return DefaultRates;
        }

        var rates = EosJson.NumberArray(r, $"{p}.charge_rates", source);
        foreach (var x in rates)
        {
            if (x is < 0 or > 1)
            {
                throw new InputException($"{p}.charge_rates: {EosJson.Format(x)} is outside 0..1", source);
            }
        }

        return [.. rates.Distinct().Order()];
    }

    private static void Validate(Action validate, string source, string path)
    {
        try
        {
            validate();
        }
        catch (InputException ex)
        {
            throw new InputException($"{path}: {ex.Message}", source, inner: ex);
        }
    }
}
