using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Esdl;

/// <summary>
/// Reads an ESDL energy system (XMI/XML) into Quartier's model. Malformed XML, dangling references and
/// missing required attributes throw an <see cref="InputException"/> naming the line and element id;
/// unknown asset types become warnings and are skipped.
/// </summary>
public sealed class EsdlReader
{
    public const string EsdlNamespace = "http://www.tno.nl/esdl";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private readonly string? _file;
    private readonly List<string> _warnings = [];
    private readonly List<Asset> _assets = [];
    private readonly Dictionary<string, Asset> _assetsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Port> _portsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QuantityAndUnit> _units = new(StringComparer.Ordinal);
    private readonly List<(XElement Element, Action<QuantityAndUnit> Bind, string Reference)> _pendingUnitRefs = [];
    private readonly HashSet<string> _skippedPortIds = new(StringComparer.Ordinal);

    private EsdlReader(string? file) => _file = file;

    public static EnergySystem ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException("file not found", path);
        }

        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static EnergySystem ReadString(string xml, string? name = null)
    {
        using var reader = new StringReader(xml);
        return new EsdlReader(name).Parse(reader);
    }

    public static EnergySystem Read(Stream stream, string? name = null)
    {
        using var reader = new StreamReader(stream);
        return new EsdlReader(name).Parse(reader);
    }

    private EnergySystem Parse(TextReader text)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var xml = XmlReader.Create(text, settings);
            doc = XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new InputException($"malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", _file, ex.LineNumber, inner: ex);
        }

        var root = doc.Root ?? throw Error("empty document", null);
        if (root.Name.LocalName != "EnergySystem" || root.Name.NamespaceName != EsdlNamespace)
        {
            throw Error($"root element is <{root.Name.LocalName}> in namespace '{root.Name.NamespaceName}', expected ESDL <EnergySystem> in '{EsdlNamespace}'", root);
        }

        var info = Child(root, "energySystemInformation");
        var carriers = new List<Carrier>();
        if (info is not null)
        {
            ReadQuantityAndUnits(info);
            ReadCarriers(info, carriers);
            foreach (var env in Children(info, "environmentalProfiles"))
            {
                ReadGlobalObject(env, "EnvironmentalProfiles");
            }
        }

        foreach (var services in Children(root, "services"))
        {
            foreach (var service in Children(services, "service"))
            {
                var type = TypeName(service);
                if (type == "EnergyMarket")
                {
                    ReadGlobalObject(service, type);
                }
                else
                {
                    Warn(service, $"service type '{type}' is not simulated; skipped");
                }
            }
        }

        var measures = new List<Measure>();
        foreach (var ms in Children(root, "measures"))
        {
            foreach (var m in Children(ms, "measure"))
            {
                measures.Add(ReadMeasure(m));
            }
        }

        var instances = new List<Instance>();
        foreach (var inst in Children(root, "instance"))
        {
            var areaElement = Child(inst, "area");
            var area = areaElement is null ? null : ReadArea(areaElement);
            instances.Add(new Instance(Attr(inst, "id") ?? string.Empty, Attr(inst, "name") ?? string.Empty, area));
        }

        foreach (var (element, bind, reference) in _pendingUnitRefs)
        {
            if (!_units.TryGetValue(reference, out var unit))
            {
                throw Error($"QuantityAndUnitReference to '{reference}', which is not defined in energySystemInformation/quantityAndUnits", element, reference);
            }

            bind(unit);
        }

        ResolveConnections();

        return new EnergySystem
        {
            Id = Attr(root, "id") ?? string.Empty,
            Name = Attr(root, "name") ?? Path.GetFileNameWithoutExtension(_file ?? "esdl"),
            Description = Attr(root, "description"),
            SourceFile = _file,
            Instances = instances,
            Assets = _assets,
            AssetsById = _assetsById,
            PortsById = _portsById,
            Carriers = carriers,
            QuantityAndUnits = _units,
            Measures = measures,
            Warnings = _warnings,
        };
    }

    private void ReadQuantityAndUnits(XElement info)
    {
        foreach (var container in Children(info, "quantityAndUnits"))
        {
            foreach (var q in Children(container, "quantityAndUnit"))
            {
                var unit = ReadQuantityAndUnitType(q);
                var id = unit.Id ?? throw Error("quantityAndUnit has no id", q);
                _units[id] = unit;
            }
        }
    }

    private void ReadCarriers(XElement info, List<Carrier> carriers)
    {
        foreach (var container in Children(info, "carriers"))
        {
            foreach (var c in Children(container, "carrier"))
            {
                var id = Attr(c, "id") ?? throw Error("carrier has no id", c);
                double? voltage = Attr(c, "voltage") is { } v ? ParseDouble(v, c, "voltage") : null;
                carriers.Add(new Carrier(id, Attr(c, "name") ?? id, TypeName(c), voltage));
            }
        }
    }

    private void ReadGlobalObject(XElement element, string type)
    {
        var kind = Enum.Parse<AssetKind>(type);
        var asset = NewAsset(element, type, kind, building: null);
        foreach (var child in element.Elements())
        {
            if (child.Attribute(Xsi + "type") is not null && IsProfileType(TypeName(child)))
            {
                asset.AddProfile(child.Name.LocalName, ReadProfile(child, asset.Id));
            }
        }

        Register(asset, element);
    }

    private Measure ReadMeasure(XElement m)
    {
        var costs = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var ci in Children(m, "costInformation"))
        {
            foreach (var cost in ci.Elements())
            {
                var value = Attr(cost, "value");
                if (value is not null)
                {
                    costs[Attr(cost, "name") ?? cost.Name.LocalName] = ParseDouble(value, cost, "value");
                }
            }
        }

        return new Measure(Attr(m, "id") ?? string.Empty, Attr(m, "name") ?? string.Empty, Attr(m, "description"), costs);
    }

    private Area ReadArea(XElement element)
    {
        var area = new Area(Attr(element, "id") ?? string.Empty, Attr(element, "name") ?? string.Empty);
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "asset":
                    if (ReadAsset(child, building: null) is { } asset)
                    {
                        area.Assets.Add(asset);
                    }

                    break;
                case "area":
                    area.Areas.Add(ReadArea(child));
                    break;
            }
        }

        return area;
    }

    private Asset? ReadAsset(XElement element, Asset? building)
    {
        var type = TypeName(element);
        if (!Enum.TryParse<AssetKind>(type, out var kind) || kind == AssetKind.Unknown || kind is AssetKind.EnvironmentalProfiles or AssetKind.EnergyMarket)
        {
            Warn(element, $"unknown asset type '{type}' (id '{Attr(element, "id")}') skipped");

            // Connections to the skipped asset's ports are dropped with it rather than reported as dangling.
            foreach (var port in element.Descendants().Where(e => e.Name.LocalName == "port"))
            {
                if (Attr(port, "id") is { } portId)
                {
                    _skippedPortIds.Add(portId);
                }
            }

            return null;
        }

        var asset = NewAsset(element, type, kind, building);
        CheckRequired(asset, element);

        // Registered before its content, so a building precedes what it contains (document order).
        Register(asset, element);
        foreach (var child in element.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "port":
                    ReadPort(child, asset);
                    break;
                case "asset" when kind == AssetKind.Building:
                    if (ReadAsset(child, asset) is { } nested)
                    {
                        asset.AddChild(nested);
                    }

                    break;
            }
        }

        return asset;
    }

    private Asset NewAsset(XElement element, string type, AssetKind kind, Asset? building)
    {
        var id = Attr(element, "id");
        if (string.IsNullOrEmpty(id))
        {
            throw Error($"{type} '{Attr(element, "name")}' has no id attribute", element);
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in element.Attributes())
        {
            if (a.Name.Namespace == XNamespace.None)
            {
                attributes[a.Name.LocalName] = a.Value;
            }
        }

        JsonElement? parameters = null;
        var description = attributes.GetValueOrDefault("description")?.Trim();
        if (description is { Length: > 0 } && description[0] == '{')
        {
            try
            {
                using var json = JsonDocument.Parse(description);
                parameters = json.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw Error($"description of {type} '{Attr(element, "name")}' looks like JSON but is not valid: {ex.Message}", element, id);
            }
        }

        var asset = new Asset(id, Attr(element, "name"), type, kind, attributes, LineOf(element), _file) { Building = building, Parameters = parameters };
        return asset;
    }

    private void Register(Asset asset, XElement element)
    {
        if (!_assetsById.TryAdd(asset.Id, asset))
        {
            throw Error($"duplicate id '{asset.Id}' (first at line {_assetsById[asset.Id].Line})", element, asset.Id);
        }

        _assets.Add(asset);
    }

    private void CheckRequired(Asset asset, XElement element)
    {
        void Require(params string[] names)
        {
            foreach (var name in names)
            {
                if (asset.Attribute(name) is null)
                {
                    throw Error($"{asset.Type} '{asset.Name}' lacks the required attribute '{name}'", element, asset.Id);
                }

                _ = asset.RequiredDouble(name);
            }
        }

        switch (asset.Kind)
        {
            case AssetKind.Battery:
                Require("capacity");
                if (asset.RequiredDouble("capacity") <= 0)
                {
                    throw Error($"Battery '{asset.Name}' capacity must be positive (J)", element, asset.Id);
                }

                if (asset.OptionalDouble("fillLevel") is { } f && (f < 0 || f > 1))
                {
                    throw Error($"Battery '{asset.Name}' fillLevel {f} must be a ratio in 0..1", element, asset.Id);
                }

                break;
            case AssetKind.PVInstallation:
                if (asset.Attribute("power") is null)
                {
                    Require("surfaceArea", "panelEfficiency");
                }

                break;
            case AssetKind.EVChargingStation:
                Require("power");
                break;
            case AssetKind.HybridHeatPump:
                Require("heatPumpThermalPower");
                break;
            case AssetKind.HeatPump:
                if (asset.Attribute("power") is null)
                {
                    Require("heatPumpThermalPower");
                }

                break;
        }
    }

    private void ReadPort(XElement element, Asset asset)
    {
        var id = Attr(element, "id");
        if (string.IsNullOrEmpty(id))
        {
            throw Error($"a port of {asset.Type} '{asset.Name}' has no id", element, asset.Id);
        }

        var direction = TypeName(element) switch
        {
            "InPort" => PortDirection.In,
            "OutPort" => PortDirection.Out,
            var other => throw Error($"port '{id}' has unknown type '{other}' (InPort or OutPort expected)", element, id),
        };
        var connected = (Attr(element, "connectedTo") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var port = new Port(id, Attr(element, "name"), direction, asset, connected, Attr(element, "carrier"), LineOf(element));
        foreach (var p in Children(element, "profile"))
        {
            port.AddProfile(ReadProfile(p, id));
        }

        if (!_portsById.TryAdd(id, port))
        {
            throw Error($"duplicate port id '{id}'", element, id);
        }

        asset.AddPort(port);
    }

    private void ResolveConnections()
    {
        foreach (var port in _portsById.Values)
        {
            foreach (var target in port.ConnectedToIds)
            {
                if (_skippedPortIds.Contains(target))
                {
                    continue;
                }

                if (!_portsById.TryGetValue(target, out var other))
                {
                    throw new InputException(
                        $"port '{port.Id}' of {port.Asset.Type} '{port.Asset.Name}' is connectedTo '{target}', which is no port in this file",
                        _file,
                        port.Line,
                        port.Asset.Id);
                }

                port.Connect(other);
                other.Connect(port);
            }
        }
    }

    private static bool IsProfileType(string type) =>
        type is "DateTimeProfile" or "SingleValue" or "TimeSeriesProfile" or "InfluxDBProfile";

    private Profile ReadProfile(XElement element, string ownerId)
    {
        var type = TypeName(element);
        var id = Attr(element, "id");
        var name = Attr(element, "name");
        var line = LineOf(element);
        QuantityAndUnit? unit = null;
        var unitElement = Child(element, "profileQuantityAndUnit");
        Profile profile;
        switch (type)
        {
            case "DateTimeProfile":
                var elements = new List<(DateTime, DateTime, double)>();
                foreach (var e in Children(element, "element"))
                {
                    var from = ParseDate(Attr(e, "from") ?? throw Error("profile element has no 'from'", e, ownerId), e, ownerId);
                    var to = ParseDate(Attr(e, "to") ?? throw Error("profile element has no 'to'", e, ownerId), e, ownerId);
                    var value = ParseDouble(Attr(e, "value") ?? "0", e, "value");
                    elements.Add((from, to, value));
                }

                profile = InFile(() => new DateTimeProfile(id ?? ownerId, name, unit, line, elements));
                break;
            case "SingleValue":
                profile = new SingleValueProfile(id ?? ownerId, name, unit, line, ParseDouble(Attr(element, "value") ?? throw Error("SingleValue has no 'value'", element, id ?? ownerId), element, "value"));
                break;
            case "TimeSeriesProfile":
                var values = Attr(element, "values") is { } inline
                    ? inline.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(v => ParseDouble(v, element, "values")).ToArray()
                    : Children(element, "values").Select(v => ParseDouble(v.Value, v, "values")).ToArray();
                var start = ParseDate(Attr(element, "startDateTime") ?? throw Error("TimeSeriesProfile has no 'startDateTime'", element, id ?? ownerId), element, id ?? ownerId);
                var step = (int)ParseDouble(Attr(element, "timestep") ?? throw Error("TimeSeriesProfile has no 'timestep'", element, id ?? ownerId), element, "timestep");
                profile = InFile(() => new TimeSeriesProfile(id ?? ownerId, name, unit, line, start, step, values));
                break;
            case "InfluxDBProfile":
                var attrs = element.Attributes().Where(a => a.Name.Namespace == XNamespace.None).ToDictionary(a => a.Name.LocalName, a => a.Value, StringComparer.Ordinal);
                profile = new InfluxDbProfile(id ?? ownerId, name, unit, line, attrs);
                break;
            default:
                throw Error($"unsupported profile type '{type}'", element, id ?? ownerId);
        }

        if (unitElement is not null)
        {
            BindUnit(unitElement, profile);
        }

        return profile;
    }

    /// <summary>Profiles validate themselves without knowing the file; errors they raise get this file.</summary>
    private T InFile<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (InputException ex) when (ex.File is null && _file is not null)
        {
            throw new InputException(ex.Message, _file, ex.Line, ex.ElementId, ex);
        }
    }

    private void BindUnit(XElement unitElement, Profile profile)
    {
        void Set(QuantityAndUnit u) => profile.Unit = u;
        switch (TypeName(unitElement))
        {
            case "QuantityAndUnitReference":
                var reference = Attr(unitElement, "reference") ?? throw Error("QuantityAndUnitReference has no 'reference'", unitElement, profile.Id);
                _pendingUnitRefs.Add((unitElement, Set, reference));
                break;
            default:
                Set(ReadQuantityAndUnitType(unitElement));
                break;
        }
    }

    private QuantityAndUnit ReadQuantityAndUnitType(XElement q)
    {
        var unit = new QuantityAndUnit(
            Attr(q, "id"),
            Attr(q, "physicalQuantity") ?? "UNDEFINED",
            Attr(q, "unit") ?? "NONE",
            Attr(q, "multiplier") ?? "NONE",
            Attr(q, "perMultiplier") ?? "NONE",
            Attr(q, "perUnit") ?? "NONE",
            Attr(q, "perTimeUnit") ?? "NONE",
            Attr(q, "description"));
        try
        {
            _ = unit.Factor;
        }
        catch (FormatException ex)
        {
            throw Error(ex.Message, q, unit.Id);
        }

        return unit;
    }

    private static string TypeName(XElement element)
    {
        var type = element.Attribute(Xsi + "type")?.Value;
        if (type is null)
        {
            return element.Name.LocalName;
        }

        int colon = type.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? type[(colon + 1)..] : type;
    }

    private static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Children(XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    private static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;

    private static int LineOf(XElement element) => ((IXmlLineInfo)element).LineNumber;

    private double ParseDouble(string text, XElement element, string what)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v;
        }

        throw Error($"'{what}' = '{text}' is not a number", element);
    }

    private DateTime ParseDate(string text, XElement element, string ownerId)
    {
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
        {
            return DateTime.SpecifyKind(d, DateTimeKind.Utc);
        }

        throw Error($"'{text}' is not a date-time", element, ownerId);
    }

    private void Warn(XElement element, string message) => _warnings.Add($"{_file ?? "esdl"}:{LineOf(element)}: {message}");

    private InputException Error(string message, XElement? element, string? id = null) =>
        new(message, _file, element is null ? null : LineOf(element), id ?? (element is null ? null : Attr(element, "id")));
}
