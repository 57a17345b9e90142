using Quartier.Resources.Runtime;

namespace Quartier.Resources.Devices;

/// <summary>Result of one <see cref="HomeApplianceResource.Step"/>.</summary>
/// <param name="PowerW">Average electric power over the step (W).</param>
/// <param name="EnergyWh">Energy over the step (Wh).</param>
/// <param name="Status">Status of the run at the end of the step.</param>
public readonly record struct ApplianceStepResult(double PowerW, double EnergyWh, PowerSequenceStatus Status);
