using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// What a power value refers to (S2 <c>CommodityQuantity</c>): the commodity, the quantity and, for electricity, the phase.
/// Consumption is positive, production negative. <see cref="S2Commodities.Of"/> gives the commodity of a quantity.
/// </summary>
[JsonConverter(typeof(S2EnumConverter<CommodityQuantity>))]
public enum CommodityQuantity
{
    [JsonStringEnumMemberName("ELECTRIC.POWER.L1")]
    ElectricPowerL1,

    [JsonStringEnumMemberName("ELECTRIC.POWER.L2")]
    ElectricPowerL2,

    [JsonStringEnumMemberName("ELECTRIC.POWER.L3")]
    ElectricPowerL3,

    [JsonStringEnumMemberName("ELECTRIC.POWER.3_PHASE_SYMMETRIC")]
    ElectricPower3PhaseSymmetric,

    [JsonStringEnumMemberName("NATURAL_GAS.FLOW_RATE")]
    NaturalGasFlowRate,

    [JsonStringEnumMemberName("HYDROGEN.FLOW_RATE")]
    HydrogenFlowRate,

    [JsonStringEnumMemberName("HEAT.TEMPERATURE")]
    HeatTemperature,

    [JsonStringEnumMemberName("HEAT.FLOW_RATE")]
    HeatFlowRate,

    [JsonStringEnumMemberName("HEAT.THERMAL_POWER")]
    HeatThermalPower,

    [JsonStringEnumMemberName("OIL.FLOW_RATE")]
    OilFlowRate,
}
