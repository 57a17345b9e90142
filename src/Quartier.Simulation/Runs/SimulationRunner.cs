using System.Diagnostics;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Core.Time;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Kpis;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Runs;

/// <summary>The outcome of a run: its key figures and how long it took.</summary>
public sealed record RunResult(IReadOnlyList<Kpi> Kpis, double WallSeconds, int Steps, int Connections, IReadOnlyList<SeriesInfo> Series);

/// <summary>
/// Prepares a run (wires the built-in services over the system; any input error surfaces here, before
/// anything is stored) and executes it into a result sink with KPIs.
/// </summary>
public sealed class SimulationRunner
{
    private SimulationRunner(CoSimulation simulation, RunOptions options)
    {
        Simulation = simulation;
        Options = options;
    }

    public CoSimulation Simulation { get; }

    public RunOptions Options { get; }

    public TimeGrid Grid => Simulation.Grid;

    public static SimulationRunner Prepare(EnergySystem system, RunOptions options, IEnumerable<CalculationService>? services = null)
    {
        if (options.Weather is not null)
        {
            system = WithWeatherAsset(system);
        }

        var grid = RunPlanner.Plan(system, options);
        var simulation = new SimulationBuilder(system, grid).AddRange(services ?? BuiltInServices.Create(options.Weather)).Build();
        return new SimulationRunner(simulation, options);
    }

    /// <summary>The system itself if it has an EnvironmentalProfiles asset, else a copy with one (for a weather file to feed).</summary>
    internal static EnergySystem WithWeatherAsset(EnergySystem system)
    {
        if (system.OfKind(AssetKind.EnvironmentalProfiles).Any())
        {
            return system;
        }

        var weather = new Asset("quartier-weather", "Weather", "EnvironmentalProfiles", AssetKind.EnvironmentalProfiles, new Dictionary<string, string>());
        var byId = new Dictionary<string, Asset>(system.AssetsById) { [weather.Id] = weather };
        return new EnergySystem
        {
            Id = system.Id,
            Name = system.Name,
            Description = system.Description,
            SourceFile = system.SourceFile,
            Instances = system.Instances,
            Assets = [.. system.Assets, weather],
            AssetsById = byId,
            PortsById = system.PortsById,
            Carriers = system.Carriers,
            QuantityAndUnits = system.QuantityAndUnits,
            Measures = system.Measures,
            Warnings = system.Warnings,
        };
    }

    public RunResult Execute(IResultSink sink, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        var recorder = new Recorder(sink, Options.Record);
        var kpis = new KpiCollector();
        Simulation.Run([recorder, kpis], progress, Options.Threads, cancellation);
        var result = kpis.Result(Simulation);
        return new RunResult(result, watch.Elapsed.TotalSeconds, Grid.Count, Simulation.System.OfKind(AssetKind.EConnection).Count(), recorder.Series);
    }
}
