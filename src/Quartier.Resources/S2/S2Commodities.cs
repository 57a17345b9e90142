namespace Quartier.Resources.S2;

/// <summary>Relations between <see cref="CommodityQuantity"/> and <see cref="Commodity"/>.</summary>
public static class S2Commodities
{
    /// <summary>
    /// The commodity a quantity belongs to: electric powers → electricity, heat quantities → heat, oil flow → oil,
    /// natural gas and hydrogen flow → gas (the standard has no separate hydrogen commodity).
    /// </summary>
    public static Commodity Of(CommodityQuantity quantity) => quantity switch
    {
        CommodityQuantity.ElectricPowerL1 or CommodityQuantity.ElectricPowerL2 or CommodityQuantity.ElectricPowerL3
            or CommodityQuantity.ElectricPower3PhaseSymmetric => Commodity.Electricity,
        CommodityQuantity.NaturalGasFlowRate or CommodityQuantity.HydrogenFlowRate => Commodity.Gas,
        CommodityQuantity.HeatTemperature or CommodityQuantity.HeatFlowRate or CommodityQuantity.HeatThermalPower => Commodity.Heat,
        CommodityQuantity.OilFlowRate => Commodity.Oil,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "not a defined CommodityQuantity"),
    };
}
