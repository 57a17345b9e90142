namespace Quartier.Core.Model;

/// <summary>An energy carrier (ESDL ElectricityCommodity, GasCommodity, HeatCommodity …) with its voltage where given.</summary>
public sealed record Carrier(string Id, string Name, string Type, double? Voltage);
