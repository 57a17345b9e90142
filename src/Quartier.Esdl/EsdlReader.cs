using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Esdl;

/// <summary>
/// Reads an ESDL energy system (XMI/XML) into Quartier's model. The text must be UTF-8 and within
/// <see cref="InputLimits"/> (<see cref="SafeXml"/>); malformed XML, dangling or self references, missing
/// required attributes and numbers outside their physical range (<see cref="EsdlRanges"/>) throw an
/// <see cref="InputException"/> naming the line, element id and attribute; unknown asset types become
/// warnings and are skipped.
/// </summary>
public sealed partial class EsdlReader
{
    public const string EsdlNamespace = "http://www.tno.nl/esdl";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private readonly string? _file;
    private readonly List<string> _warnings = [];
    private readonly List<Asset> _assets = [];
    private readonly Dictionary<string, Asset> _assetsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Port> _portsById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QuantityAndUnit> _units = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skippedPortIds = new(StringComparer.Ordinal);

    // DateTimeProfile elements, kept out of the XML tree.
    private const int RowFrom = 0, RowTo = 1, RowValue = 2;
    private readonly XmlRows _rows = new("DateTimeProfile", "element", "from", "to", "value");

    private EsdlReader(string? file) => _file = file;

    public static EnergySystem ReadFile(string path) => ReadUtf8(InputFiles.ReadAllBytes(path, "ESDL file"), path);

    public static EnergySystem ReadString(string xml, string? name = null) => new EsdlReader(name).Parse(xml);

    /// <summary>Reads ESDL from UTF-8 bytes; an invalid byte is refused naming its line.</summary>
    public static EnergySystem ReadBytes(ReadOnlySpan<byte> utf8, string? name = null) => ReadUtf8(utf8.ToArray(), name);

    /// <summary>Reads ESDL from UTF-8 bytes without copying them; an invalid byte is refused naming its line.</summary>
    public static EnergySystem ReadUtf8(ReadOnlyMemory<byte> utf8, string? name = null)
    {
        var reader = new EsdlReader(name);
        var body = utf8.Span;
        body = body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;
        return body.TrimStart(" \t\r\n"u8).StartsWith("<"u8)
            ? reader.Parse(SafeXml.Load(utf8, name, reader._rows))
            : reader.Parse(InputFiles.DecodeUtf8(utf8.Span, name));
    }

