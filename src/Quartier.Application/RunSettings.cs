using System.Globalization;
using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;

namespace Quartier.Application;

/// <summary>
/// What a user asks of a simulation run, as any host receives it (command-line options, a request body): texts and
/// numbers not yet checked. <see cref="Resolve"/> checks them; each refusal is an <see cref="InputException"/> whose
/// <see cref="InputException.Field"/> is the field's name below (the CLI shows it as <c>--field</c>).
/// </summary>
public sealed record RunSettings
{
    public string? Start { get; init; }

    public string? Duration { get; init; }

    public string Step { get; init; } = "15min";

    public IReadOnlyList<string> Record { get; init; } = [];

    public string? Name { get; init; }

    /// <summary>Weather file path.</summary>
    public string? Weather { get; init; }

    /// <summary>Day-ahead price file path.</summary>
    public string? Prices { get; init; }

    public bool PowerFlow { get; init; } = true;

    public string? LineCodes { get; init; }

    public string? TransformerCodes { get; init; }

    /// <summary>rule, dots or mpc; null = dots for a DOTS request, else rule.</summary>
    public string? Ems { get; init; }

    public double? EmsGap { get; init; }

    public int? EmsHorizon { get; init; }

    public string EmsSolver { get; init; } = "cbc";

    public string Rules { get; init; } = "dots";

    /// <summary>Steps per recorded block (default a month at 15 min; a live sink such as InfluxDB wants a day).</summary>
    public int? RecordBlockSteps { get; init; }

    /// <summary>Cores for the step loop (0 = all).</summary>
    public int Threads { get; init; }

    /// <summary>Instruction schedule file (JSON or CSV): timed instructions for batteries and S2 devices.</summary>
    public string? Instructions { get; init; }

    /// <summary>Grid frequency series (CSV time,frequency) for FREQUENCY_REGULATION.</summary>
    public string? GridFrequency { get; init; }

    /// <summary>Outage schedule (CSV start,end) for OUTAGE_SUPPLY.</summary>
    public string? Outages { get; init; }

    /// <summary>Services file: built-in services' periods and offsets, external services (<c>--services</c>).</summary>
    public string? Services { get; init; }

    /// <summary>EOS configuration file whose devices join a home.</summary>
    public string? EosConfig { get; init; }

    /// <summary>The home (EConnection or building name or id) the EOS devices join; default the first.</summary>
    public string? EosHome { get; init; }

    /// <summary>Checks every field against <paramref name="input"/> and gives the engine's options.</summary>
    public RunOptions Resolve(RunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RunOptions
        {
            Start = Start is null ? input.Start : ParseStart(Start),
            DurationSeconds = Duration is null ? input.DurationSeconds : Seconds(Duration, "duration"),
            StepSeconds = checked((int)Seconds(Step, "step")),
            Record = Record.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            Name = Name ?? input.Name ?? input.System.Name,
            Weather = Weather is null ? null : WeatherReader.Read(Weather),
            Prices = Prices is null ? null : PriceFiles.Read(Prices),
            PowerFlow = PowerFlow,
            LineCodesPath = LineCodes,
            TransformerCodesPath = TransformerCodes,
            Ems = EmsOptions(input.IsDotsRequest),
            Rules = OneOf("rules", Rules, "a rule set", "dots", "quartier") == "quartier" ? ServiceRules.Quartier : ServiceRules.Dots,
            ServiceKinds = input.Request is { Services.Count: > 0 } request ? ServiceKinds(request, input.Label, Services is null ? [] : Simulation.External.ServiceDefinition.Load(Services)) : null,
            Services = Services is null ? [] : WithRequestEnvironment(Simulation.External.ServiceDefinition.Load(Services), input.Request),
            Threads = Threads,
            Instructions = Instructions is null ? null : Resources.Schedules.InstructionSchedule.Load(Instructions),
            Conditions = GridFrequency is null && Outages is null ? null : GridConditions.Load(GridFrequency, Outages),
            RecordBlockSteps = RecordBlockSteps is { } b ? (b is >= 1 and <= 100_000 ? b : throw new InputException($"record block {b} steps must be 1 … 100000", field: "record-block-steps")) : 2976,
        };
    }

    /// <summary>A DOTS request's <c>additional_env_variable</c> of an entry reaches the external service of that type (over the file's parameters).</summary>
    private static IReadOnlyList<Simulation.External.ServiceDefinition> WithRequestEnvironment(IReadOnlyList<Simulation.External.ServiceDefinition> services, Esdl.DotsRequest? request) =>
        request is null ? services : [.. services.Select(d => request.Services.FirstOrDefault(s => s.EsdlType == d.EsdlType.ToString() && s.Environment.Count > 0) is { } entry && d.IsExternal
            ? d with { Parameters = d.Parameters.Concat(entry.Environment.Select(e => KeyValuePair.Create(e.Name, e.Value))).GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal) }
            : d)];

    private static IReadOnlySet<Core.Model.AssetKind> ServiceKinds(Esdl.DotsRequest request, string label, IReadOnlyList<Simulation.External.ServiceDefinition> defined)
    {
        try
        {
            return ServiceSelection.Kinds(request.Services, defined);
        }
        catch (InputException e)
        {
            throw e.InFile(label);
        }
    }

    private EmsOptions EmsOptions(bool dotsRequest)
    {
        if (EmsGap is { } g && (!double.IsFinite(g) || g < 0 || g >= 1))
        {
            throw new InputException($"EMS gap {g.ToString(CultureInfo.InvariantCulture)} must be in [0, 1) (a relative gap, e.g. 0.15)", field: "ems-gap");
        }

        if (EmsHorizon is { } h && (h < 1 || h > 2_976))
        {
            throw new InputException($"EMS horizon {h} must be 1 … 2976 steps (a month at 15 min)", field: "ems-horizon");
        }

        var strategy = Ems is null ? (dotsRequest ? EmsStrategy.Dots : EmsStrategy.Rule)
            : Simulation.Services.EmsOptions.ParseStrategy(OneOf("ems", Ems, "an EMS", "rule", "dots", "mpc"));
        if (strategy == EmsStrategy.Rule && (EmsGap is not null || EmsHorizon is not null))
        {
            throw new InputException("the EMS gap and horizon apply to a planning EMS (dots or mpc), not to rule", field: "ems");
        }

        return new EmsOptions { Strategy = strategy, RelativeGap = EmsGap, HorizonSteps = EmsHorizon, Solver = OneOf("ems-solver", EmsSolver, "a solver", "cbc", "glpk") };
    }

    /// <summary>The value, trimmed and lower-cased, when it is one of <paramref name="allowed"/>; else an error naming them.</summary>
    private static string OneOf(string field, string text, string what, params string[] allowed)
    {
        var value = text.Trim().ToLowerInvariant();
        return Array.IndexOf(allowed, value) >= 0
            ? value
            : throw new InputException($"'{text}' is not {what}; allowed: {string.Join(", ", allowed)}", field: field);
    }

    private static DateTime ParseStart(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
            : throw new InputException($"'{text}' is not a date-time (e.g. 2020-08-11T00:00:00Z)", field: "start");

    private static long Seconds(string text, string field) =>
        DurationParser.TryParseSeconds(text, out var s) && s > 0
            ? s
            : throw new InputException($"'{text}' is not a duration (e.g. 900, 15min, 60h, 7d)", field: field);
}
