namespace Quartier.Core.Model;

/// <summary>An ESDL instance (a variant of the energy system) with its top area.</summary>
public sealed record Instance(string Id, string Name, Area? Area);
