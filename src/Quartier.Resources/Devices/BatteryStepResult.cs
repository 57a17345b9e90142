namespace Quartier.Resources.Devices;

/// <summary>Result of one <see cref="BatteryResource.Step"/>.</summary>
/// <param name="PowerW">AC power over the step (W, + = charging from the site, − = discharging into it).</param>
/// <param name="StoredWh">Change of stored energy (Wh): <c>P·η_c·h</c> when charging, <c>−|P|/η_d·h</c> when discharging.</param>
/// <param name="LossesWh">Conversion losses (Wh, ≥ 0).</param>
/// <param name="FillLevel">State of charge after the step (0..1 of capacity).</param>
public readonly record struct BatteryStepResult(double PowerW, double StoredWh, double LossesWh, double FillLevel);
