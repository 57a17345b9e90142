using Quartier.Core.Model;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>The calculation services that reproduce DOTS's, one fresh instance each per run.</summary>
public static class BuiltInServices
{
    /// <summary>The services; <paramref name="weather"/> replaces the ESDL's environmental profiles when given.</summary>
    public static IReadOnlyList<CalculationService> Create(WeatherSeries? weather = null) =>
    [
        new WeatherService(weather),
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
