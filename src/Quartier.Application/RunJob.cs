using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Core.Time;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Storage;

namespace Quartier.Application;

/// <summary>A run checked and wired, ready to execute: nothing is stored yet.</summary>
public sealed record PreparedRun(RunInput Input, RunSettings Settings, RunOptions Options, SimulationRunner Runner, IReadOnlyList<Diagnostic> Diagnostics, EnergySystem System)
{
    /// <summary>
    /// The partitions asked for where a system has no feeders to cut along: a DOTS request's largest <c>nr_of_models</c>
    /// (DOTS runs that many model instances of a service), else 1.
    /// </summary>
    public int RequestedPartitions => Input.Request is { } r && r.Services.Count > 0 ? Math.Max(1, r.Services.Max(s => s.NrOfModels)) : 1;

    public TimeGrid Grid => Runner.Grid;

    public string Name => Options.Name ?? Input.System.Name;

    /// <summary>The run's row in a result store, status Running, created at <paramref name="createdUtc"/>.</summary>
    public RunRecord Record(string id, DateTime createdUtc) =>
        new(id, Name, Input.Source, Input.Hash, Parameters(), RunStatus.Running, null, createdUtc, null, 0, Grid.Start, Grid.StepSeconds, Grid.Count);

    /// <summary>The run's parameters as stored with it (JSON): what was asked, resolved.</summary>
    public string Parameters()
    {
        var o = Options;
        var request = Input.Request;
        return JsonSerializer.Serialize(new
        {
            energy_system = new { id = Input.System.Id, name = Input.System.Name },
            start = Grid.Start.ToString("O", CultureInfo.InvariantCulture),
            duration_seconds = Grid.DurationSeconds,
            step_seconds = Grid.StepSeconds,
            record = o.Record,
            services = Runner.Simulation.Services.Select(s => s.Name).ToArray(),
            weather = Settings.Weather is null ? null : Path.GetFullPath(Settings.Weather),
            instructions = Settings.Instructions is null ? null : Path.GetFullPath(Settings.Instructions),
            grid_frequency = Settings.GridFrequency is null ? null : Path.GetFullPath(Settings.GridFrequency),
            outages = Settings.Outages is null ? null : Path.GetFullPath(Settings.Outages),
            eos_config = Settings.EosConfig is null ? null : Path.GetFullPath(Settings.EosConfig),
            prices = Settings.Prices is null ? null : Path.GetFullPath(Settings.Prices),
            power_flow = o.PowerFlow,
            ems = o.Ems.Strategy.ToString().ToLowerInvariant(),
            rules = o.Rules.ToString().ToLowerInvariant(),
            ems_gap = o.Ems.Plans ? o.Ems.Gap : (double?)null,
            ems_horizon = o.Ems.Plans ? o.Ems.Horizon : (int?)null,
            ems_solver = o.Ems.Plans ? o.Ems.Solver : null,
            calculation_services = request?.Services.Select(s => new
            {
                esdl_type = s.EsdlType,
                calc_service_name = s.Name,
                service_image_url = s.ImageUrl,
                nr_of_models = s.NrOfModels,
                additional_env_variable = s.Environment.Select(e => new { name = e.Name, value = e.Value }).ToArray(),
            }).ToArray(),
            log_level = request?.LogLevel,
            keep_logs_hours = request?.KeepLogsHours,
        });
    }
}

/// <summary>
/// What a simulation run does, for every host (the CLI, the server): check and wire the input
/// (<see cref="Prepare"/>; any input error surfaces here, before anything is stored), then execute it into a run
/// writer, committing results and KPIs or recording why it failed (<see cref="Execute"/>).
/// </summary>
public static class RunJob
{
    /// <summary>
    /// The system a run simulates (the input's, with <c>--eos-config</c>'s devices added) and its resolved options,
    /// without wiring the services: what a partition of the run needs (<see cref="Partitions.RunPartitions"/>).
    /// </summary>
    public static (EnergySystem System, RunOptions Options, List<Diagnostic> Diagnostics) Resolve(RunInput input, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Resolve(input);
        var diagnostics = new List<Diagnostic>(input.Diagnostics);
        if (settings.EosHome is not null && settings.EosConfig is null)
        {
            throw new InputException("--eos-home names the home for --eos-config's devices; give --eos-config too", field: "eos-home");
        }

        var system = settings.EosConfig is null
            ? input.System
            : EosConfigDevices.AddTo(input.System, Resources.Eos.EosDeviceConfig.Load(settings.EosConfig), settings.EosHome, settings.EosConfig, diagnostics);
        return (system, options, diagnostics);
    }

