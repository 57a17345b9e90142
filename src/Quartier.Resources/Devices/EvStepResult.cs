namespace Quartier.Resources.Devices;

/// <summary>Result of one <see cref="EvResource.Step"/>.</summary>
/// <param name="PowerW">Average AC charging power over the step (W, ≥ 0).</param>
/// <param name="StoredWh">Energy added to the battery (Wh).</param>
/// <param name="LossesWh">Charging losses (Wh).</param>
/// <param name="Soc">State of charge after the step (0..1).</param>
public readonly record struct EvStepResult(double PowerW, double StoredWh, double LossesWh, double Soc);
