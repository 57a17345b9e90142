using System.Globalization;
using System.Text.Json;
using Quartier.Core.Model;

namespace Quartier.Simulation.Scenarios;

/// <summary>
/// Generates a neighbourhood of N households for benchmarks and examples: each has a base load, PV, a
/// battery, an EV charger with a daily evening-to-morning session and an all-electric heat pump in a
/// DOTS-style RC house; feeders of 100 homes hang on 400 kVA transformers. Weather and loads are
/// synthetic but plausible (seasonal and daily cycles, seeded noise); the same seed gives the same system.
/// </summary>
public static class SyntheticNeighbourhood
{
    private const int Step = 900;
    private const int HomesPerFeeder = 100;
    private const int LoadVariants = 16;

    public static EnergySystem Create(int households, int days, int seed = 42, DateTime? start = null, bool dynamicContracts = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(households, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var t0 = start ?? new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        int count = (days * 86_400 / Step) + 96;
        var rng = new Random(seed);
        var assets = new List<Asset>();
        var ports = new Dictionary<string, Port>(StringComparer.Ordinal);

        var weather = new Asset("weather", "weather", "EnvironmentalProfiles", AssetKind.EnvironmentalProfiles, new Dictionary<string, string>());
        var (irr, air, soil) = Weather(count, t0, rng);
        weather.AddProfile("solarIrradianceProfile", new TimeSeriesProfile("irr", null, null, 0, t0, Step, irr));
        weather.AddProfile("outsideTemperatureProfile", new TimeSeriesProfile("air", null, null, 0, t0, Step, air));
        weather.AddProfile("soilTemperatureProfile", new TimeSeriesProfile("soil", null, null, 0, t0, Step, soil));
        assets.Add(weather);

        var loads = Enumerable.Range(0, LoadVariants).Select(v => (Profile)new TimeSeriesProfile($"load{v}", null, null, 0, t0, Step, BaseLoad(count, t0, new Random(seed + 1000 + v)))).ToArray();
        var ev = EvSessions(days);
        using var house = JsonDocument.Parse("{\"C_in\": 26146400.0, \"C_out\": 78439200.0, \"R_exch\": 0.0012422360248447205, \"R_floor\": 0.011182795699309515, \"R_vent\": 0.015427670676349235, \"R_cond\": 0.0026857633907758074, \"A_glass\": 31.39}");
        using var hp = JsonDocument.Parse("{\"buffer_capacitance\": 752940.0, \"min_rel_heat\": 0.3, \"buffer_temp_set\": 313.15, \"buffer_temp_min\": 298.15, \"buffer_temp_max\": 338.15, \"buffer_temp_0\": 313.15, \"house_temp_set\": 293.15, \"house_temp_min\": 292.15, \"house_temp_0\": 293.15}");
        using var ems = JsonDocument.Parse(dynamicContracts
            ? "{\"got_ems\": true, \"energy_contract\": \"dynamic\", \"flat_price\": 0.10}"
            : "{\"got_ems\": true, \"energy_contract\": \"static\", \"price\": 0.30}");

        // one parsed description per kind, shared by every home (as an ESDL reader shares nothing, but a generator need not copy)
        var houseParameters = house.RootElement.Clone();
        var hpParameters = hp.RootElement.Clone();
        var emsParameters = ems.RootElement.Clone();
        var evParameters = ev.RootElement.Clone();
        Asset? feederJoint = null;
        for (int h = 0; h < households; h++)
        {
            if (h % HomesPerFeeder == 0)
            {
                int f = h / HomesPerFeeder;
                var trafo = new Asset($"tr{f}", $"Transformer{f + 1}", "Transformer", AssetKind.Transformer, new Dictionary<string, string> { ["assetType"] = "10250_400_V_400_kVA_Smit" });
                feederJoint = new Asset($"j{f}", $"Node{f + 1}", "Joint", AssetKind.Joint, new Dictionary<string, string>());
                Connect(ports, trafo, feederJoint);
                assets.Add(trafo);
                assets.Add(feederJoint);
            }

            string id = $"h{h}";
            var building = new Asset(id, $"Home{h + 1}", "Building", AssetKind.Building, new Dictionary<string, string>()) { Parameters = houseParameters };
            var connection = new Asset($"{id}-ec", $"ConnectionHome{h + 1}", "EConnection", AssetKind.EConnection, new Dictionary<string, string> { ["capacity"] = "17000" }) { Building = building, Parameters = emsParameters };
            var cable = new Asset($"{id}-cable", $"CableHome{h + 1}", "ElectricityCable", AssetKind.ElectricityCable, new Dictionary<string, string> { ["length"] = "30", ["assetType"] = "4x150Al_4x6Cu_50CuAs_V_VMvKhsas" });
            Connect(ports, feederJoint!, cable);
            Connect(ports, cable, connection);
            building.AddChild(connection);
            var phases = new Asset[3];
            for (int ph = 0; ph < 3; ph++)
            {
                phases[ph] = new Asset($"{id}-ph{ph + 1}", $"Phasegrid{h + 1}_Ph{ph + 1}", "ElectricityNetwork", AssetKind.ElectricityNetwork, new Dictionary<string, string>()) { Building = building };
                Connect(ports, connection, phases[ph]);
                building.AddChild(phases[ph]);
            }

            var demand = Device(building, $"{id}-load", $"Demand{h + 1}", AssetKind.ElectricityDemand, new() { ["powerFactor"] = "0.95" });
            var pv = Device(building, $"{id}-pv", $"PV{h + 1}", AssetKind.PVInstallation, new() { ["surfaceArea"] = F(15 + rng.Next(0, 21)), ["panelEfficiency"] = "0.2", ["angle"] = "35", ["orientation"] = F(135 + (45 * (h % 3))) });
            var battery = Device(building, $"{id}-bat", $"Battery{h + 1}", AssetKind.Battery, new() { ["capacity"] = F(3.6e7), ["fillLevel"] = "0.5", ["maxChargeRate"] = "3000", ["maxDischargeRate"] = "3000", ["chargeEfficiency"] = "0.95", ["dischargeEfficiency"] = "0.95" });
            var charger = new Asset($"{id}-ev", $"Charger{h + 1}", "EVChargingStation", AssetKind.EVChargingStation, new Dictionary<string, string> { ["power"] = "7400" }) { Building = building, Parameters = evParameters };
            building.AddChild(charger);
            var heatPump = new Asset($"{id}-hp", $"HeatPump{h + 1}", "HeatPump", AssetKind.HeatPump, new Dictionary<string, string> { ["power"] = "10000", ["COP"] = "3.5", ["powerFactor"] = "0.95" }) { Building = building, Parameters = hpParameters };
            building.AddChild(heatPump);
            var profilePort = Connect(ports, phases[0], demand);
            profilePort.AddProfile(loads[h % LoadVariants]);
            Connect(ports, pv, phases[h % 3]);
            Connect(ports, phases[(h + 1) % 3], battery);
            foreach (var phase in phases)
            {
                Connect(ports, phase, charger);
                Connect(ports, phase, heatPump);
            }

            assets.Add(cable);
            assets.Add(building);
            assets.AddRange(building.Children);
        }

        ev.Dispose();
        return new EnergySystem
        {
            Id = $"synthetic-{households}",
            Name = $"Synthetic neighbourhood ({households} homes)",
            Assets = assets,
            AssetsById = assets.ToDictionary(a => a.Id),
            PortsById = ports,
        };
    }

    private static Asset Device(Asset building, string id, string name, AssetKind kind, Dictionary<string, string> attributes)
    {
        var a = new Asset(id, name, kind.ToString(), kind, attributes) { Building = building };
        building.AddChild(a);
        return a;
    }

    private static Port Connect(Dictionary<string, Port> ports, Asset from, Asset to)
    {
        var outPort = new Port($"{from.Id}>{to.Id}", "Out", PortDirection.Out, from, [], null, 0);
        var inPort = new Port($"{to.Id}<{from.Id}", "In", PortDirection.In, to, [], null, 0);
        outPort.Connect(inPort);
        inPort.Connect(outPort);
        from.AddPort(outPort);
        to.AddPort(inPort);
        ports[outPort.Id] = outPort;
        ports[inPort.Id] = inPort;
        return inPort;
    }

    private static JsonDocument EvSessions(int days)
    {
        var arrivals = Enumerable.Range(0, days).Select(d => (d * 96) + 72).ToArray();
        var departures = arrivals.Select(a => a + 54).ToArray();
        var json = JsonSerializer.Serialize(new
        {
            arrival_ptus = arrivals,
            departure_ptus = departures,
            arrival_socs = arrivals.Select(_ => 0.4 * 60_000 * 3600).ToArray(),
            departure_socs = arrivals.Select(_ => 0.8 * 60_000 * 3600).ToArray(),
            max_soc = 60_000.0 * 3600,
            efficiency = 0.92,
        });
        return JsonDocument.Parse(json);
    }

    private static (double[] Irradiance, double[] Air, double[] Soil) Weather(int count, DateTime t0, Random rng)
    {
        var irr = new double[count];
        var air = new double[count];
        var soil = new double[count];
        double cloud = 0.5;
        for (int k = 0; k < count; k++)
        {
            var t = t0.AddSeconds((long)k * Step);
            double doy = t.DayOfYear + (t.TimeOfDay.TotalHours / 24);
            double season = Math.Cos(2 * Math.PI * (doy - 172) / 365.25);
            double hour = t.TimeOfDay.TotalHours + 0.125;
            double dayLength = 12 + (4 * season);
            double sun = Math.Max(0, Math.Sin(Math.PI * (hour - (12 - (dayLength / 2))) / dayLength));
            if (k % 96 == 0)
            {
                cloud = 0.2 + (0.8 * rng.NextDouble());
            }

            irr[k] = (500 + (350 * season)) * sun * cloud * 1.4;
            air[k] = 273.15 + 10 + (8 * season) + (4 * Math.Sin(2 * Math.PI * (hour - 9) / 24)) + ((rng.NextDouble() - 0.5) * 2);
            soil[k] = 273.15 + 10 + (4 * season);
        }

        return (irr, air, soil);
    }

    private static double[] BaseLoad(int count, DateTime t0, Random rng)
    {
        var p = new double[count];
        for (int k = 0; k < count; k++)
        {
            double hour = t0.AddSeconds((long)k * Step).TimeOfDay.TotalHours;
            double evening = Math.Exp(-Math.Pow((hour - 19) / 2.0, 2));
            double morning = Math.Exp(-Math.Pow((hour - 7.5) / 1.2, 2));
            p[k] = 180 + (900 * evening) + (500 * morning) + (rng.NextDouble() * 250);
        }

        return p;
    }

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
}