    public static PreparedRun Prepare(RunInput input, RunSettings settings)
    {
        var (system, options, diagnostics) = Resolve(input, settings);
        var runner = SimulationRunner.Prepare(system, options);
        diagnostics.AddRange(ServiceSelection.Skipped(input.System, options.ServiceKinds));
        diagnostics.AddRange(runner.Simulation.SourcedNotes.Select(n => Diagnostic.Note(n.Note, n.Service)));
        foreach (var feeder in runner.Simulation.Services.OfType<LvNetworkService>())
        {
            diagnostics.Add(Diagnostic.Note($"LV network {feeder.Network.Summary}, solved every step", feeder.Name));
            diagnostics.AddRange(feeder.Network.Notes.Select(n => Diagnostic.Note(n, feeder.Name)));
        }

        return new PreparedRun(input, settings, options, runner, diagnostics, system);
    }

    /// <summary>Attachment names of the external services' logs: <c>logs/NAME.log</c>.</summary>
    public const string LogAttachmentPrefix = "logs/";

    /// <summary>Keeps each external service's log with the run (also when it failed or was cancelled).</summary>
    private static void AttachServiceLogs(PreparedRun run, IRunWriter writer)
    {
        foreach (var (name, lines) in run.Runner.ServiceLogs)
        {
            writer.Attach(LogAttachmentPrefix + name + ".log", System.Text.Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/> into <paramref name="writer"/> (and <paramref name="also"/>, e.g. a live time-series
    /// sink) and commits; a cancelled run is stored Cancelled, a failed one Failed with its reason, and the exception
    /// goes on to the host (an <see cref="InputException"/> or a <see cref="SimulationException"/>).
    /// </summary>
    public static RunOutcome Execute(PreparedRun run, IRunWriter writer, IProgress<double>? progress = null, IResultSink? also = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        RunResult result;
        try
        {
            result = run.Runner.Execute(also is null ? writer : new TeeSink(writer, also), progress, cancellation);
        }
        catch (OperationCanceledException)
        {
            AttachServiceLogs(run, writer);
            writer.Fail("cancelled by the user", RunStatus.Cancelled);
            throw;
        }
        catch (Exception ex)
        {
            AttachServiceLogs(run, writer);
            writer.Fail(ex.Message);
            throw ex is InputException or SimulationException ? ex : new SimulationException(ex.Message, ex);
        }

        AttachServiceLogs(run, writer);
        if (NetworkTopology.Encode([.. run.Runner.Simulation.Services.OfType<LvNetworkService>().Select(f => f.Network)]) is { } network)
        {
            writer.Attach(NetworkTopology.Attachment, network);
        }

        writer.Commit(result.Kpis, result.WallSeconds);
        var diagnostics = new List<Diagnostic>();
        if (result.Kpis.FirstOrDefault(k => k.Name == "grid_steps_not_converged") is { Value: > 0 } failed)
        {
            diagnostics.Add(Diagnostic.Warning($"the LV power flow did not converge in {failed.Value:0} step(s); their figures are the last sweep's (the load is too high for the network)"));
        }

        return new RunOutcome(result, diagnostics);
    }
}

/// <summary>A finished run: its result and what its user should know about it.</summary>
public sealed record RunOutcome(RunResult Result, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>Passes every series block to two sinks.</summary>
public sealed class TeeSink(IResultSink first, IResultSink second) : IResultSink
{
    public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
    {
        first.DeclareSeries(series);
        second.DeclareSeries(series);
    }

    public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
    {
        first.WriteBlock(seriesId, firstStep, values);
        second.WriteBlock(seriesId, firstStep, values);
    }
}
