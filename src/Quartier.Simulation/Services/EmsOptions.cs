namespace Quartier.Simulation.Services;

/// <summary>How the EConnections' home energy management decides.</summary>
public enum EmsStrategy
{
    /// <summary>Rule-based, one step at a time, prices ignored (demand and heat first, PV surplus to EV, battery, grid).</summary>
    Rule,

    /// <summary>
    /// DOTS's EConnection EMS: a cost-minimising MILP per connection and step over 48 steps of 15 min, re-planned every
    /// step, first step applied; DOTS's model, tariffs, index convention and quirks (docs/dots/ems.md), CBC at DOTS's 15 % gap.
    /// </summary>
    Dots,

    /// <summary>
    /// Quartier's model-predictive control: the same receding-horizon MILP with Quartier's physics (EV and battery
    /// efficiencies, one time index for every input, no 17 kW constant), solved to a small gap over a longer horizon.
    /// </summary>
    Mpc,
}

/// <summary>The EMS of a run: strategy and, for the planning strategies, horizon and solver gap.</summary>
public sealed record EmsOptions
{
    public EmsStrategy Strategy { get; init; } = EmsStrategy.Rule;

    /// <summary>Relative MIP gap at which a plan is accepted; default 0.15 (DOTS's GLPK setting) for dots, 0.001 for mpc.</summary>
    public double? RelativeGap { get; init; }

    /// <summary>Plan length in steps; default 48 (DOTS) for dots, 96 for mpc.</summary>
    public int? HorizonSteps { get; init; }

    /// <summary>Solver time limit per plan (s); the best plan found by then is applied.</summary>
    public double TimeLimitSeconds { get; init; } = 10;

    /// <summary>
    /// Reproduce DOTS's hybrid-heat-pump defect: the hybrid's house heat is published under the all-electric pump's name,
    /// so the hybrid never heats its house. Off by default (the hybrid receives its planned house heat).
    /// </summary>
    public bool DotsHybridHouseDefect { get; init; }

    /// <summary>The MILP solver: <c>cbc</c> (default) or <c>glpk</c> (DOTS's own solver; its solves run on several cores at once, CBC's one at a time).</summary>
    public string Solver { get; init; } = "cbc";

    /// <summary>Plans made at once on several cores (0 = all; the run's <c>Threads</c>).</summary>
    public int Threads { get; init; }

    public double Gap => RelativeGap ?? (Strategy == EmsStrategy.Dots ? 0.15 : 0.001);

    public int Horizon => HorizonSteps ?? (Strategy == EmsStrategy.Mpc ? 96 : 48);

    public bool Plans => Strategy != EmsStrategy.Rule;

    /// <summary>Parses <c>rule</c>, <c>dots</c> or <c>mpc</c>.</summary>
    public static EmsStrategy ParseStrategy(string text) => text.Trim().ToLowerInvariant() switch
    {
        "rule" or "rules" or "rule-based" => EmsStrategy.Rule,
        "dots" => EmsStrategy.Dots,
        "mpc" => EmsStrategy.Mpc,
        _ => throw new Core.Errors.InputException($"'{text}' is not an EMS strategy; allowed: rule, dots, mpc", field: "ems"),
    };
}
