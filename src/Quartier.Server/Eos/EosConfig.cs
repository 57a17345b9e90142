using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;

namespace Quartier.Server.Eos;

/// <summary>
/// EOS's configuration tree (<c>ConfigEOS</c>): EOS's defaults, the settings a client made (what
/// <c>PUT /v1/config/file</c> saves), and the read-only fields EOS computes (measurement keys, providers, paths).
/// Every change is checked before it is taken: unknown keys, wrong JSON types and device settings that
/// <see cref="EosDeviceConfig"/> refuses leave the configuration as it was. Not thread-safe; <see cref="EosState"/> locks.
/// </summary>
public sealed partial class EosConfig
{
    /// <summary>The EOS version this API follows (<c>openapi.json</c> 0.3.0.dev).</summary>
    public const string Version = "0.3.0.dev";

    private static readonly JsonObject Defaults = LoadDefaults();

    private static readonly Dictionary<string, JsonObject> DeviceDefaults = new(StringComparer.Ordinal)
    {
        ["batteries"] = BatteryDefaults(),
        ["electric_vehicles"] = BatteryDefaults(),
        ["inverters"] = new JsonObject { ["device_id"] = "<unknown>", ["max_power_w"] = null, ["battery_id"] = null, ["ac_to_dc_efficiency"] = 1.0, ["dc_to_ac_efficiency"] = 1.0, ["max_ac_charge_power_w"] = null },
        ["home_appliances"] = new JsonObject { ["device_id"] = "<unknown>", ["consumption_wh"] = null, ["duration_h"] = null, ["time_windows"] = null },
    };

    private static readonly HashSet<string> PlaneKeys = new(StringComparer.Ordinal)
    {
        "surface_tilt", "surface_azimuth", "userhorizon", "peakpower", "pvtechchoice", "mountingplace", "loss", "trackingtype",
        "optimal_surface_tilt", "optimalangles", "albedo", "module_model", "inverter_model", "inverter_paco", "modules_per_string", "strings_per_inverter",
    };

    private static readonly string[] PowerKeySuffixes = ["power-l1-w", "power-l2-w", "power-l3-w", "power-3-phase-sym-w"];

    private JsonObject _settings = [];

    /// <summary>A configuration read from <paramref name="file"/> when it exists, else EOS's defaults.</summary>
    /// <exception cref="InputException">The file exists but is not a valid EOS configuration (names the file and the key).</exception>
    public EosConfig(string file)
    {
        File = Path.GetFullPath(file);
        Reset();
    }

    /// <summary>The configuration file (absolute).</summary>
    public string File { get; }

    /// <summary>The devices as Quartier reads them.</summary>
    public EosDeviceConfig Devices { get; private set; } = new([], [], [], []);

    /// <summary>Counts every accepted change (the energy manager rebuilds its resources when it moves).</summary>
    public int Revision { get; private set; }

    /// <summary>The whole configuration with EOS's defaults and computed fields (<c>ConfigEOS</c>).</summary>
    public JsonObject Current()
    {
        var tree = (JsonObject)Defaults.DeepClone();
        MergeInto(tree, _settings);
        Decorate(tree);
        return tree;
    }

    /// <summary>The value at <paramref name="path"/> (<c>general/latitude</c>, <c>devices/batteries/0/capacity_wh</c>).</summary>
    /// <exception cref="KeyNotFoundException">No such path.</exception>
    public JsonNode? Get(string path)
    {
        JsonNode? node = Current();
        foreach (var segment in Segments(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(segment, out var child) => child,
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => throw new KeyNotFoundException($"configuration path '{path}' does not exist (at '{segment}')"),
            };
        }

        return node?.DeepClone();
    }

    /// <summary>Merges a <c>SettingsEOS</c> document (sections and keys optional; lists replace lists).</summary>
    /// <exception cref="InputException">An unknown key, a wrong type or invalid devices; nothing is changed.</exception>
    public void Merge(JsonNode? body, string source)
    {
        if (body is not JsonObject update)
        {
            throw new InputException($"the settings must be a JSON object, not {Kind(body)}", source);
        }

        var settings = (JsonObject)_settings.DeepClone();
        Check(update, Defaults, string.Empty, source);
        MergeInto(settings, update);
        Commit(settings, source);
    }

