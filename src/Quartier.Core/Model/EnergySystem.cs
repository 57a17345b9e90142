using Quartier.Core.Units;

namespace Quartier.Core.Model;

/// <summary>
/// The whole energy system as read from ESDL (or another input world): instances, areas, every asset and
/// global object by id, ports by id, carriers, units, measures, and the warnings met while reading.
/// </summary>
public sealed class EnergySystem
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? SourceFile { get; init; }

    public IReadOnlyList<Instance> Instances { get; init; } = [];

    /// <summary>All assets and global objects, in document order (buildings before what they contain).</summary>
    public IReadOnlyList<Asset> Assets { get; init; } = [];

    public IReadOnlyDictionary<string, Asset> AssetsById { get; init; } = new Dictionary<string, Asset>();

    public IReadOnlyDictionary<string, Port> PortsById { get; init; } = new Dictionary<string, Port>();

    public IReadOnlyList<Carrier> Carriers { get; init; } = [];

    public IReadOnlyDictionary<string, QuantityAndUnit> QuantityAndUnits { get; init; } = new Dictionary<string, QuantityAndUnit>();

    public IReadOnlyList<Measure> Measures { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IEnumerable<Asset> OfKind(AssetKind kind) => Assets.Where(a => a.Kind == kind);

    /// <summary>A copy holding only <paramref name="assets"/> (in this system's order); ports keep their connections.</summary>
    public EnergySystem Subset(IEnumerable<Asset> assets)
    {
        var keep = assets.ToHashSet();
        return WithAssets([.. Assets.Where(keep.Contains)]);
    }

    /// <summary>A copy with <paramref name="list"/> as its assets and everything else shared.</summary>
    public EnergySystem WithAssets(IReadOnlyList<Asset> list) =>
        new()
        {
            Id = Id,
            Name = Name,
            Description = Description,
            SourceFile = SourceFile,
            Instances = Instances,
            Assets = list,
            AssetsById = list.ToDictionary(a => a.Id, StringComparer.Ordinal),
            PortsById = PortsById,
            Carriers = Carriers,
            QuantityAndUnits = QuantityAndUnits,
            Measures = Measures,
            Warnings = Warnings,
        };

    public IReadOnlyDictionary<string, int> CountByType() =>
        Assets.GroupBy(a => a.Type).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The span covered by every time-bounded profile in the system (the intersection), if any.</summary>
    /// <remarks>A HeatPump's hot-water tap profile does not bound the run: DOTS reads it by position, one value per step.</remarks>
    public (DateTime Start, DateTime End)? ProfileSpan()
    {
        DateTime? start = null, end = null;
        var taps = Assets.Where(a => a.Kind == AssetKind.HeatPump).SelectMany(a => a.Ports).SelectMany(p => p.Profiles).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var profile in AllProfiles())
        {
            if (taps.Contains(profile))
            {
                continue;
            }

            if (profile is InfluxDbProfile { IsBound: false })
            {
                continue;
            }

            if (profile.Span is { } s)
            {
                start = start is null || s.Start > start ? s.Start : start;
                end = end is null || s.End < end ? s.End : end;
            }
        }

        return start is { } a && end is { } b && b > a ? (a, b) : null;
    }

    public IEnumerable<Profile> AllProfiles()
    {
        foreach (var asset in Assets)
        {
            foreach (var p in asset.Profiles.Values)
            {
                yield return p;
            }

            foreach (var port in asset.Ports)
            {
                foreach (var p in port.Profiles)
                {
                    yield return p;
                }
            }
        }
    }
}
