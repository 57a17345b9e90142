namespace Quartier.Resources.Runtime;

/// <summary>
/// Result of one <see cref="FrbcSimulation.Step(DateTimeOffset, double)"/>: rates and powers are averages over
/// the step, fill levels are at its start and end.
/// </summary>
/// <param name="StartFillLevel">Fill level at the start of the step.</param>
/// <param name="FillLevel">Fill level at the end of the step (within the storage range).</param>
/// <param name="Power">Average power per commodity quantity, summed over actuators (positive = consumption).</param>
/// <param name="SupplyRate">Average fill rate delivered by the actuators (after saturation at the storage bounds).</param>
/// <param name="LeakageRate">Average leakage rate (positive = decreasing).</param>
/// <param name="UsageRate">Average usage rate (positive = decreasing).</param>
/// <param name="UnmetFill">Fill-level units that leakage and usage wanted but the empty storage could not give.</param>
/// <param name="SpilledFill">Fill-level units that could not be stored at the full storage (not caused by actuators, which are throttled instead).</param>
/// <param name="Saturated">True when a storage bound throttled an actuator or clipped the fill level during the step.</param>
public readonly record struct FrbcStep(
    double StartFillLevel,
    double FillLevel,
    CommodityPowers Power,
    double SupplyRate,
    double LeakageRate,
    double UsageRate,
    double UnmetFill,
    double SpilledFill,
    bool Saturated)
{
    /// <summary>Average total electric power (W, positive = consumption).</summary>
    public double ElectricW => Power.ElectricW;
}