    public static EnergySystem Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var limit = InputLimits.Current.MaxFileBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                throw InputLimits.Exceeded("the ESDL", $"{limit >> 20} MiB", InputLimits.FileMegabytesVariable, name);
            }

            buffer.Write(chunk, 0, n);
        }

        return ReadBytes(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name);
    }

    private EnergySystem Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputException("the ESDL is empty (expected an XML <esdl:EnergySystem> document)", _file, 1);
        }

        return Parse(SafeXml.Load(text, _file, _rows));
    }

    private EnergySystem Parse(XDocument doc)
    {
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
                double? voltage = Attr(c, "voltage") is { } v ? EsdlRanges.CarrierVoltage.Check(ParseDouble(v, c, "voltage"), "voltage", _file, LineOf(c), id) : null;
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
                asset.AddProfile(child.Name.LocalName, ReadProfile(child, asset.Id, child.Name.LocalName));
            }
        }

        Register(asset, element);
    }

    /// <summary>
    /// A measure's cost elements: single values (kept by name in <see cref="Measure.Costs"/> as before) and
    /// DateTimeProfile / TimeSeriesProfile costs (values in document order, with the profile's start and step where
    /// given; DOTS uses such tariff values by index and ignores the element times, so overlapping or drifting times are
    /// not an error here). A bad value is an error naming the measure.
    /// </summary>
    private Measure ReadMeasure(XElement m)
    {
        var id = Attr(m, "id") ?? string.Empty;
        var name = Attr(m, "name") ?? string.Empty;
        var costs = new Dictionary<string, double>(StringComparer.Ordinal);
        var elements = new List<MeasureCost>();
        foreach (var ci in Children(m, "costInformation"))
        {
            foreach (var cost in ci.Elements())
            {
                var key = Attr(cost, "name") ?? cost.Name.LocalName;
                try
                {
                    if (ReadMeasureCost(cost, id) is { } read)
                    {
                        elements.Add(read);
                        if (read.IsSingleValue)
                        {
                            costs[key] = read.Values[0];
                        }
                    }
                }
                catch (InputException e)
                {
                    throw new InputException($"measure '{name}' cost '{key}': {e.Message}", e.File, e.Line, id, e, e.Field);
                }
            }
        }

        return new Measure(id, name, Attr(m, "description"), costs) { CostElements = elements, File = _file, Line = LineOf(m) };
    }

    private MeasureCost? ReadMeasureCost(XElement cost, string measureId)
    {
        var role = cost.Name.LocalName;
        var name = Attr(cost, "name");
        var line = LineOf(cost);
        switch (cost.Attribute(Xsi + "type") is null ? null : TypeName(cost))
        {
            case "DateTimeProfile":
            {
                var values = new List<double>();
                DateTime? start = null;
                int? step = null;
                var rows = _rows.Of(cost);
                for (int r = rows.Start.Value; r < rows.End.Value; r++)
                {
                    int at = _rows.Line(r);

                    // EMF leaves out a value of 0.
                    values.Add(_rows.TryGet(r, RowValue, out var text) ? ParseDouble(text, at, "value", measureId) : 0);
                    if (values.Count == 1 && _rows.TryGet(r, RowFrom, out var from))
                    {
                        start = ParseDate(from, at, measureId, "from");
                        if (_rows.TryGet(r, RowTo, out var to) && ParseDate(to, at, measureId, "to") is var end && end > start)
                        {
                            step = (int)Math.Min(int.MaxValue, (end - start.Value).TotalSeconds);
                        }
                    }
                }

                if (values.Count == 0)
                {
                    throw new InputException("DateTimeProfile has no elements", _file, line, measureId);
                }

                return new MeasureCost(role, name, "DateTimeProfile", values, start, step, line);
            }

            case "TimeSeriesProfile":
            {
                var values = Attr(cost, "values") is { } inline
                    ? inline.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(v => ParseDouble(v, cost, "values", measureId)).ToArray()
                    : Children(cost, "values").Select(v => ParseDouble(v.Value, v, "values", measureId)).ToArray();
                if (values.Length == 0)
                {
                    throw new InputException("TimeSeriesProfile has no values", _file, line, measureId, field: "values");
                }

                DateTime? start = Attr(cost, "startDateTime") is { } s ? ParseDate(s, cost, measureId, "startDateTime") : null;
                int? step = null;
                if (Attr(cost, "timestep") is { } t)
                {
                    var seconds = EsdlRanges.TimeStep.Check(ParseDouble(t, cost, "timestep", measureId), "timestep", _file, line, measureId);
                    if (seconds != Math.Floor(seconds))
                    {
                        throw new InputException($"'timestep' = {seconds} is not a whole number of seconds", _file, line, measureId, field: "timestep");
                    }

                    step = (int)seconds;
                }

                return new MeasureCost(role, name, "TimeSeriesProfile", values, start, step, line);
            }

            default:
                // a SingleValue, or any cost element carrying a value (as read before); others (e.g. InfluxDBProfile) are skipped
                return Attr(cost, "value") is { } value
                    ? new MeasureCost(role, name, "SingleValue", [ParseDouble(value, cost, "value", measureId)], null, null, line)
                    : null;
        }
    }

    /// <summary>
    /// Areas inside areas, read with an explicit stack: time and stack space linear in the depth. An area's own assets
    /// come first, then its areas in document order.
    /// </summary>
    private Area ReadArea(XElement element)
    {
        var top = NewArea(element);
        var pending = new Stack<(XElement Element, Area Area)>();
        var inner = new List<(XElement Element, Area Area)>();
        pending.Push((element, top));
        while (pending.Count > 0)
        {
            var (xml, area) = pending.Pop();
            foreach (var child in xml.Elements())
            {
                switch (child.Name.LocalName)
                {
                    case "asset":
                        if (ReadAsset(child) is { } asset)
                        {
                            area.Assets.Add(asset);
                        }

                        break;
                    case "area":
                        var next = NewArea(child);
                        area.Areas.Add(next);
                        inner.Add((child, next));
                        break;
                }
            }

            for (int i = inner.Count - 1; i >= 0; i--)
            {
                pending.Push(inner[i]);
            }

            inner.Clear();
        }

        return top;
    }

    private static Area NewArea(XElement element) => new(Attr(element, "id") ?? string.Empty, Attr(element, "name") ?? string.Empty);

    /// <summary>
    /// An asset and the assets nested in it (a Building's) in document order — a building before what it
    /// contains — with an explicit stack instead of recursion, so deep nesting costs linear time and no call stack.
    /// </summary>
    private Asset? ReadAsset(XElement element)
    {
        Asset? top = null;
        var pending = new Stack<(XElement Element, Asset? Building)>();
        pending.Push((element, null));
        while (pending.Count > 0)
        {
            var (xml, building) = pending.Pop();
            if (ReadOneAsset(xml, building) is not { } asset)
            {
                continue;
            }

            top ??= asset;
            building?.AddChild(asset);
            var nested = new List<XElement>();
            foreach (var child in xml.Elements())
            {
                if (child.Name.LocalName == "port")
                {
                    ReadPort(child, asset);
                }
                else if (child.Name.LocalName == "asset" && asset.Kind == AssetKind.Building)
                {
                    nested.Add(child);
                }
            }

            for (int i = nested.Count - 1; i >= 0; i--)
            {
                pending.Push((nested[i], asset));
            }
        }

        return top;
    }

    private Asset? ReadOneAsset(XElement element, Asset? building)
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
        Register(asset, element);
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
                using var json = JsonDocument.Parse(description, SafeJson.DocumentOptions);
                parameters = json.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new InputException($"description of {type} '{Attr(element, "name")}' looks like JSON but is not valid: {SafeJson.Describe(ex.Message)}", _file, LineOf(element), id, ex, "description");
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
            port.AddProfile(ReadProfile(p, id, "profile"));
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

                if (target == port.Id)
                {
                    throw new InputException($"port '{port.Id}' of {port.Asset.Type} '{port.Asset.Name}' is connectedTo itself", _file, port.Line, port.Asset.Id, field: "connectedTo");
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

    private double ParseDouble(string text, XElement element, string what, string? id = null) =>
        ParseDouble(text, LineOf(element), what, id ?? Attr(element, "id"));

    private double ParseDouble(ReadOnlySpan<char> text, int line, string what, string? id)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
        {
            return v;
        }

        throw new InputException($"'{what}' = '{JsonText.Shorten(text.ToString())}' is not a finite number", _file, line, id, field: what);
    }

    private DateTime ParseDate(string text, XElement element, string ownerId, string field) => ParseDate(text, LineOf(element), ownerId, field);

    private DateTime ParseDate(ReadOnlySpan<char> text, int line, string ownerId, string field)
    {
        if (EsdlDates.TryParse(text, out var d))
        {
            if (d < EsdlRanges.EarliestDate || d >= EsdlRanges.LatestDate)
            {
                throw new InputException($"'{field}' = {d:yyyy-MM-ddTHH:mm:ss} is outside the accepted dates {EsdlRanges.EarliestDate:yyyy-MM-dd} … {EsdlRanges.LatestDate:yyyy-MM-dd}", _file, line, ownerId, field: field);
            }

            return d;
        }

        throw new InputException($"'{field}' = '{JsonText.Shorten(text.ToString())}' is not a date-time (e.g. 2020-08-11T00:00:00)", _file, line, ownerId, field: field);
    }

    private void Warn(XElement element, string message) => _warnings.Add($"{_file ?? "esdl"}:{LineOf(element)}: {message}");

    private InputException Error(string message, XElement? element, string? id = null) =>
        new(message, _file, element is null ? null : LineOf(element), id ?? (element is null ? null : Attr(element, "id")));
}
