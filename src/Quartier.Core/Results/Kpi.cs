namespace Quartier.Core.Results;

/// <summary>A key figure of a run, e.g. energy imported in kWh; <see cref="Scope"/> is the asset name or "system".</summary>
public sealed record Kpi(string Name, double Value, string Unit, string Scope = "system");
