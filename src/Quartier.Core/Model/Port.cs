namespace Quartier.Core.Model;

/// <summary>Direction of an ESDL port.</summary>
public enum PortDirection
{
    In,
    Out,
}

/// <summary>An ESDL port: connects its asset to other assets' ports and may carry profiles.</summary>
public sealed class Port(string id, string? name, PortDirection direction, Asset asset, IReadOnlyList<string> connectedToIds, string? carrierId, int line)
{
    private readonly List<Port> _connectedTo = [];
    private readonly List<Profile> _profiles = [];

    public string Id { get; } = id;

    public string? Name { get; } = name;

    public PortDirection Direction { get; } = direction;

    public Asset Asset { get; } = asset;

    public IReadOnlyList<string> ConnectedToIds { get; } = connectedToIds;

    public IReadOnlyList<Port> ConnectedTo => _connectedTo;

    public string? CarrierId { get; } = carrierId;

    public int Line { get; } = line;

    public IReadOnlyList<Profile> Profiles => _profiles;

    public void Connect(Port other)
    {
        if (!_connectedTo.Contains(other))
        {
            _connectedTo.Add(other);
        }
    }

    public void AddProfile(Profile profile) => _profiles.Add(profile);
}
