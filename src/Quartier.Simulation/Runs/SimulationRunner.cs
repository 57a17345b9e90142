using System.Diagnostics;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Core.Tariffs;
using Quartier.Core.Time;
using Quartier.Grid.Network;
using Quartier.Simulation.Engine;
using Quartier.Simulation.External;
using Quartier.Simulation.Kpis;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Runs;

/// <summary>The outcome of a run: its key figures and how long it took.</summary>
public sealed record RunResult(IReadOnlyList<Kpi> Kpis, double WallSeconds, int Steps, int Connections, IReadOnlyList<SeriesInfo> Series)
{
    /// <summary>What the KPIs were taken from (a partition of a run hands its sums' addends on from it).</summary>
    public Kpis.KpiCollector? Collector { get; init; }
}

/// <summary>
/// Prepares a run (wires the built-in services over the system; any input error surfaces here, before
/// anything is stored) and executes it into a result sink with KPIs.
/// </summary>
public sealed class SimulationRunner
{
    private SimulationRunner(CoSimulation simulation, RunOptions options, IReadOnlyList<ExternalService> externals)
    {
        Simulation = simulation;
        Options = options;
        External = externals;
    }

    /// <summary>The external services of this run, started at <see cref="Prepare"/> and stopped when <see cref="Execute"/> ends.</summary>
    public IReadOnlyList<ExternalService> External { get; }

    /// <summary>Each external service's log (its output and log frames), by service name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ServiceLogs => External.ToDictionary(e => e.Definition.Name, e => e.Log, StringComparer.Ordinal);

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
            services = services.Where(s => kinds.Contains(s.Kind) || options.Services.Any(d => d.IsExternal && d.EsdlType == s.Kind)).ToList();
        }

        var externals = new List<ExternalService>();
        try
        {
            var list = Schedule(services.ToList(), options);
            var environment = ServiceEnvironment(options, grid);
            foreach (var definition in options.Services.Where(d => d.IsExternal))
            {
                var external = ExternalService.Start(definition, environment);
                externals.Add(external);
                list.RemoveAll(s => s.Kind == definition.EsdlType);
                list.InsertRange(0, external.Calculations);
            }

            var simulation = new SimulationBuilder(system, grid).AddRange(list).Build();
            foreach (var external in externals)
            {
                external.Initialize(environment["SIMULATION_ID"], grid.Start, (long)grid.Count * grid.StepSeconds, grid.StepSeconds, environment);
            }

            // what the external services record explicitly is kept, besides what the run records
            var recorded = externals.SelectMany(e => e.Calculations.SelectMany(c => c.Outputs.Where(o => o.Description?.StartsWith("recorded", StringComparison.Ordinal) == true).Select(o => $"{c.Kind}/{o.Name}"))).Distinct(StringComparer.Ordinal).ToList();
            options = options with { AlsoRecord = recorded };

            if (options.Record.Count > 0)
            {
                Recorder.Validate(options.Record, simulation);
            }

            return new SimulationRunner(simulation, options, externals);
        }
        catch
        {
            foreach (var e in externals)
            {
                e.Dispose();
            }

            throw;
        }
    }

    /// <summary>The built-in services with the periods and offsets the run's service definitions set; a definition of a type with no service is refused.</summary>
    private static List<CalculationService> Schedule(List<CalculationService> services, RunOptions options)
    {
        foreach (var definition in options.Services.Where(d => !d.IsExternal))
        {
            var matching = services.Where(s => s.Kind == definition.EsdlType).ToList();
            if (matching.Count == 0)
            {
                throw new InputException($"service '{definition.Name}': no built-in service simulates {definition.EsdlType}; give it a command or connect to run an external one", field: "esdl_type");
            }

            foreach (var s in matching)
            {
                s.ScheduledPeriodSeconds = definition.PeriodSeconds ?? s.ScheduledPeriodSeconds;
                s.ScheduledOffsetSeconds = definition.OffsetSeconds ?? s.ScheduledOffsetSeconds;
            }
        }

        return services;
    }

    /// <summary>What an external service is told about the run, as DOTS's environment variables.</summary>
    private static Dictionary<string, string> ServiceEnvironment(RunOptions options, TimeGrid grid) => new(StringComparer.Ordinal)
    {
        ["SIMULATION_ID"] = options.RunId ?? Guid.NewGuid().ToString("N"),
        ["SIMULATION_NAME"] = options.Name ?? "quartier",
        ["SIMULATION_START_DATE"] = grid.Start.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        ["SIMULATION_DURATION_IN_SECONDS"] = ((long)grid.Count * grid.StepSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LOG_LEVEL"] = options.LogLevel,
    };

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
        using var recorder = new Recorder(sink, Options.Record, Options.RecordBlockSteps, Options.AlsoRecord);
        var kpis = new KpiCollector();
        try
        {
            Simulation.Tiling = Options.Tiling;
            Simulation.Run([recorder, kpis], progress, Options.Threads, cancellation);
        }
        finally
        {
            foreach (var e in External)
            {
                e.Dispose();
            }
        }

        var result = kpis.Result(Simulation);
        return new RunResult(result, watch.Elapsed.TotalSeconds, Grid.Count, Simulation.System.OfKind(AssetKind.EConnection).Count(), recorder.Series) { Collector = kpis };
    }
}
