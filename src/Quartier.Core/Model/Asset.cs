using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;

namespace Quartier.Core.Model;

/// <summary>
/// One ESDL asset (or global object such as EnvironmentalProfiles or EnergyMarket): its identity, type,
/// attributes as written, ports, the building it sits in, and DOTS's JSON parameters from its description.
/// </summary>
public sealed class Asset
{
    private readonly Dictionary<string, string> _attributes;
    private readonly List<Port> _ports = [];
    private readonly Dictionary<string, Profile> _profiles = new(StringComparer.Ordinal);
    private readonly List<Asset> _children = [];

    public Asset(string id, string? name, string type, AssetKind kind, IDictionary<string, string> attributes, int line = 0, string? file = null)
    {
        Id = id;
        Name = string.IsNullOrEmpty(name) ? id : name;
        Type = type;
        Kind = kind;
        _attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        Line = line;
        File = file;
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The ESDL type name without prefix, e.g. <c>PVInstallation</c>.</summary>
    public string Type { get; }

    public AssetKind Kind { get; }

    public int Line { get; }

    public string? File { get; }

    public IReadOnlyDictionary<string, string> Attributes => _attributes;

    public IReadOnlyList<Port> Ports => _ports;

    /// <summary>Profiles held by the asset itself by role, e.g. <c>outsideTemperatureProfile</c> or <c>marketPrice</c>.</summary>
    public IReadOnlyDictionary<string, Profile> Profiles => _profiles;

    /// <summary>Assets nested inside this one (a Building's assets).</summary>
    public IReadOnlyList<Asset> Children => _children;

    /// <summary>The building this asset is in, if any.</summary>
    public Asset? Building { get; init; }

    /// <summary>Global objects (weather, markets) are visible to every asset.</summary>
    public bool IsGlobal => Kind is AssetKind.EnvironmentalProfiles or AssetKind.EnergyMarket;

    public string? Description => _attributes.GetValueOrDefault("description");

    /// <summary>DOTS keeps model parameters as a JSON object in <c>description</c>; null when it is plain text.</summary>
    public JsonElement? Parameters { get; init; }

    public void AddPort(Port port) => _ports.Add(port);

    public void AddProfile(string role, Profile profile) => _profiles[role] = profile;

    public void AddChild(Asset child) => _children.Add(child);

    public string? Attribute(string name) => _attributes.GetValueOrDefault(name);

    public double? OptionalDouble(string name)
    {
        var s = Attribute(name);
        if (s is null)
        {
            return null;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw Error($"attribute '{name}' = '{s}' is not a number", name);
        }

        return v;
    }

    public double RequiredDouble(string name) => OptionalDouble(name) ?? throw Error($"{Type} '{Name}' has no '{name}' attribute", name);

    public double DoubleOr(string name, double fallback) => OptionalDouble(name) ?? fallback;

    /// <summary>A number from the description JSON, or <paramref name="fallback"/>.</summary>
    public double ParameterOr(string key, double fallback)
    {
        if (Parameters is { } p && p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
        {
            return v.GetDouble();
        }

        return fallback;
    }

    public double RequiredParameter(string key)
    {
        if (Parameters is { } p && p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number)
        {
            return v.GetDouble();
        }

        throw Error($"{Type} '{Name}' description JSON has no number '{key}'");
    }

    public double[] ParameterArray(string key)
    {
        if (Parameters is { } p && p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array)
        {
            var result = new double[v.GetArrayLength()];
            int i = 0;
            foreach (var e in v.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number)
                {
                    throw Error($"description JSON '{key}' holds a non-number");
                }

                result[i++] = e.GetDouble();
            }

            return result;
        }

        return [];
    }

    public bool ParameterFlag(string key, bool fallback)
    {
        if (Parameters is { } p && p.TryGetProperty(key, out var v))
        {
            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => fallback,
            };
        }

        return fallback;
    }

    public string? ParameterString(string key)
    {
        if (Parameters is { } p && p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        return null;
    }

    public InputException Error(string message, string? field = null) => new(message, File, Line == 0 ? null : Line, Id, field: field);

    public override string ToString() => $"{Type} '{Name}' ({Id})";
}
