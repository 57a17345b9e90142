using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Quartier.Core.Errors;
using Quartier.Forecasting.Solar;

namespace Quartier.Application.Neighbourhoods;

/// <summary>
/// A neighbourhood as an ESDL energy system that <c>quartier run</c> reads: clear-sky weather at the site over the span
/// (15 min), and per house a Building with its EConnection, one phase grid, and the devices — base load and appliances
/// as ElectricityDemand with a 15-min profile (an appliance's runs at their earliest start), PVInstallation (power,
/// angle, orientation), Battery (capacity in J, charge rates), EVChargingStation (arrival and departure as DOTS's PTUs
/// with states of charge in J), HeatPump (thermal power = electric × COP, and the COP) in a DOTS RC house.
/// </summary>
public static class EsdlExport
{
    private const int Step = 900;
    private static readonly XNamespace Esdl = "http://www.tno.nl/esdl";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly XNamespace Xmi = "http://www.omg.org/XMI";

    private const string HouseRc = "{\"C_in\": 26146400.0, \"C_out\": 78439200.0, \"R_exch\": 0.0012422360248447205, \"R_floor\": 0.011182795699309515, \"R_vent\": 0.015427670676349235, \"R_cond\": 0.0026857633907758074, \"A_glass\": 31.39}";
    private const string HeatPumpBuffer = "{\"buffer_capacitance\": 752940.0, \"min_rel_heat\": 0.3, \"buffer_temp_set\": 313.15, \"buffer_temp_min\": 298.15, \"buffer_temp_max\": 338.15, \"buffer_temp_0\": 313.15, \"house_temp_set\": 293.15, \"house_temp_min\": 292.15, \"house_temp_0\": 293.15}";

    public static string Write(Neighbourhood n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var (errors, _) = NeighbourhoodCheck.Check(n);
        if (errors.Count > 0)
        {
            throw new InputException($"the neighbourhood is not valid: {NeighbourhoodCheck.Describe(errors.Take(3))}", field: errors[0].Path);
        }

        var steps = n.Days * 86_400 / Step;
        var area = new XElement("area", Type("Area"), new XAttribute("id", "area"), new XAttribute("name", n.Name));
        for (var h = 0; h < n.Houses.Count; h++)
        {
            area.Add(Building(n, n.Houses[h], h, steps));
        }

        var root = new XElement(
            Esdl + "EnergySystem",
            new XAttribute(XNamespace.Xmlns + "xmi", Xmi),
            new XAttribute(XNamespace.Xmlns + "esdl", Esdl),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute("id", "neighbourhood"),
            new XAttribute("name", n.Name),
            new XAttribute("description", $"exported by Quartier's neighbourhood editor: {n.Houses.Count} houses, {n.Days} day(s) from {n.Start.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"),
            new XAttribute(Xmi + "version", "2.0"),
            new XElement("energySystemInformation", Type("EnergySystemInformation"), new XAttribute("id", "info"), Weather(n, steps)),
            new XElement("instance", Type("Instance"), new XAttribute("id", "instance"), new XAttribute("name", "Instance"), area));
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Declaration + "\n" + root.ToString();
    }

    public static byte[] WriteUtf8(Neighbourhood n) => new UTF8Encoding(false).GetBytes(Write(n));

