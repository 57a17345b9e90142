using Quartier.Core.Model;

namespace Quartier.Simulation.Engine;

/// <summary>How an input finds the assets that feed it (DOTS's routing rules).</summary>
public enum Routing
{
    /// <summary>Global objects go to everyone; otherwise assets connected through ports or in the same building.</summary>
    Auto,

    /// <summary>Assets reached through port connections, passing through in-building phase networks.</summary>
    Connected,

    /// <summary>Assets inside the same ESDL Building.</summary>
    SameBuilding,

    /// <summary>Every asset of the source type (weather, markets, the whole system).</summary>
    Global,
}

/// <summary>A named output a service publishes for each of its assets, with its unit.</summary>
public sealed record OutputDeclaration(string Name, string Unit, string? Description = null);

/// <summary>
/// A named input: the output <paramref name="SourceOutput"/> of assets of type <paramref name="SourceKind"/>.
/// A delayed input sees the value published one step earlier, which is how a cycle is made explicit.
/// </summary>
public sealed record InputDeclaration(
    string Name,
    AssetKind SourceKind,
    string SourceOutput,
    Routing Routing = Routing.Auto,
    bool Delayed = false,
    bool Required = false);
