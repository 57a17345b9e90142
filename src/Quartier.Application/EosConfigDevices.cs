using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Resources.Eos;

namespace Quartier.Application;

/// <summary>
/// Puts the devices of an EOS configuration (<c>quartier run --eos-config FILE [--eos-home NAME]</c>) into one home of
/// an ESDL system: each of <c>devices.batteries</c> becomes a Battery (capacity, efficiencies, power, SoC bounds and
/// initial SoC as EOS gives them, run in SELF_CONSUMPTION), each of <c>devices.home_appliances</c> a PPBC GenericConsumer
/// that starts itself once a day as early as its <c>time_windows</c> allow. Electric vehicles (EOS's configuration has
/// no plug-in times) and inverters are named in a note and not added.
/// </summary>
public static class EosConfigDevices
{
    /// <summary>
    /// A copy of <paramref name="system"/> with the devices added to the building of the EConnection named (or with the id)
    /// <paramref name="home"/>, by default the first building with an EConnection.
    /// </summary>
    public static EnergySystem AddTo(EnergySystem system, EosDeviceConfig config, string? home, string source, ICollection<Diagnostic> notes)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(notes);
        var connections = system.OfKind(AssetKind.EConnection).Where(c => c.Building is not null).ToList();
        var connection = home is null
            ? connections.FirstOrDefault() ?? throw new InputException("the system has no EConnection inside a building to put the EOS devices in", source, field: "eos-config")
            : connections.FirstOrDefault(c => c.Name == home || c.Id == home || c.Building!.Name == home || c.Building.Id == home)
                ?? throw new InputException($"no home '{home}' (an EConnection or building); homes: {string.Join(", ", connections.Select(c => c.Name).Take(20))}", source, field: "eos-home");
        var building = connection.Building!;
        if (config.Batteries.Count > 1 || (config.Batteries.Count == 1 && building.Children.Any(c => c.Kind == AssetKind.Battery)))
        {
            throw new InputException($"home '{connection.Name}' would have {config.Batteries.Count + building.Children.Count(c => c.Kind == AssetKind.Battery)} batteries; its EMS dispatches at most one", source, field: "devices.batteries");
        }

        var added = new List<Asset>();
        foreach (var b in config.Batteries)
        {
            var s = b.Spec;
            var attributes = new Dictionary<string, string>
            {
                ["capacity"] = Num(s.CapacityWh * 3600),
                ["fillLevel"] = Num(s.InitialSoc),
                ["chargeEfficiency"] = Num(s.ChargeEfficiency),
                ["dischargeEfficiency"] = Num(s.DischargeEfficiency),
                ["maxChargeRate"] = Num(s.MaxChargePowerW),
                ["maxDischargeRate"] = Num(s.DischargeLimitW),
            };
            var description = JsonSerializer.Serialize(new { min_soc = s.MinSoc, max_soc = s.MaxSoc });
            added.Add(NewAsset(b.Id, "Battery", AssetKind.Battery, attributes, description, building, source));
        }

        foreach (var a in config.HomeAppliances)
        {
            JsonElement? windows = a.TimeWindows is null ? null : JsonSerializer.SerializeToElement(new
            {
                windows = a.TimeWindows.Windows.Select(w => new
                {
                    start_time = w.StartTime.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
                    duration = $"{w.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds",
                    day_of_week = w.Weekday?.ToString(),
                    date = w.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }),
            }, SkipNulls);
            var description = JsonSerializer.Serialize(new { control_type = "PPBC", consumption_wh = a.ConsumptionWh, duration_h = a.DurationH, time_windows = windows });
            added.Add(NewAsset(a.Id, "GenericConsumer", AssetKind.GenericConsumer, new Dictionary<string, string>(), description, building, source));
        }

        foreach (var asset in added)
        {
            if (system.AssetsById.ContainsKey(asset.Id))
            {
                throw new InputException($"EOS device '{asset.Id}' has the id of an asset already in the system; give it another device_id", source, elementId: asset.Id);
            }

            building.AddChild(asset);
        }

        notes.Add(Diagnostic.Note($"EOS configuration {source}: {config.Batteries.Count} battery(ies) and {config.HomeAppliances.Count} home appliance(s) added to home '{connection.Name}'", "eos-config"));
        if (config.ElectricVehicles.Count + config.Inverters.Count > 0)
        {
            notes.Add(Diagnostic.Note($"EOS configuration {source}: {config.ElectricVehicles.Count} electric vehicle(s) and {config.Inverters.Count} inverter(s) not added (an EOS configuration has no plug-in times; a run's inverter is the PV service)", "eos-config"));
        }

        return system.WithAssets([.. system.Assets, .. added]);
    }

    private static Asset NewAsset(string id, string type, AssetKind kind, Dictionary<string, string> attributes, string description, Asset building, string source)
    {
        attributes["description"] = description;
        using var json = JsonDocument.Parse(description);
        return new Asset(id, id, type, kind, attributes, file: source) { Building = building, Parameters = json.RootElement.Clone() };
    }

    private static readonly JsonSerializerOptions SkipNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