    private static XElement Building(Neighbourhood n, House house, int h, int steps)
    {
        var id = $"h{h + 1}";
        var building = new XElement("asset", Type("Building"), new XAttribute("id", id), new XAttribute("name", house.Name ?? $"House {house.Id}"), new XAttribute("originalIdInSource", house.Id), new XAttribute("description", HouseRc));
        var connection = Asset("EConnection", $"{id}-ec", $"Connection {house.Id}", ("capacity", "17000"));
        var phase = Asset("ElectricityNetwork", $"{id}-ph1", $"Phasegrid {house.Id}");
        building.Add(connection, phase);
        Connect(connection, phase, "OutPh1", "In");
        for (var d = 0; d < house.Devices.Count; d++)
        {
            var device = house.Devices[d];
            var did = $"{id}-d{d + 1}";
            var name = device.Name ?? $"{NeighbourhoodCheck.Kind(device.Kind)} {device.Id}";
            XElement? asset = device.Kind switch
            {
                DeviceKind.BaseLoad or DeviceKind.Appliance => Asset("ElectricityDemand", did, name, ("powerFactor", "1.0")),
                DeviceKind.Pv => Asset("PVInstallation", did, name, ("power", F(device.PeakW!.Value)), ("angle", F(device.TiltDeg ?? 30)), ("orientation", F(device.AzimuthDeg ?? 180)), ("powerFactor", "1.0")),
                DeviceKind.Battery => Asset("Battery", did, name, ("capacity", F(device.CapacityWh!.Value * 3600)), ("fillLevel", F(device.InitialSoc ?? 0.5)), ("maxChargeRate", F(device.PowerW!.Value)), ("maxDischargeRate", F(device.PowerW.Value)), ("chargeEfficiency", "0.95"), ("dischargeEfficiency", "0.95")),
                DeviceKind.Ev => Asset("EVChargingStation", did, name, ("power", F(device.PowerW!.Value)), ("powerFactor", "1.0"), ("description", EvSession(n, device))),
                DeviceKind.HeatPump => Asset("HeatPump", did, name, ("power", F(device.PowerW!.Value * (device.Cop ?? 3))), ("heatPumpThermalPower", F(device.PowerW.Value * (device.Cop ?? 3))), ("COP", F(device.Cop ?? 3)), ("powerFactor", "1.0"), ("description", HeatPumpBuffer)),
                _ => null,
            };
            if (asset is null)
            {
                continue;
            }

            asset.Add(new XAttribute("originalIdInSource", device.Id));
            building.Add(asset);
            var inPort = device.Kind == DeviceKind.Pv ? Connect(asset, phase, "Out", "In" + (d + 2)) : Connect(phase, asset, "Out" + (d + 2), "In");
            if (device.Kind is DeviceKind.BaseLoad or DeviceKind.Appliance)
            {
                inPort.Add(Profile("profile", n.Start, device.Kind == DeviceKind.BaseLoad ? BaseLoad(device, steps) : ApplianceRuns(n, device, steps)));
            }
        }

        return building;
    }

    /// <summary>Mean W per 15 min of a base load: its day's profile, every day.</summary>
    private static double[] BaseLoad(Device device, int steps)
    {
        var values = new double[steps];
        if (device.Profile is not { Length: > 0 } text)
        {
            Array.Fill(values, device.DailyKwh!.Value * 1000 / 24);
            return values;
        }

        var (times, energy, _) = ProfileText.Parse(text, fromZero: true);
        for (var k = 0; k < steps; k++)
        {
            var t = (double)(k * Step % 86_400);
            values[k] = (Cumulative(times, energy, t + Step) - Cumulative(times, energy, t)) * 3600 / Step;
        }

        return values;
    }

    /// <summary>Mean W per 15 min of an appliance's or heat pump's runs, each at its earliest start.</summary>
    private static double[] ApplianceRuns(Neighbourhood n, Device device, int steps)
    {
        var values = new double[steps];
        var (times, energy, _) = device.Profile is { Length: > 0 } text
            ? ProfileText.Parse(text, fromZero: true)
            : ([0, device.DurationMin!.Value * 60], [0, device.PowerW!.Value * device.DurationMin.Value / 60], null);
        foreach (var job in device.Jobs ?? [])
        {
            var offset = (job.EarliestStart - n.Start).TotalSeconds;
            for (var k = 0; k < steps; k++)
            {
                var a = (k * (double)Step) - offset;
                values[k] += (Cumulative(times, energy, a + Step) - Cumulative(times, energy, a)) * 3600 / Step;
            }
        }

        return values;
    }

