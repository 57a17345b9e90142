namespace Quartier.Resources.Devices;

/// <summary>Result of one <see cref="PvInverterResource.Step"/> (averages over the step, W ≥ 0).</summary>
/// <param name="ProducedW">AC power fed into the site.</param>
/// <param name="CurtailedW">Available PV power not produced (inverter rating and curtailment limit).</param>
public readonly record struct PvStepResult(double ProducedW, double CurtailedW);
