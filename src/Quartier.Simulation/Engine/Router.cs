using Quartier.Core.Model;

namespace Quartier.Simulation.Engine;

/// <summary>
/// Finds which assets feed an asset's input: global objects reach everyone; otherwise assets in the same
/// building, and assets reached through port connections passing through network nodes (in-building phase
/// networks, joints and cables), stopping at any other asset.
/// </summary>
internal sealed class Router(EnergySystem system)
{
    private readonly Dictionary<AssetKind, List<Asset>> _byKind = system.Assets.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.ToList());

    public IEnumerable<Asset> Sources(Asset consumer, AssetKind kind, Routing routing)
    {
        var all = _byKind.GetValueOrDefault(kind) ?? [];
        if (routing == Routing.Global || (routing == Routing.Auto && all.Count > 0 && all[0].IsGlobal))
        {
            return all;
        }

        var found = new List<Asset>();
        if (routing is Routing.SameBuilding or Routing.Auto && consumer.Building is { } building)
        {
            foreach (var a in building.Children)
            {
                if (a.Kind == kind && a != consumer)
                {
                    found.Add(a);
                }
            }
        }

        // found is empty here (the building is searched only for SameBuilding and Auto, and Auto comes here only when it found
        // nothing), and the search meets each asset once: no asset is added twice without a check (a list check was O(n²) for
        // a transformer that reaches thousands of connections)
        if (routing == Routing.Connected || (routing == Routing.Auto && found.Count == 0))
        {
            bool inBuildingOnly = routing == Routing.Auto && consumer.Building is not null;
            foreach (var a in Connected(consumer, inBuildingOnly))
            {
                if (a.Kind == kind)
                {
                    found.Add(a);
                }
            }
        }

        return found;
    }

    private static bool PassesThrough(Asset a, bool inBuildingOnly) =>
        a.Kind == AssetKind.ElectricityNetwork || (!inBuildingOnly && a.Kind is AssetKind.Joint or AssetKind.ElectricityCable);

    private static List<Asset> Connected(Asset start, bool inBuildingOnly)
    {
        var result = new List<Asset>();
        var seen = new HashSet<Asset> { start };
        var queue = new Queue<Asset>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var a = queue.Dequeue();
            foreach (var port in a.Ports)
            {
                foreach (var other in port.ConnectedTo)
                {
                    var b = other.Asset;
                    if (!seen.Add(b))
                    {
                        continue;
                    }

                    result.Add(b);
                    if (PassesThrough(b, inBuildingOnly))
                    {
                        queue.Enqueue(b);
                    }
                }
            }
        }

        return result;
    }
}
