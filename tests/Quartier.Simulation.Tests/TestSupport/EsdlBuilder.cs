using System.Globalization;
using System.Xml.Linq;
using Quartier.Core.Model;
using Quartier.Esdl;

namespace Quartier.Simulation.Tests.TestSupport;

/// <summary>
/// Writes a small ESDL energy system as XML, shaped like DOTS's example files: global weather and market
/// objects with 15-min DateTimeProfiles, and Buildings that hold an EConnection, three phase nodes
/// (<c>…_Ph1/_Ph2/_Ph3</c>, fed from the EConnection's OutPh ports) and devices connected to chosen phase nodes.
/// </summary>
public sealed class EsdlBuilder
{
    public static readonly DateTime DefaultStart = new(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc);

    internal static readonly XNamespace Esdl = EsdlReader.EsdlNamespace;
    internal static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private readonly List<BuildingSpec> _buildings = [];
    private double[]? _irradiance;
    private double[]? _air;
    private double[]? _soil;
    private double[]? _prices;
    private double? _feedIn;

    public EsdlBuilder(DateTime? start = null, int stepSeconds = 900)
    {
        Start = start ?? DefaultStart;
        StepSeconds = stepSeconds;
    }

    public DateTime Start { get; }

    public int StepSeconds { get; }

    /// <summary>Weather profiles as DOTS writes them: irradiance in W/m², temperatures in Kelvin (soil is left out when null).</summary>
    public EsdlBuilder Weather(double[] irradiance, double[] airKelvin, double[]? soilKelvin = null)
    {
        _irradiance = irradiance;
        _air = airKelvin;
        _soil = soilKelvin;
        return this;
    }

    /// <summary>A day-ahead EnergyMarket with these prices (EUR/kWh), one per profile element.</summary>
    public EsdlBuilder Market(params double[] prices)
    {
        _prices = prices;
        return this;
    }

    /// <summary>A <c>feed_in_tariff</c> measure with this price (EUR/kWh).</summary>
    public EsdlBuilder FeedInTariff(double price)
    {
        _feedIn = price;
        return this;
    }

    public BuildingSpec Building(string name, string? description = null)
    {
        var b = new BuildingSpec(this, name, description);
        _buildings.Add(b);
        return b;
    }

