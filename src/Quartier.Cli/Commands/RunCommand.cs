using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quartier.Core.Errors;
using Quartier.Core.Results;
using Quartier.Core.Time;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Storage;

namespace Quartier.Cli.Commands;

/// <summary><c>quartier run</c>: simulate an ESDL system (or a DOTS request) and store results and KPIs.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "ESDL file, or a DOTS simulation request (.json with esdl_base64string)" };
        var start = new Option<string?>("--start") { Description = "start instant, UTC (default: where the profiles start)" };
        var duration = new Option<string?>("--duration") { Description = "e.g. 60h, 7d, 216000 (default: the profiles' span)" };
        var step = new Option<string>("--step") { Description = "time step, e.g. 15min, 900", DefaultValueFactory = _ => "15min" };
        var record = new Option<string[]>("--record") { Description = "signals to record, ESDLType/output with * wildcards, or all", AllowMultipleArgumentsPerToken = true };
        var name = new Option<string?>("--name") { Description = "a name for the run" };
        var db = SharedOptions.Db();
        var weather = new Option<string?>("--weather") { Description = "weather file (EPW, PVGIS TMY/hourly CSV, BrightSky/Open-Meteo JSON, CSV) replacing the ESDL's environmental profiles; a typical year serves any year" };
        var prices = new Option<string?>("--prices") { Description = "day-ahead prices (EOS Akkudoktor or Energy-Charts JSON, or CSV time,price [unit]) replacing the ESDL's market profile" };
        var noPowerFlow = new Option<bool>("--no-power-flow") { Description = "do not solve the LV network (cables, joints) every step; the transformer only sums its connections" };
        var lineCodes = new Option<string?>("--line-codes") { Description = "OpenDSS LineCode library for the cables (default: LineCode.dss next to the ESDL, else DOTS's built-in copy)" };
        var xfmrCodes = new Option<string?>("--transformer-codes") { Description = "OpenDSS XFMRCode library (default: XFMRCode.dss next to the ESDL, else DOTS's built-in copy)" };
        var ems = new Option<string?>("--ems") { Description = "energy management of the EConnections: rule (one step at a time, prices ignored), dots (DOTS's cost-optimal MILP, 48 × 15 min, re-planned every step) or mpc (the same MILP with Quartier's physics, 24 h); default dots for a DOTS request, else rule" };
        var emsGap = new Option<double?>("--ems-gap") { Description = "relative MIP gap at which an EMS plan is accepted (default 0.15 = DOTS's for dots, 0.001 for mpc; 0 = optimal)" };
        var emsHorizon = new Option<int?>("--ems-horizon") { Description = "EMS plan length in steps (default 48 for dots, 96 for mpc)" };
        var emsSolver = new Option<string>("--ems-solver") { Description = "MILP solver of a planning EMS: cbc or glpk (DOTS's solver; plans of several connections are solved on several cores at once)", DefaultValueFactory = _ => "cbc" };
        var rules = new Option<string>("--rules") { Description = "where DOTS's services and Quartier's physics differ: dots (DOTS's rules: fixed heat-pump COPs, EV without losses, PTU p seen at step p + 1, …) or quartier (ESDL COPs, EV efficiency, …); see docs/architecture.md", DefaultValueFactory = _ => "dots" };
        var command = new Command("run", "Simulate an energy system and print its key figures") { file, start, duration, step, record, name, db, weather, prices, noPowerFlow, lineCodes, xfmrCodes, ems, emsGap, emsHorizon, emsSolver, rules };
        command.SetAction((parse, cancellation) => Task.FromResult(CliGuard.Run(() => Execute(
            parse.GetValue(file)!,
            parse.GetValue(start),
            parse.GetValue(duration),
            parse.GetValue(step)!,
            parse.GetValue(record) ?? [],
            parse.GetValue(name),
            parse.GetValue(db),
            parse.GetValue(weather),
            parse.GetValue(prices),
            new GridChoice(!parse.GetValue(noPowerFlow), parse.GetValue(lineCodes), parse.GetValue(xfmrCodes)),
            new EmsChoice(parse.GetValue(ems), parse.GetValue(emsGap), parse.GetValue(emsHorizon), parse.GetValue(emsSolver)!, parse.GetValue(rules)!),
            cancellation))));
        return command;
    }

    private static int Execute(string file, string? startText, string? durationText, string stepText, string[] record, string? name, string? dbOption, string? weatherFile, string? pricesFile, GridChoice gridChoice, EmsChoice emsChoice, CancellationToken cancellation)
    {
        var input = LoadedInput.Load(file);
        foreach (var warning in input.System.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        var options = new RunOptions
        {
            Start = startText is null ? input.Start : ParseStart(startText),
            DurationSeconds = durationText is null ? input.DurationSeconds : Seconds(durationText, "--duration"),
            StepSeconds = checked((int)Seconds(stepText, "--step")),
            Record = record.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            Name = name ?? input.Name ?? input.System.Name,
            Weather = weatherFile is null ? null : WeatherReader.Read(weatherFile),
            Prices = pricesFile is null ? null : PriceFiles.Read(pricesFile),
            PowerFlow = gridChoice.PowerFlow,
            LineCodesPath = gridChoice.LineCodes,
            TransformerCodesPath = gridChoice.TransformerCodes,
            Ems = emsChoice.Options(input.IsDotsRequest),
            Rules = emsChoice.Rules,
        };
        var runner = SimulationRunner.Prepare(input.System, options);
        foreach (var note in runner.Simulation.Notes)
        {
            Console.Error.WriteLine($"note: {note}");
        }

        foreach (var feeder in runner.Simulation.Services.OfType<LvNetworkService>())
        {
            var net = feeder.Network;
            Console.Error.WriteLine($"LV network {net.Summary}, solved every step");
            foreach (var note in net.Notes)
            {
                Console.Error.WriteLine($"note: {note}");
            }
        }

        var grid = runner.Grid;
        using var store = SqliteResultStore.Open(Workspace.DatabasePath(dbOption));
        var runId = Guid.NewGuid().ToString("N");
        var parameters = JsonSerializer.Serialize(new
        {
            start = grid.Start.ToString("O", CultureInfo.InvariantCulture),
            duration_seconds = grid.DurationSeconds,
            step_seconds = grid.StepSeconds,
            record = options.Record,
            services = runner.Simulation.Services.Select(s => s.Name).ToArray(),
            weather = weatherFile is null ? null : Path.GetFullPath(weatherFile),
            prices = pricesFile is null ? null : Path.GetFullPath(pricesFile),
            power_flow = options.PowerFlow,
            ems = options.Ems.Strategy.ToString().ToLowerInvariant(),
            rules = options.Rules.ToString().ToLowerInvariant(),
            ems_gap = options.Ems.Plans ? options.Ems.Gap : (double?)null,
            ems_horizon = options.Ems.Plans ? options.Ems.Horizon : (int?)null,
            ems_solver = options.Ems.Plans ? options.Ems.Solver : null,
        });
        var run = new RunRecord(runId, options.Name!, Path.GetFullPath(input.Path), input.Hash, parameters, RunStatus.Running, null, DateTime.UtcNow, null, 0, grid.Start, grid.StepSeconds, grid.Count);
        using var writer = store.BeginRun(run);
        Console.Error.WriteLine($"run {runId[..8]}: {input.System.Name}, {grid.Count} steps of {grid.StepSeconds} s from {grid.Start:yyyy-MM-dd HH:mm} UTC ({grid.DurationSeconds / 3600.0:0.##} h), {runner.Simulation.Services.Count()} services");
        RunResult result;
        try
        {
            result = WithProgress(runner, writer, cancellation);
        }
        catch (OperationCanceledException)
        {
            writer.Fail("cancelled by the user", RunStatus.Cancelled);
            throw;
        }
        catch (Exception ex)
        {
            writer.Fail(ex.Message);
            throw ex is InputException or SimulationException ? ex : new SimulationException(ex.Message, ex);
        }

        writer.Commit(result.Kpis, result.WallSeconds);
        if (result.Kpis.FirstOrDefault(k => k.Name == "grid_steps_not_converged") is { Value: > 0 } failed)
        {
            Console.Error.WriteLine($"warning: the LV power flow did not converge in {failed.Value:0} step(s); their figures are the last sweep's (the load is too high for the network)");
        }

        KpiTable.Print(result.Kpis, $"{options.Name} — run {runId[..8]}");
        long householdSteps = (long)result.Connections * result.Steps;
        Console.WriteLine($"{result.Steps} steps × {result.Connections} connections in {result.WallSeconds:0.###} s ({householdSteps / Math.Max(result.WallSeconds, 1e-9):N0} connection-steps/s); {result.Series.Count} series recorded in {store.Path}");
        return ExitCodes.Ok;
    }

    private static RunResult WithProgress(SimulationRunner runner, IResultSink sink, CancellationToken cancellation) =>
        ProgressBar.Interactive
            ? ProgressBar.Run("simulating", 1.0, progress => runner.Execute(sink, progress, cancellation))
            : runner.Execute(sink, null, cancellation);

    private sealed record GridChoice(bool PowerFlow, string? LineCodes, string? TransformerCodes);

    private sealed record EmsChoice(string? Strategy, double? Gap, int? Horizon, string Solver, string RulesText)
    {
        public ServiceRules Rules => OneOf("--rules", RulesText, "a rule set", "dots", "quartier") == "quartier" ? ServiceRules.Quartier : ServiceRules.Dots;

        public EmsOptions Options(bool dotsRequest)
        {
            if (Gap is { } g && (!double.IsFinite(g) || g < 0 || g >= 1))
            {
                throw new InputException($"--ems-gap {g.ToString(CultureInfo.InvariantCulture)} must be in [0, 1) (a relative gap, e.g. 0.15)");
            }

            if (Horizon is { } h && (h < 1 || h > 2_976))
            {
                throw new InputException($"--ems-horizon {h} must be 1 … 2976 steps (a month at 15 min)");
            }

            var strategy = Strategy is null ? (dotsRequest ? EmsStrategy.Dots : EmsStrategy.Rule)
                : EmsOptions.ParseStrategy(OneOf("--ems", Strategy, "an EMS", "rule", "dots", "mpc"));
            if (strategy == EmsStrategy.Rule && (Gap is not null || Horizon is not null))
            {
                throw new InputException("--ems-gap and --ems-horizon apply to a planning EMS (--ems dots or mpc), not to rule");
            }

            return new EmsOptions { Strategy = strategy, RelativeGap = Gap, HorizonSteps = Horizon, Solver = OneOf("--ems-solver", Solver, "a solver", "cbc", "glpk") };
        }

        /// <summary>The option's value, trimmed and lower-cased, when it is one of <paramref name="allowed"/>; else an error naming them.</summary>
        private static string OneOf(string option, string text, string what, params string[] allowed)
        {
            var value = text.Trim().ToLowerInvariant();
            return Array.IndexOf(allowed, value) >= 0
                ? value
                : throw new InputException($"{option} '{text}' is not {what}; allowed: {string.Join(", ", allowed)}");
        }
    }

    private static DateTime ParseStart(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
            : throw new InputException($"--start '{text}' is not a date-time (e.g. 2020-08-11T00:00:00Z)");

    private static long Seconds(string text, string option) =>
        DurationParser.TryParseSeconds(text, out var s) && s > 0
            ? s
            : throw new InputException($"{option} '{text}' is not a duration (e.g. 900, 15min, 60h, 7d)");
}
