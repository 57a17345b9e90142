using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Esdl;

namespace Quartier.Application;

/// <summary>
/// Maps a DOTS request's <c>calculation_services</c> onto Quartier's built-in services: each <c>esdl_type</c> names
/// the ESDL class a service simulates. <c>EnergySystem</c> is DOTS's LV network service (Quartier's transformer
/// feeders); <c>EConnection</c> is the EMS, which in DOTS reads the market from the ESDL itself, so it brings the
/// market with it. A type with no built-in service is refused naming the entry.
/// </summary>
public static class ServiceSelection
{
    /// <summary>ESDL types with a built-in service, and the asset kinds each brings.</summary>
    public static readonly IReadOnlyDictionary<string, AssetKind[]> BuiltIn = new Dictionary<string, AssetKind[]>(StringComparer.Ordinal)
    {
        ["EnvironmentalProfiles"] = [AssetKind.EnvironmentalProfiles],
        ["EnergyMarket"] = [AssetKind.EnergyMarket],
        ["ElectricityDemand"] = [AssetKind.ElectricityDemand],
        ["PVInstallation"] = [AssetKind.PVInstallation],
        ["Battery"] = [AssetKind.Battery],
        ["EVChargingStation"] = [AssetKind.EVChargingStation],
        ["HeatPump"] = [AssetKind.HeatPump],
        ["HybridHeatPump"] = [AssetKind.HybridHeatPump],
        ["EConnection"] = [AssetKind.EConnection, AssetKind.EnergyMarket],
        ["EnergySystem"] = [AssetKind.Transformer],
        ["Transformer"] = [AssetKind.Transformer],
    };

    /// <summary>The asset kinds to simulate for these services; an unknown <c>esdl_type</c> is refused naming its entry.</summary>
    public static IReadOnlySet<AssetKind> Kinds(IReadOnlyList<DotsCalculationService> services, IReadOnlyList<Simulation.External.ServiceDefinition>? defined = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var kinds = new HashSet<AssetKind>();
        for (int i = 0; i < services.Count; i++)
        {
            // a calc_service_name the services file defines as external serves its type whether or not a built-in does
            if (defined?.FirstOrDefault(d => d.IsExternal && (d.Name == services[i].Name || d.EsdlType.ToString() == services[i].EsdlType)) is { } external)
            {
                kinds.Add(external.EsdlType);
                continue;
            }

            if (!BuiltIn.TryGetValue(services[i].EsdlType, out var these))
            {
                throw new InputException(
                    $"esdl_type '{services[i].EsdlType}' (service '{services[i].Name}') has no built-in service; types with one: {string.Join(", ", BuiltIn.Keys)}",
                    field: $"{DotsRequest.ServicesMember}[{i}].esdl_type");
            }

            kinds.UnionWith(these);
        }

        return kinds;
    }

    /// <summary>Notes naming the ESDL types of <paramref name="system"/> that have a built-in service but are not simulated.</summary>
    public static IEnumerable<Diagnostic> Skipped(EnergySystem system, IReadOnlySet<AssetKind>? kinds)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (kinds is null)
        {
            yield break;
        }

        var simulable = BuiltIn.Values.SelectMany(k => k).ToHashSet();
        foreach (var group in system.Assets.Where(a => simulable.Contains(a.Kind) && !kinds.Contains(a.Kind)).GroupBy(a => a.Kind).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            yield return Diagnostic.Note($"{group.Count()} {group.Key} object(s) not simulated: the request's calculation_services do not list {group.Key}", group.Key.ToString());
        }
    }
}
