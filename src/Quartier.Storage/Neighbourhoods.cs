namespace Quartier.Storage;

/// <summary>
/// One saved version of a neighbourhood built in the dashboard's editor: its id, version number (1, 2, …), name, the
/// document as JSON, and when it was saved. Earlier versions are kept and stay readable by number.
/// </summary>
public sealed record NeighbourhoodVersion(string Id, int Version, string Name, string Document, DateTime SavedUtc);

/// <summary>A server's neighbourhoods, every version of each, in the same database as the results.</summary>
public interface INeighbourhoodStore
{
    /// <summary>Stores a new version (the next number after the newest, 1 for a new id) and returns it.</summary>
    NeighbourhoodVersion Save(string id, string name, string document, DateTime savedUtc);

    /// <summary>The newest version of every neighbourhood, most recently saved first, without documents (empty strings).</summary>
    IReadOnlyList<NeighbourhoodVersion> List();

    /// <summary>One version (the newest when <paramref name="version"/> is null), or null.</summary>
    NeighbourhoodVersion? Find(string id, int? version = null);

    /// <summary>Every version of a neighbourhood, oldest first, without documents.</summary>
    IReadOnlyList<NeighbourhoodVersion> Versions(string id);
}
