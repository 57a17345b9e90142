using System.Diagnostics;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Core.Tariffs;
using Quartier.Core.Time;
using Quartier.Grid.Network;
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
            system = WithAsset(system, AssetKind.EnvironmentalProfiles, "quartier-weather", "Weather");
        }

        if (options.Prices is not null)
        {
            system = WithAsset(system, AssetKind.EnergyMarket, "quartier-market", "DayAheadMarket");
        }

        var grid = RunPlanner.Plan(system, options);
        if (options.Instructions is { } schedule)
        {
            ScheduleBinding.Check(system, schedule, grid);
            if (options.Ems.Plans && schedule.Instructions.FirstOrDefault(i => system.Assets.Any(a => a.Kind == AssetKind.Battery && (a.Id == i.ResourceId || a.Name == i.ResourceId))) is { } planned)
            {
                throw new Core.Errors.InputException($"battery '{planned.ResourceId}' has scheduled instructions, but a planning EMS ({options.Ems.Strategy.ToString().ToLowerInvariant()}) dispatches the batteries itself; use --ems rule", schedule.Source, planned.Line, planned.ResourceId, field: "resource");
            }
        }

        // a frequency series must cover the run
        _ = options.Conditions?.FrequencyPerStep(grid);

        // tariff measures of the wrong shape fail here, as DOTS's EMS fails on them at init (every EMS books them)
        _ = GridTariff.FromSystem(system);
        var networks = options.ServiceKinds is { } only && !only.Contains(AssetKind.Transformer) ? [] : Network(system, options);
        services ??= BuiltInServices.Create(options.Weather, options.Prices, networks, options.Ems with { Threads = options.Threads }, options.Rules, options.FastPath, options.Instructions, options.Conditions);
        if (options.ServiceKinds is { } kinds)
        {
            services = services.Where(s => kinds.Contains(s.Kind)).ToList();
        }

        var simulation = new SimulationBuilder(system, grid).AddRange(services).Build();
        if (options.Record.Count > 0)
        {
            Recorder.Validate(options.Record, simulation);
        }

        return new SimulationRunner(simulation, options);
    }

    /// <summary>The LV networks (one per transformer) to solve every step: built when the ESDL has electricity cables and power flow is on.</summary>
    internal static IReadOnlyList<LvNetwork> Network(EnergySystem system, RunOptions options)
    {
        if (!options.PowerFlow || !system.OfKind(AssetKind.ElectricityCable).Any())
        {
            return [];
        }

        var codes = CodeLibraries.Resolve(system.SourceFile, options.LineCodesPath, options.TransformerCodesPath);
        try
        {
            return NetworkBuilder.FeedersFromEsdl(system, codes.LineCodes, codes.TransformerCodes);
        }
        catch (InputException ex)
        {
            throw new InputException($"LV network: {ex.Message} (a run without power flow simulates without it)", ex.File, ex.Line, ex.ElementId, ex);
        }
    }

    /// <summary>The system itself if it has an asset of <paramref name="kind"/>, else a copy with one (for a weather or price file to feed).</summary>
    internal static EnergySystem WithAsset(EnergySystem system, AssetKind kind, string id, string name)
    {
        if (system.OfKind(kind).Any())
        {
            return system;
        }

        var asset = new Asset(id, name, kind.ToString(), kind, new Dictionary<string, string>());
        return system.WithAssets([.. system.Assets, asset]);
    }

    public RunResult Execute(IResultSink sink, IProgress<double>? progress = null, CancellationToken cancellation = default)
    {
        var watch = Stopwatch.StartNew();
        using var recorder = new Recorder(sink, Options.Record, Options.RecordBlockSteps);
        var kpis = new KpiCollector();
        Simulation.Run([recorder, kpis], progress, Options.Threads, cancellation);
        var result = kpis.Result(Simulation);
        return new RunResult(result, watch.Elapsed.TotalSeconds, Grid.Count, Simulation.System.OfKind(AssetKind.EConnection).Count(), recorder.Series);
    }
}
