namespace Quartier.Core.Model;

/// <summary>The ESDL asset and object types Quartier understands; anything else is <see cref="Unknown"/>.</summary>
public enum AssetKind
{
    Unknown,
    Building,
    EConnection,
    ElectricityDemand,
    PVInstallation,
    Battery,
    EVChargingStation,
    HeatPump,
    HybridHeatPump,
    Transformer,
    ElectricityCable,
    Joint,
    Import,
    Export,
    ElectricityNetwork,
    EnvironmentalProfiles,
    EnergyMarket,

    /// <summary>An S2 device (OMBC, DDBC or PPBC) described by its description JSON.</summary>
    GenericConsumer,
}
