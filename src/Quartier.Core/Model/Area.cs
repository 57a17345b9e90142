namespace Quartier.Core.Model;

/// <summary>An ESDL area: assets and nested areas.</summary>
public sealed class Area(string id, string name)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public List<Asset> Assets { get; } = [];

    public List<Area> Areas { get; } = [];
}
