using Quartier.Core.Model;
using Quartier.Core.Series;
using Quartier.Forecasting.Forecasts;
using Quartier.Forecasting.Weather;
using Quartier.Grid.Network;
using Quartier.Resources.Schedules;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Runs;

namespace Quartier.Simulation.Services;

/// <summary>The calculation services that reproduce DOTS's, one fresh instance each per run.</summary>
public static class BuiltInServices
{
    /// <summary>
    /// The services; <paramref name="weather"/> and <paramref name="prices"/> replace the ESDL's environmental and market
    /// profiles when given; with LV <paramref name="networks"/> (one per feeder) their transformers are served by the power flow
    /// (<see cref="LvNetworkService"/>) instead of the plain aggregation; <paramref name="ems"/> chooses the EConnections' EMS and
    /// <paramref name="rules"/> DOTS's service rules (the default) or Quartier's physics (<see cref="ServiceRules"/>);
    /// <paramref name="fastPath"/> false steps every device through its S2 resource (the fleets' fast path off, for comparison);
    /// <paramref name="instructions"/> are timed instructions for batteries and S2 devices, <paramref name="conditions"/> the
    /// grid frequency and outages the batteries' modes respond to.
    /// </summary>
    public static IReadOnlyList<CalculationService> Create(WeatherSeries? weather = null, TimeSeries? prices = null, IReadOnlyList<LvNetwork>? networks = null, EmsOptions? ems = null, ServiceRules rules = ServiceRules.Dots, bool fastPath = true, InstructionSchedule? instructions = null, GridConditions? conditions = null) =>
    [
        new WeatherService(weather),
        new MarketService(prices),
        new ElectricityDemandService(),
        new PvService(weather),
        new BatteryService { FastPath = fastPath, Schedule = instructions },
        new S2DeviceService { Schedule = instructions },
        new EvChargingService(rules == ServiceRules.Dots ? EvRules.Dots : EvRules.Quartier) { FastPath = fastPath },
        new HeatPumpService(AssetKind.HybridHeatPump, ems is { Plans: true } ? HeatPumpControl.Dispatch : HeatPumpControl.Thermostat, rules) { FastPath = fastPath },
        new HeatPumpService(AssetKind.HeatPump, ems is { Plans: true } ? HeatPumpControl.Dispatch : HeatPumpControl.Thermostat, rules) { FastPath = fastPath },
        new EmsService(ems, rules) { Conditions = conditions, Schedule = instructions },
        .. LvNetworkService.ForFeeders(networks ?? []),
        new TransformerService(),
    ];
}