    private static double Cumulative(double[] times, double[] energy, double t)
    {
        if (t <= times[0])
        {
            return energy[0];
        }

        if (t >= times[^1])
        {
            return energy[^1];
        }

        var i = Array.BinarySearch(times, t);
        if (i >= 0)
        {
            return energy[i];
        }

        i = ~i;
        return energy[i - 1] + ((energy[i] - energy[i - 1]) * (t - times[i - 1]) / (times[i] - times[i - 1]));
    }

    private static string EvSession(Neighbourhood n, Device ev)
    {
        var capacityJ = ev.CapacityWh!.Value * 3600;
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["arrival_ptus"] = new[] { (int)((ev.Arrival!.Value - n.Start).TotalSeconds / Step) },
            ["departure_ptus"] = new[] { (int)((ev.Departure!.Value - n.Start).TotalSeconds / Step) },
            ["arrival_socs"] = new[] { (ev.InitialSoc ?? 0.2) * capacityJ },
            ["departure_socs"] = new[] { ev.TargetSoc!.Value * capacityJ },
            ["max_soc"] = capacityJ,
            ["efficiency"] = 1.0,
        });
    }

    /// <summary>Clear-sky global horizontal irradiance (W/m²) and a daily temperature cycle (K) at the site.</summary>
    private static XElement Weather(Neighbourhood n, int steps)
    {
        var irradiance = new double[steps];
        var air = new double[steps];
        var soil = new double[steps];
        for (var k = 0; k < steps; k++)
        {
            var t = n.Start.AddSeconds((k * Step) + (Step / 2)).UtcDateTime;
            var sun = SimpleSolarPosition.Compute(t, n.Latitude, n.Longitude);
            irradiance[k] = Math.Round(sun.IsUp ? ClearSky.Haurwitz(sun.Zenith) : 0, 3);
            air[k] = Math.Round(273.15 + 12 + (5 * Math.Sin(2 * Math.PI * (t.TimeOfDay.TotalHours - 9) / 24)), 3);
            soil[k] = 283.15;
        }

        return new XElement(
            "environmentalProfiles",
            Type("EnvironmentalProfiles"),
            new XAttribute("id", "weather"),
            new XAttribute("name", "weather"),
            Profile("outsideTemperatureProfile", n.Start, air),
            Profile("solarIrradianceProfile", n.Start, irradiance),
            Profile("soilTemperatureProfile", n.Start, soil));
    }

    private static XElement Profile(string role, DateTimeOffset start, double[] values)
    {
        var profile = new XElement(role, Type("DateTimeProfile"));
        for (var k = 0; k < values.Length; k++)
        {
            profile.Add(new XElement(
                "element",
                Type("ProfileElement"),
                new XAttribute("from", Time(start.AddSeconds(k * Step))),
                new XAttribute("to", Time(start.AddSeconds((k + 1) * Step))),
                new XAttribute("value", F(Math.Round(values[k], 4)))));
        }

        return profile;
    }

    private static XElement Asset(string type, string id, string name, params (string Name, string Value)[] attributes)
    {
        var asset = new XElement("asset", Type(type), new XAttribute("id", id), new XAttribute("name", name));
        foreach (var (key, value) in attributes)
        {
            asset.Add(new XAttribute(key, value));
        }

        return asset;
    }

    /// <summary>Adds an out port to <paramref name="from"/> and an in port to <paramref name="to"/>, connected; returns the in port.</summary>
    private static XElement Connect(XElement from, XElement to, string outName, string inName)
    {
        var outId = $"{(string)from.Attribute("id")!}-{outName.ToLowerInvariant()}";
        var inId = $"{(string)to.Attribute("id")!}-{inName.ToLowerInvariant()}";
        var outPort = new XElement("port", Type("OutPort"), new XAttribute("id", outId), new XAttribute("name", outName), new XAttribute("connectedTo", inId));
        var inPort = new XElement("port", Type("InPort"), new XAttribute("id", inId), new XAttribute("name", inName), new XAttribute("connectedTo", outId));
        from.Add(outPort);
        to.Add(inPort);
        return inPort;
    }

    private static XAttribute Type(string type) => new(Xsi + "type", "esdl:" + type);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
