using Quartier.Core.Model;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Weather;
using Quartier.Grid.Network;
using Quartier.Simulation.Engine;

namespace Quartier.Simulation.Services;

/// <summary>The calculation services that reproduce DOTS's, one fresh instance each per run.</summary>
public static class BuiltInServices
{
    /// <summary>
    /// The services; <paramref name="weather"/> and <paramref name="prices"/> replace the ESDL's environmental and market
    /// profiles when given; with LV <paramref name="networks"/> (one per feeder) their transformers are served by the power flow
    /// (<see cref="LvNetworkService"/>) instead of the plain aggregation; <paramref name="evRules"/> chooses DOTS's EV rules
    /// (the default) or Quartier's (<see cref="EvRules"/>).
    /// </summary>
    public static IReadOnlyList<CalculationService> Create(WeatherSeries? weather = null, TimeSeries? prices = null, IReadOnlyList<LvNetwork>? networks = null, EvRules evRules = EvRules.Dots) =>
    [
        new WeatherService(weather),
        new MarketService(prices),
        new ElectricityDemandService(),
        new PvService(weather),
        new BatteryService(),
        new EvChargingService(evRules),
        new HeatPumpService(AssetKind.HybridHeatPump),
        new HeatPumpService(AssetKind.HeatPump),
        new EmsService(),
        .. LvNetworkService.ForFeeders(networks ?? []),
        new TransformerService(),
    ];
}
