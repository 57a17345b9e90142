namespace Quartier.Resources.Runtime;

/// <summary>Result of one <see cref="DdbcSimulation.Step"/>: averages over the step.</summary>
/// <param name="Power">Average power per commodity quantity, summed over actuators.</param>
/// <param name="SupplyRate">Average supply rate delivered by the actuators.</param>
/// <param name="DemandRate">Demand rate during the step.</param>
public readonly record struct DdbcStep(CommodityPowers Power, double SupplyRate, double DemandRate)
{
    /// <summary>Demand not supplied (negative when the actuators supply more than the demand).</summary>
    public double Deficit => DemandRate - SupplyRate;
}
