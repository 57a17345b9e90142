namespace Quartier.Resources.Runtime;

/// <summary>
/// What a power value measures (S2 <c>CommodityQuantity</c>). Electric values are in W and positive for
/// consumption, negative for production; <see cref="ElectricPower3PhaseSymmetric"/> is the total over three
/// equally loaded phases (each phase carries a third).
/// </summary>
public enum CommodityQuantity
{
    /// <summary><c>ELECTRIC.POWER.L1</c>: electric power on phase 1 (W).</summary>
    ElectricPowerL1,

    /// <summary><c>ELECTRIC.POWER.L2</c>: electric power on phase 2 (W).</summary>
    ElectricPowerL2,

    /// <summary><c>ELECTRIC.POWER.L3</c>: electric power on phase 3 (W).</summary>
    ElectricPowerL3,

    /// <summary><c>ELECTRIC.POWER.3_PHASE_SYMMETRIC</c>: total electric power shared equally by three phases (W).</summary>
    ElectricPower3PhaseSymmetric,

    /// <summary><c>NATURAL_GAS.FLOW_RATE</c> (litre per second).</summary>
    NaturalGasFlowRate,

    /// <summary><c>HYDROGEN.FLOW_RATE</c> (gram per second).</summary>
    HydrogenFlowRate,

    /// <summary><c>HEAT.TEMPERATURE</c> (°C).</summary>
    HeatTemperature,

    /// <summary><c>HEAT.FLOW_RATE</c> (litre per second).</summary>
    HeatFlowRate,

    /// <summary><c>HEAT.THERMAL_POWER</c> (W).</summary>
    HeatThermalPower,

    /// <summary><c>OIL.FLOW_RATE</c> (litre per hour).</summary>
    OilFlowRate,
}

/// <summary>S2 spelling of <see cref="CommodityQuantity"/> values, both ways.</summary>
public static class CommodityQuantities
{
    /// <summary>Number of <see cref="CommodityQuantity"/> values (for arrays indexed by quantity).</summary>
    public const int Count = 10;

    private static readonly string[] Names =
    [
        "ELECTRIC.POWER.L1",
        "ELECTRIC.POWER.L2",
        "ELECTRIC.POWER.L3",
        "ELECTRIC.POWER.3_PHASE_SYMMETRIC",
        "NATURAL_GAS.FLOW_RATE",
        "HYDROGEN.FLOW_RATE",
        "HEAT.TEMPERATURE",
        "HEAT.FLOW_RATE",
        "HEAT.THERMAL_POWER",
        "OIL.FLOW_RATE",
    ];

    /// <summary>All S2 names, in enum order.</summary>
    public static IReadOnlyList<string> S2Names => Names;

    /// <summary>The S2 name, e.g. <c>ELECTRIC.POWER.3_PHASE_SYMMETRIC</c>.</summary>
    public static string ToS2(CommodityQuantity quantity) => Names[(int)quantity];

    /// <summary>True for the four electric quantities.</summary>
    public static bool IsElectric(CommodityQuantity quantity) => quantity <= CommodityQuantity.ElectricPower3PhaseSymmetric;

    /// <summary>
    /// Parses an S2 name (case-insensitive). Also accepts EOS's short spelling
    /// <c>ELECTRIC.POWER.3_PHASE_SYM</c> for the symmetric three-phase quantity.
    /// </summary>
    public static bool TryParse(string? text, out CommodityQuantity quantity)
    {
        quantity = default;
        if (text is null)
        {
            return false;
        }

        var s = text.Trim();
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], s, StringComparison.OrdinalIgnoreCase))
            {
                quantity = (CommodityQuantity)i;
                return true;
            }
        }

        if (string.Equals(s, "ELECTRIC.POWER.3_PHASE_SYM", StringComparison.OrdinalIgnoreCase))
        {
            quantity = CommodityQuantity.ElectricPower3PhaseSymmetric;
            return true;
        }

        return false;
    }
}
