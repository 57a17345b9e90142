namespace Quartier.Simulation.Runs;

/// <summary>What the user asks of a run; unset values take defaults from the input (the profiles' span, 15-min steps).</summary>
public sealed record RunOptions
{
    public DateTime? Start { get; init; }

    public long? DurationSeconds { get; init; }

    public int StepSeconds { get; init; } = 900;

    public IReadOnlyList<string> Record { get; init; } = [];

    /// <summary>Steps per recorded block: a sink sees a run's series this often (smaller = a live dashboard sees them sooner).</summary>
    public int RecordBlockSteps { get; init; } = 2976;

    public string? Name { get; init; }

    /// <summary>Cores for the step loop: 0 = all, 1 = single-threaded. Results are identical either way.</summary>
    public int Threads { get; init; }

    /// <summary>A weather file's series that replaces the ESDL's environmental profiles (and drives the physical PV model).</summary>
    public Quartier.Forecasting.Weather.WeatherSeries? Weather { get; init; }

    /// <summary>A day-ahead price series (EUR/kWh) that replaces the ESDL's market profiles (a market is added if there is none).</summary>
    public Quartier.Core.Series.TimeSeries? Prices { get; init; }

    /// <summary>Solve the LV network's power flow every step when the ESDL has cables (default); false = transformer aggregation only.</summary>
    public bool PowerFlow { get; init; } = true;

    /// <summary>The EConnections' energy management (rule-based by default; DOTS's MILP or Quartier's MPC).</summary>
    public Quartier.Simulation.Services.EmsOptions Ems { get; init; } = new();

    /// <summary>DOTS's service rules (default) or Quartier's physics where they differ.</summary>
    public Quartier.Simulation.Services.ServiceRules Rules { get; init; }

    /// <summary>
    /// The asset kinds to simulate (a DOTS request's <c>calculation_services</c>); null = every kind with a built-in
    /// service. Assets of other kinds are not stepped, and what they would publish is absent for their consumers.
    /// </summary>
    public IReadOnlySet<Quartier.Core.Model.AssetKind>? ServiceKinds { get; init; }

    /// <summary>Service definitions of this run (<c>--services FILE</c>): built-ins' periods and offsets, external services.</summary>
    public IReadOnlyList<Quartier.Simulation.External.ServiceDefinition> Services { get; init; } = [];

    /// <summary>Signals recorded besides <see cref="Record"/> (set when the run is prepared: what external services record explicitly).</summary>
    public IReadOnlyList<string> AlsoRecord { get; init; } = [];

    /// <summary>The run's id, handed to external services (DOTS's SIMULATION_ID); null: a fresh one.</summary>
    public string? RunId { get; init; }

    /// <summary>The run's log level, handed to external services (DOTS's LOG_LEVEL).</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary>OpenDSS LineCode library; default LineCode.dss next to the ESDL, else DOTS's built-in copy.</summary>
    public string? LineCodesPath { get; init; }

    /// <summary>OpenDSS XFMRCode library; default XFMRCode.dss next to the ESDL, else DOTS's built-in copy.</summary>
    public string? TransformerCodesPath { get; init; }

    /// <summary>Whether the device services step the steady state over arrays (default); false sends every step through the S2 resources — the same results, slower.</summary>
    public bool FastPath { get; init; } = true;

    /// <summary>Whether the engine may step the chunked services in time tiles (default); false steps every service at every step — the same results, slower at scale.</summary>
    public bool Tiling { get; init; } = true;

    /// <summary>Timed instructions for batteries and S2 devices (<c>--instructions</c>).</summary>
    public Quartier.Resources.Schedules.InstructionSchedule? Instructions { get; init; }

    /// <summary>Grid frequency series and outage schedule for the batteries' FREQUENCY_REGULATION and OUTAGE_SUPPLY modes.</summary>
    public GridConditions? Conditions { get; init; }
}