    /// <summary>Sets one value (<paramref name="value"/> may be null).</summary>
    /// <exception cref="KeyNotFoundException">The path does not exist in EOS's configuration.</exception>
    /// <exception cref="InputException">The value has the wrong type or makes the devices invalid; nothing is changed.</exception>
    public void Set(string path, JsonNode? value, string source)
    {
        var segments = Segments(path);
        if (segments.Length == 0)
        {
            Merge(value, source);
            return;
        }

        var full = Current();
        JsonNode parent = full;
        JsonNode? schema = Defaults;
        for (int k = 0; k < segments.Length - 1; k++)
        {
            parent = Child(parent, segments[k], path) ?? throw new KeyNotFoundException($"configuration path '{path}' does not exist: '{string.Join('/', segments[..(k + 1)])}' is null");
            schema = schema is JsonObject so && so.TryGetPropertyValue(segments[k], out var sc) ? sc : null;
        }

        var last = segments[^1];
        switch (parent)
        {
            case JsonObject o:
                if (schema is JsonObject known && !known.ContainsKey(last))
                {
                    throw new KeyNotFoundException($"configuration path '{path}' does not exist; '{string.Join('/', segments[..^1])}' has {string.Join(", ", known.Select(p => p.Key))}");
                }

                if (schema is JsonObject typed && typed.TryGetPropertyValue(last, out var def))
                {
                    value = CheckValue(value, def, path.Replace('/', '.'), source);
                }

                o[last] = value?.DeepClone();
                break;
            case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                if (i == a.Count)
                {
                    a.Add(value?.DeepClone());
                }
                else
                {
                    a[i] = value?.DeepClone();
                }

                break;
            default:
                throw new KeyNotFoundException($"configuration path '{path}' does not exist (at '{last}')");
        }

        if (EosNodes.AsText(full["general"]?["data_folder_path"]) == Path.GetDirectoryName(File) && _settings["general"]?["data_folder_path"] is null)
        {
            full["general"]!["data_folder_path"] = null;
        }

        Commit(Strip(full), source);
    }

    /// <summary>Back to the file's settings (or EOS's defaults when there is no file).</summary>
    /// <exception cref="InputException">The file is not a valid configuration.</exception>
    public void Reset()
    {
        Commit(System.IO.File.Exists(File) ? ReadSettings(File) : [], File);
    }

    /// <summary>
    /// Writes the settings to <see cref="File"/> (EOS's <c>PUT /v1/config/file</c>) with <c>general.version</c>; a file
    /// already there with other content is kept first as a backup (<see cref="Backups"/>).
    /// </summary>
    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        var saved = (JsonObject)_settings.DeepClone();
        var general = saved["general"] as JsonObject ?? [];
        saved.Remove("general");
        general["version"] = Version;
        saved["general"] = general;
        var text = saved.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (System.IO.File.Exists(File) && System.IO.File.ReadAllText(File) != text)
        {
            Backup();
        }