    public string ToXml()
    {
        var root = new XElement(
            Esdl + "EnergySystem",
            new XAttribute(XNamespace.Xmlns + "esdl", Esdl.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi.NamespaceName),
            new XAttribute("id", "test-system"),
            new XAttribute("name", "TestSystem"));

        if (_irradiance is not null)
        {
            var env = new XElement("environmentalProfiles", Type("EnvironmentalProfiles"), new XAttribute("id", "weather"), new XAttribute("name", "weather"));
            env.Add(Profile("outsideTemperatureProfile", _air!));
            env.Add(Profile("solarIrradianceProfile", _irradiance));
            if (_soil is not null)
            {
                env.Add(Profile("soilTemperatureProfile", _soil));
            }

            root.Add(new XElement("energySystemInformation", Type("EnergySystemInformation"), new XAttribute("id", "info"), env));
        }

        if (_feedIn is { } fit)
        {
            root.Add(new XElement(
                "measures",
                Type("Measures"),
                new XAttribute("id", "measures"),
                new XElement(
                    "measure",
                    Type("Measure"),
                    new XAttribute("id", "fit"),
                    new XAttribute("name", "feed_in_tariff"),
                    new XElement(
                        "costInformation",
                        Type("CostInformation"),
                        new XAttribute("id", "fit-costs"),
                        new XElement("variableOperationalCosts", Type("SingleValue"), new XAttribute("id", "fit-value"), new XAttribute("value", Num(fit)))))));
        }

        var area = new XElement("area", Type("Area"), new XAttribute("id", "area"), new XAttribute("name", "area"));
        foreach (var b in _buildings)
        {
            area.Add(b.ToXml(this));
        }

        root.Add(new XElement("instance", Type("Instance"), new XAttribute("id", "instance"), new XAttribute("name", "instance"), area));

        if (_prices is not null)
        {
            root.Add(new XElement(
                "services",
                Type("Services"),
                new XAttribute("id", "services"),
                new XElement("service", Type("EnergyMarket"), new XAttribute("id", "market"), new XAttribute("name", "DA-market"), Profile("marketPrice", _prices))));
        }

        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root).ToString();
    }

    public EnergySystem Build() => EsdlReader.ReadString(ToXml(), "test.esdl");

    internal static XAttribute Type(string esdlType) => new(Xsi + "type", "esdl:" + esdlType);

    internal static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal XElement Profile(string elementName, double[] values)
    {
        var profile = new XElement(elementName, Type("DateTimeProfile"));
        for (int i = 0; i < values.Length; i++)
        {
            profile.Add(new XElement(
                "element",
                Type("ProfileElement"),
                new XAttribute("from", Start.AddSeconds((long)i * StepSeconds).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                new XAttribute("to", Start.AddSeconds((long)(i + 1) * StepSeconds).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
                new XAttribute("value", Num(values[i]))));
        }

        return profile;
    }
}

/// <summary>One Building: its EConnection, phase nodes and devices.</summary>
public sealed class BuildingSpec(EsdlBuilder owner, string name, string? description)
{
    private readonly List<DeviceSpec> _devices = [];
    private string? _connectionDescription;
    private double? _capacity;
    private bool _connection;

    public string Name { get; } = name;

    public string ConnectionName => Name + "_conn";

    /// <summary>Continues with the next building of the same system.</summary>
    public BuildingSpec Building(string nextName, string? nextDescription = null) => owner.Building(nextName, nextDescription);

    public EnergySystem Build() => owner.Build();

    public string ToXml() => owner.ToXml();

    /// <summary>Adds the EConnection (DOTS: the home's grid connection, served by the EMS).</summary>
    public BuildingSpec Connection(string? description = null, double? capacity = null)
    {
        _connection = true;
        _connectionDescription = description;
        _capacity = capacity;
        return this;
    }

    /// <summary>Adds a device of ESDL type <paramref name="type"/> connected to the phase nodes <paramref name="phases"/> (1..3).</summary>
    public BuildingSpec Device(string type, string name, int[] phases, IEnumerable<(string Key, double Value)>? attributes = null, string? description = null, double[]? profile = null, bool outPorts = false)
    {
        _devices.Add(new DeviceSpec(type, name, phases, attributes?.ToArray() ?? [], description, profile, outPorts));
        return this;
    }

    public BuildingSpec Demand(string name, double[] watts, int[]? phases = null, double powerFactor = 0.95) =>
        Device("ElectricityDemand", name, phases ?? [1, 2, 3], [("powerFactor", powerFactor)], profile: watts);

    public BuildingSpec Pv(string name, int[] phases, double? surfaceArea = 32, double? panelEfficiency = 0.2, double? power = null)
    {
        var attrs = new List<(string, double)> { ("powerFactor", 1.0) };
        if (surfaceArea is { } s)
        {
            attrs.Add(("surfaceArea", s));
        }

        if (panelEfficiency is { } e)
        {
            attrs.Add(("panelEfficiency", e));
        }

        if (power is { } p)
        {
            attrs.Add(("power", p));
        }

        return Device("PVInstallation", name, phases, attrs, outPorts: true);
    }

    internal XElement ToXml(EsdlBuilder builder)
    {
        var building = new XElement("asset", EsdlBuilder.Type("Building"), new XAttribute("id", Name), new XAttribute("name", Name));
        if (description is not null)
        {
            building.Add(new XAttribute("description", description));
        }

        // phase node n: one InPort from the EConnection, then one port per device connection
        var nodes = new XElement[3];
        for (int ph = 1; ph <= 3; ph++)
        {
            nodes[ph - 1] = new XElement("asset", EsdlBuilder.Type("ElectricityNetwork"), new XAttribute("id", $"{Name}_Ph{ph}"), new XAttribute("name", $"{Name}_Ph{ph}"));
        }

        if (_connection)
        {
            var conn = new XElement("asset", EsdlBuilder.Type("EConnection"), new XAttribute("id", ConnectionName), new XAttribute("name", ConnectionName));
            if (_capacity is { } c)
            {
                conn.Add(new XAttribute("capacity", EsdlBuilder.Num(c)));
            }

            if (_connectionDescription is not null)
            {
                conn.Add(new XAttribute("description", _connectionDescription));
            }

            conn.Add(Port("InPort", $"{ConnectionName}-in", null));
            for (int ph = 1; ph <= 3; ph++)
            {
                conn.Add(Port("OutPort", $"{ConnectionName}-ph{ph}", $"{Name}_Ph{ph}-in", $"OutPh{ph}"));
                nodes[ph - 1].Add(Port("InPort", $"{Name}_Ph{ph}-in", $"{ConnectionName}-ph{ph}", "In"));
            }

            building.Add(conn);
        }

        foreach (var node in nodes)
        {
            building.Add(node);
        }

        foreach (var d in _devices)
        {
            var asset = new XElement("asset", EsdlBuilder.Type(d.Type), new XAttribute("id", d.Name), new XAttribute("name", d.Name));
            foreach (var (key, value) in d.Attributes)
            {
                asset.Add(new XAttribute(key, EsdlBuilder.Num(value)));
            }

            if (d.Description is not null)
            {
                asset.Add(new XAttribute("description", d.Description));
            }

            string portType = d.OutPorts ? "OutPort" : "InPort";
            string nodePortType = d.OutPorts ? "InPort" : "OutPort";
            var ports = new List<XElement>();
            foreach (var ph in d.Phases)
            {
                var portId = $"{d.Name}-ph{ph}";
                var nodePortId = $"{Name}_Ph{ph}-{d.Name}";
                ports.Add(Port(portType, portId, nodePortId, $"InPh{ph}"));
                nodes[ph - 1].Add(Port(nodePortType, nodePortId, portId));
            }

            if (ports.Count == 0)
            {
                ports.Add(Port(portType, $"{d.Name}-p", null));
            }

            if (d.Profile is not null)
            {
                var profile = builder.Profile("profile", d.Profile);
                ports[0].Add(profile);
            }

            asset.Add(ports);
            building.Add(asset);
        }

        return building;
    }

    private static XElement Port(string type, string id, string? connectedTo, string? name = null)
    {
        var port = new XElement("port", EsdlBuilder.Type(type), new XAttribute("id", id));
        if (name is not null)
        {
            port.Add(new XAttribute("name", name));
        }

        if (connectedTo is not null)
        {
            port.Add(new XAttribute("connectedTo", connectedTo));
        }

        return port;
    }

    private sealed record DeviceSpec(string Type, string Name, int[] Phases, (string Key, double Value)[] Attributes, string? Description, double[]? Profile, bool OutPorts);
}
