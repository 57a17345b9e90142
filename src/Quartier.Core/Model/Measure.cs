namespace Quartier.Core.Model;

/// <summary>An ESDL measure (e.g. a bandwidth tariff) with its named cost values.</summary>
public sealed record Measure(string Id, string Name, string? Description, IReadOnlyDictionary<string, double> Costs);
