using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;

namespace Quartier.Server.Eos;

/// <summary>The read-only fields EOS computes from the settings (measurement keys, providers, paths) and the solution's columns.</summary>
public sealed partial class EosConfig
{
    private void Decorate(JsonObject tree)
    {
        var general = tree["general"]!.AsObject();
        general["version"] = Version;
        general["timezone"] = TimeZoneInfo.Local.Id;
        general["config_folder_path"] = Path.GetDirectoryName(File);
        general["config_file_path"] = File;
        var dataFolder = EosNodes.AsText(general["data_folder_path"]);
        dataFolder ??= Path.GetDirectoryName(File)!;
        general["data_folder_path"] = dataFolder;
        general["data_output_path"] = Path.Combine(dataFolder, general["data_output_subpath"]?.GetValue<string>() ?? "output");
        tree["database"]!["providers"] = new JsonArray();
        tree["logging"]!["file_path"] = null;

        var devices = tree["devices"]!.AsObject();
        var deviceKeys = new JsonArray();
        foreach (var (section, defaults) in DeviceDefaults)
        {
            if (devices[section] is not JsonArray items)
            {
                continue;
            }

            for (int i = 0; i < items.Count; i++)
            {
                var item = (JsonObject)defaults.DeepClone();
                MergeInto(item, items[i]!.AsObject());
                var id = EosNodes.AsText(item["device_id"]) ?? "<unknown>";
                var keys = DeviceKeys(section, id).ToList();
                if (section is "batteries" or "electric_vehicles")
                {
                    item["measurement_key_soc_factor"] = keys[0];
                    item["measurement_key_power_l1_w"] = keys[1];
                    item["measurement_key_power_l2_w"] = keys[2];
                    item["measurement_key_power_l3_w"] = keys[3];
                    item["measurement_key_power_3_phase_sym_w"] = keys[4];
                }

                item["measurement_keys"] = EosNodes.Array(keys.Select(k => (JsonNode?)k));
                foreach (var k in keys)
                {
                    deviceKeys.Add(k);
                }

                items[i] = item;
            }
        }

        devices["measurement_keys"] = deviceKeys;
        var measurement = tree["measurement"]!.AsObject();
        var all = new JsonArray();
        foreach (var name in (string[])["load_emr_keys", "grid_import_emr_keys", "grid_export_emr_keys", "pv_production_emr_keys"])
        {
            if (measurement[name] is JsonArray list)
            {
                foreach (var k in list)
                {
                    all.Add(k?.DeepClone());
                }
            }
        }

        foreach (var k in deviceKeys)
        {
            all.Add(k?.DeepClone());
        }

        measurement["keys"] = all;
        var optimization = tree["optimization"]!.AsObject();
        optimization["keys"] = EosNodes.Array(EosSolutionColumns(Devices).Select(k => (JsonNode?)k));
        optimization["horizon"] = (int)((EosNodes.AsDouble(optimization["horizon_hours"]) ?? 24) * 3600 / (EosNodes.AsDouble(optimization["interval"]) ?? 3600));
        foreach (var (section, providers) in EosPredictionProviders.BySection)
        {
            tree[section]!["providers"] = EosNodes.Array(providers.Select(p => (JsonNode?)p));
        }

        var pv = tree["pvforecast"]!.AsObject();
        var planes = pv["planes"] as JsonArray ?? [];
        pv["planes_peakpower"] = EosNodes.Array(planes.Select(p => p?["peakpower"]?.DeepClone() ?? JsonValue.Create(0.0)));
        pv["planes_azimuth"] = EosNodes.Array(planes.Select(p => p?["surface_azimuth"]?.DeepClone() ?? JsonValue.Create(180.0)));
        pv["planes_tilt"] = EosNodes.Array(planes.Select(p => p?["surface_tilt"]?.DeepClone() ?? JsonValue.Create(30.0)));
        pv["planes_userhorizon"] = EosNodes.Array(planes.Select(p => p?["userhorizon"]?.DeepClone()));
        pv["planes_inverter_paco"] = EosNodes.Array(planes.Select(p => p?["inverter_paco"]?.DeepClone() ?? JsonValue.Create(0)));
        var adapter = tree["adapter"]!.AsObject();
        adapter["providers"] = new JsonArray();
        if (adapter["homeassistant"] is JsonObject ha)
        {
            ha["homeassistant_entity_ids"] = new JsonArray();
            ha["eos_solution_entity_ids"] = new JsonArray();
            ha["eos_device_instruction_entity_ids"] = new JsonArray();
        }
    }

    /// <summary>The columns of the optimisation solution's data frame for these devices.</summary>
    public static IEnumerable<string> EosSolutionColumns(EosDeviceConfig devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        foreach (var c in (string[])["load_energy_wh", "grid_energy_wh", "costs_amt", "revenue_amt", "losses_energy_wh"])
        {
            yield return c;
        }

        foreach (var id in devices.Batteries.Select(b => b.Id).Concat(devices.ElectricVehicles.Select(e => e.Id)))
        {
            yield return id + "_operation_mode_id";
            yield return id + "_operation_mode_factor";
            yield return id + "_soc_factor";
            yield return id + "_energy_wh";
        }

        foreach (var a in devices.HomeAppliances)
        {
            yield return a.Id + "_energy_wh";
        }
    }
}
