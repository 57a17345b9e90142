using System.CommandLine;
using Quartier.Application;
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
        var instructions = new Option<string?>("--instructions") { Description = "timed S2 instructions for batteries and GenericConsumer S2 devices, JSON or CSV (time,resource,mode,factor[,actuator][,abnormal_condition]); needs --ems rule for batteries" };
        var frequency = new Option<string?>("--grid-frequency") { Description = "grid frequency series, CSV time,frequency (Hz), for batteries in FREQUENCY_REGULATION" };
        var outages = new Option<string?>("--outages") { Description = "outage schedule, CSV start,end, for batteries in OUTAGE_SUPPLY" };
        var servicesFile = new Option<string?>("--services") { Description = "services file (JSON): which service serves each ESDL type — a built-in with its period_in_seconds/offset_in_seconds, or an external process (command or connect) speaking Quartier's service protocol, declared by DOTS's input.json" };
        var eosConfig = new Option<string?>("--eos-config") { Description = "EOS configuration (EOS.config.json): its batteries and home appliances join a home" };
        var eosHome = new Option<string?>("--eos-home") { Description = "the home (EConnection or building name or id) the EOS devices join (default: the first)" };
        var command = new Command("run", "Simulate an energy system and print its key figures") { file, start, duration, step, record, name, db, weather, prices, noPowerFlow, lineCodes, xfmrCodes, ems, emsGap, emsHorizon, emsSolver, rules, instructions, frequency, outages, eosConfig, eosHome, servicesFile };
        command.SetAction((parse, cancellation) => Task.FromResult(CliGuard.Run(token => Execute(
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
            new DeviceChoice(parse.GetValue(instructions), parse.GetValue(frequency), parse.GetValue(outages), parse.GetValue(eosConfig), parse.GetValue(eosHome), parse.GetValue(servicesFile)),
            token), cancellation)));
        return command;
    }

    private static int Execute(string file, string? startText, string? durationText, string stepText, string[] record, string? name, string? dbOption, string? weatherFile, string? pricesFile, GridChoice gridChoice, EmsChoice emsChoice, DeviceChoice devices, CancellationToken cancellation)
    {
        var input = RunInput.Load(file);
        var settings = new RunSettings
        {
            Start = startText,
            Duration = durationText,
            Step = stepText,
            Record = record,
            Name = name,
            Weather = weatherFile,
            Prices = pricesFile,
            PowerFlow = gridChoice.PowerFlow,
            LineCodes = gridChoice.LineCodes,
            TransformerCodes = gridChoice.TransformerCodes,
            Ems = emsChoice.Strategy,
            EmsGap = emsChoice.Gap,
            EmsHorizon = emsChoice.Horizon,
            EmsSolver = emsChoice.Solver,
            Rules = emsChoice.RulesText,
            Instructions = devices.Instructions,
            GridFrequency = devices.Frequency,
            Outages = devices.Outages,
            EosConfig = devices.EosConfig,
            EosHome = devices.EosHome,
            Services = devices.Services,
        };
        SqliteResultStore.CheckFile(Workspace.DatabasePath(dbOption)); // a --db that is no store fails before the run is prepared
        var prepared = RunJob.Prepare(input, settings);
        Diagnostics.Print(prepared.Diagnostics);
        var runner = prepared.Runner;
        var grid = runner.Grid;
        using var store = SqliteResultStore.Open(Workspace.DatabasePath(dbOption));
        var runId = Guid.NewGuid().ToString("N");
        using var writer = store.BeginRun(prepared.Record(runId, store.Clock.GetUtcNow().UtcDateTime));
        Console.Error.WriteLine($"run {runId[..8]}: {input.System.Name}, {grid.Count} steps of {grid.StepSeconds} s from {grid.Start:yyyy-MM-dd HH:mm} UTC ({grid.DurationSeconds / 3600.0:0.##} h), {runner.Simulation.Services.Count()} services");
        var outcome = ProgressBar.Interactive
            ? ProgressBar.Run("simulating", 1.0, progress => RunJob.Execute(prepared, writer, progress, cancellation: cancellation))
            : RunJob.Execute(prepared, writer, cancellation: cancellation);
        Diagnostics.Print(outcome.Diagnostics);
        var result = outcome.Result;
        KpiTable.Print(result.Kpis, $"{prepared.Name} — run {runId[..8]}");
        long householdSteps = (long)result.Connections * result.Steps;
        Console.WriteLine($"{result.Steps} steps × {result.Connections} connections in {result.WallSeconds:0.###} s ({householdSteps / Math.Max(result.WallSeconds, 1e-9):N0} connection-steps/s); {result.Series.Count} series recorded in {store.Path}");
        return ExitCodes.Ok;
    }

    private sealed record GridChoice(bool PowerFlow, string? LineCodes, string? TransformerCodes);

    private sealed record DeviceChoice(string? Instructions, string? Frequency, string? Outages, string? EosConfig, string? EosHome, string? Services = null);

    private sealed record EmsChoice(string? Strategy, double? Gap, int? Horizon, string Solver, string RulesText);
}
