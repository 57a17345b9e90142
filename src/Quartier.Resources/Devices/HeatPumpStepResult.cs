namespace Quartier.Resources.Devices;

/// <summary>Result of one <see cref="HeatPumpResource.Step"/> (averages over the step).</summary>
/// <param name="ElectricW">Electric power (W): thermal / COP.</param>
/// <param name="ThermalW">Heat delivered into the buffer (W), throttled when the buffer is at its maximum.</param>
/// <param name="BufferTempC">Buffer temperature after the step (°C).</param>
/// <param name="Cop">COP used (at the mean buffer temperature of the step).</param>
/// <param name="UnmetHeatWh">Heat demand and standing loss the buffer could not give at its minimum temperature (Wh).</param>
public readonly record struct HeatPumpStepResult(double ElectricW, double ThermalW, double BufferTempC, double Cop, double UnmetHeatWh);
