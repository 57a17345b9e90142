namespace Quartier.Cossmic.Results;

/// <summary>One house's outcome in one run.</summary>
/// <param name="HouseId">House.</param>
/// <param name="Jobs">Scheduled jobs of the house (background loads included).</param>
/// <param name="DemandWh">Consumption of its jobs.</param>
/// <param name="PvWh">Part of it covered by local PV.</param>
/// <param name="GridWh">Part of it from the grid.</param>
/// <param name="ProductionWh">Actual production of the house's own producers.</param>
/// <param name="SelfSufficiency">PvWh / DemandWh (the house's PV share); null without demand.</param>
public sealed record CossmicHouseResult(string HouseId, int Jobs, double DemandWh, double PvWh, double GridWh, double ProductionWh, double? SelfSufficiency);
