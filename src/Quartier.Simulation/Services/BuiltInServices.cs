using Quartier.Core.Model;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>The calculation services that reproduce DOTS's, one fresh instance each per run.</summary>
public static class BuiltInServices
{
    public static IReadOnlyList<CalculationService> Create() =>
    [
        new WeatherService(),
        new MarketService(),
        new ElectricityDemandService(),
        new PvService(),
        new BatteryService(),
        new EvChargingService(),
        new HeatPumpService(AssetKind.HybridHeatPump),
        new HeatPumpService(AssetKind.HeatPump),
        new EmsService(),
        new TransformerService(),
    ];
}