        var temp = File + ".tmp";
        System.IO.File.WriteAllText(temp, text);
        System.IO.File.Move(temp, File, overwrite: true);
    }

    /// <summary>A number at <paramref name="path"/>, or <paramref name="fallback"/> when null or absent.</summary>
    public double Number(string path, double fallback)
    {
        try
        {
            return EosNodes.AsDouble(Get(path)) ?? fallback;
        }
        catch (KeyNotFoundException)
        {
            return fallback;
        }
    }

    /// <summary>A text at <paramref name="path"/>, or null.</summary>
    public string? Text(string path)
    {
        try
        {
            return EosNodes.AsText(Get(path));
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The per-device measurement keys EOS defines (<c>battery1-soc-factor</c>, <c>battery1-power-l1-w</c>, …).</summary>
    public static IEnumerable<string> DeviceKeys(string section, string id)
    {
        if (section is "batteries" or "electric_vehicles")
        {
            yield return id + "-soc-factor";
        }

        if (section != "inverters")
        {
            foreach (var s in PowerKeySuffixes)
            {
                yield return id + "-" + s;
            }
        }
    }

    /// <summary>Every measurement key: the configured meter keys and the devices' keys.</summary>
    public IReadOnlyList<string> MeasurementKeys() =>
        Current()["measurement"]!["keys"]!.AsArray().Select(k => EosNodes.AsText(k) ?? string.Empty).ToList();

    internal static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a text",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "true/false",
            _ => "null",
        },
        _ => "a value",
    };

    private static string[] Segments(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static JsonNode? Child(JsonNode parent, string segment, string path) => parent switch
    {
        JsonObject o when o.TryGetPropertyValue(segment, out var c) => c,
        JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => throw new KeyNotFoundException($"configuration path '{path}' does not exist (at '{segment}')"),
    };

    private void Commit(JsonObject settings, string source)
    {
        var merged = (JsonObject)Defaults.DeepClone();
        MergeInto(merged, settings);
        var devices = merged["devices"] as JsonObject ?? [];
        foreach (var (section, defaults) in DeviceDefaults)
        {
            if (devices[section] is JsonArray items)
            {
                for (int i = 0; i < items.Count; i++)
                {
                    if (items[i] is not JsonObject item)
                    {
                        throw new InputException($"devices.{section}[{i}] must be an object, not {Kind(items[i])}", source, field: $"devices.{section}[{i}]");
                    }

                    foreach (var (key, _) in item)
                    {
                        if (!defaults.ContainsKey(key) && key != "initial_soc_percentage" && !key.StartsWith("measurement_key", StringComparison.Ordinal))
                        {
                            throw new InputException($"devices.{section}[{i}].{key} is not an EOS device setting; known: {string.Join(", ", defaults.Select(d => d.Key))}", source, field: $"devices.{section}[{i}].{key}");
                        }
                    }
                }
            }
        }

        if (merged["pvforecast"]?["planes"] is JsonArray planes)
        {
            for (int i = 0; i < planes.Count; i++)
            {
                foreach (var (key, _) in planes[i] as JsonObject ?? throw new InputException($"pvforecast.planes[{i}] must be an object", source, field: $"pvforecast.planes[{i}]"))
                {
                    if (!PlaneKeys.Contains(key))
                    {
                        throw new InputException($"pvforecast.planes[{i}].{key} is not an EOS plane setting; known: {string.Join(", ", PlaneKeys)}", source, field: $"pvforecast.planes[{i}].{key}");
                    }
                }
            }
        }

        CheckRange(merged, "general", "latitude", -90, 90, source);
        CheckRange(merged, "general", "longitude", -180, 180, source);
        CheckRange(merged, "ems", "interval", 1, 86_400, source);
        CheckRange(merged, "ems", "startup_delay", 0, 86_400, source);
        CheckRange(merged, "optimization", "horizon_hours", 1, 48, source);
        CheckRange(merged, "prediction", "hours", 1, 192, source);
        if (merged["optimization"]?["interval"] is JsonValue iv && EosNodes.AsDouble(iv) is not (900 or 3600))
        {
            throw new InputException($"optimization.interval {iv.ToJsonString()} is not supported; the planner steps 900 (15 min) or 3600 s (1 h)", source, field: "optimization.interval");
        }

        if (merged["ems"]?["mode"] is JsonValue mode && EosNodes.AsText(mode) is not ("DISABLED" or "PREDICTION" or "OPTIMIZATION"))
        {
            throw new InputException($"ems.mode {mode.ToJsonString()} is unknown; valid: DISABLED, PREDICTION, OPTIMIZATION (or null)", source, field: "ems.mode");
        }

        var deviceJson = new JsonObject { ["devices"] = StripReadOnly(devices.DeepClone()) }.ToJsonString();
        var parsed = EosDeviceConfig.Parse(deviceJson, source);
        _settings = settings;
        Devices = parsed;
        Revision++;
    }

    private static void MergeInto(JsonObject target, JsonObject update)
    {
        foreach (var (key, value) in update)
        {
            if (value is JsonObject o && target[key] is JsonObject t)
            {
                MergeInto(t, o);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static bool IsReadOnly(string key) =>
        key is "timezone" or "data_output_path" or "config_folder_path" or "config_file_path" or "providers" or "keys" or "horizon"
            or "measurement_keys" or "file_path" or "planes_peakpower" or "planes_azimuth" or "planes_tilt" or "planes_userhorizon"
            or "planes_inverter_paco" or "homeassistant_entity_ids" or "eos_solution_entity_ids" or "eos_device_instruction_entity_ids"
        || key.StartsWith("measurement_key_", StringComparison.Ordinal);

    private static JsonNode? StripReadOnly(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (IsReadOnly(key))
                    {
                        o.Remove(key);
                    }
                    else
                    {
                        StripReadOnly(o[key]);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    StripReadOnly(item);
                }

                break;
        }

        return node;
    }

    private static void RemoveReadOnly(JsonObject settings) => StripReadOnly(settings);

    /// <summary>The settings of a full tree: what differs from the defaults, without computed fields.</summary>
    private static JsonObject Strip(JsonObject full)
    {
        StripReadOnly(full);
        full["general"]?.AsObject().Remove("version");
        return Diff(full, Defaults) as JsonObject ?? [];
    }

    private static JsonNode? Diff(JsonNode? value, JsonNode? def)
    {
        if (value is JsonObject o && def is JsonObject d)
        {
            var result = new JsonObject();
            foreach (var (key, v) in o)
            {
                if (!d.TryGetPropertyValue(key, out var dv))
                {
                    result[key] = v?.DeepClone();
                    continue;
                }

                var diff = Diff(v, dv);
                if (diff is not null)
                {
                    result[key] = diff;
                }
            }

            return result.Count == 0 ? null : result;
        }

        return JsonNode.DeepEquals(value, def) ? null : value?.DeepClone() ?? JsonValue.Create((string?)null);
    }

    private static JsonObject BatteryDefaults() => new()
    {
        ["device_id"] = "<unknown>",
        ["capacity_wh"] = 8000,
        ["charging_efficiency"] = 0.88,
        ["discharging_efficiency"] = 0.88,
        ["levelized_cost_of_storage_kwh"] = 0.0,
        ["max_charge_power_w"] = 5000,
        ["min_charge_power_w"] = 50,
        ["charge_rates"] = new JsonArray(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
        ["min_soc_percentage"] = 0,
        ["max_soc_percentage"] = 100,
    };

    private static JsonObject LoadDefaults()
    {
        using var stream = typeof(EosConfig).Assembly.GetManifestResourceStream("Quartier.Server.Eos.EosDefaults.json")
            ?? throw new InvalidOperationException("EosDefaults.json is not embedded");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
