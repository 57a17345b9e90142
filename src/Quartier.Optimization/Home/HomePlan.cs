using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Home;

/// <summary>
/// The result of <see cref="HomePlanner.Plan"/>: solver status, costs, per-step schedules and the S2 instruction
/// plan. Per-step arrays have <see cref="Steps"/> values (state arrays <c>Steps + 1</c>: the value at the start
/// of every step and at the end); they are empty when the device is absent or the solver found no solution
/// (<see cref="HasValues"/> false).
/// </summary>
public sealed class HomePlan
{
    /// <summary>Solver status (Optimal, Feasible, Infeasible, …).</summary>
    public required SolveStatus Status { get; init; }

    /// <summary>True when the schedules hold a solution (Optimal, Feasible, or TimedOut with an incumbent).</summary>
    public required bool HasValues { get; init; }

    /// <summary>Name of the solver that ran.</summary>
    public required string Solver { get; init; }

    /// <summary>The solver's message (why infeasible, which back end), if any.</summary>
    public string? SolverMessage { get; init; }

    /// <summary>Start of the first step (UTC).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Step length (s).</summary>
    public required int StepSeconds { get; init; }

    /// <summary>Number of steps.</summary>
    public required int Steps { get; init; }

    /// <summary>Objective value (EUR): <see cref="CostEur"/> − <see cref="TerminalValueEur"/> + <see cref="PenaltyEur"/> (+ a tie-break below 1e-5 EUR/kWh of battery throughput).</summary>
    public double ObjectiveEur { get; init; } = double.NaN;

    /// <summary>Energy cost (EUR): import cost − export revenue.</summary>
    public double CostEur { get; init; } = double.NaN;

    /// <summary>Value of the battery energy left at the end (EUR).</summary>
    public double TerminalValueEur { get; init; } = double.NaN;

    /// <summary>Penalty for EV shortfalls (EUR).</summary>
    public double PenaltyEur { get; init; } = double.NaN;

    /// <summary>Grid import per step (W).</summary>
    public double[] ImportW { get; init; } = [];

    /// <summary>Grid export per step (W).</summary>
    public double[] ExportW { get; init; } = [];

    /// <summary>PV curtailment per step (W).</summary>
    public double[] CurtailmentW { get; init; } = [];

    /// <summary>Battery AC charging power per step (W).</summary>
    public double[] BatteryChargeW { get; init; } = [];

    /// <summary>Battery AC discharging power per step (W).</summary>
    public double[] BatteryDischargeW { get; init; } = [];

    /// <summary>Battery state of charge (0..1) at the start of every step and at the end (Steps + 1 values).</summary>
    public double[] BatterySoc { get; init; } = [];

    /// <summary>EV charging power per step (W).</summary>
    public double[] EvPowerW { get; init; } = [];

    /// <summary>EV state of charge (0..1), Steps + 1 values.</summary>
    public double[] EvSoc { get; init; } = [];

    /// <summary>Heat pump electric power per step (W).</summary>
    public double[] HeatPumpElectricW { get; init; } = [];

    /// <summary>Buffer temperature (°C), Steps + 1 values.</summary>
    public double[] BufferTempC { get; init; } = [];

    /// <summary>Power of all appliances together per step (W).</summary>
    public double[] AppliancePowerW { get; init; } = [];

    /// <summary>Each appliance's planned run.</summary>
    public IReadOnlyList<AppliancePlan> Appliances { get; init; } = [];

    /// <summary>EV departure targets that are not reached.</summary>
    public IReadOnlyList<EvShortfall> EvShortfalls { get; init; } = [];

    /// <summary>Human-readable warnings (unreachable EV targets, solver status, likely causes of infeasibility).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Time the solver took (s): the LP relaxation plus, when needed, the MILP.</summary>
    public double SolveSeconds { get; init; }

    /// <summary>
    /// True when the LP relaxation's optimum already met every integer requirement (so it is the MILP optimum and
    /// no branch and bound ran); false when the MILP was solved (or the model has no binaries).
    /// </summary>
    public bool SolvedByRelaxation { get; init; }

    /// <summary>Wall time of <see cref="HomePlanner.Plan"/> including validation, model build and extraction (s).</summary>
    public double TotalSeconds { get; internal set; }

    /// <summary>Model size: columns, of which binary, and rows.</summary>
    public (int Variables, int Binaries, int Constraints) ModelSize { get; init; }

    /// <summary>The S2 instruction plan: one instruction per resource whenever its mode or factor changes.</summary>
    public IReadOnlyList<PlannedInstruction> Instructions { get; internal set; } = [];

    /// <summary>Start time of step <paramref name="step"/>.</summary>
    public DateTimeOffset StepStart(int step) => Start.AddSeconds((double)step * StepSeconds);
}

/// <summary>One planned S2 instruction: put <paramref name="ResourceId"/> in <paramref name="ModeId"/> with <paramref name="Factor"/> from the start of <paramref name="Step"/>.</summary>
/// <param name="ResourceId">Resource (battery, EV, appliance, heat pump id).</param>
/// <param name="Step">Step from which it applies.</param>
/// <param name="At">Execution time (start of the step, UTC).</param>
/// <param name="ModeId">Operation mode id, e.g. <c>FORCED_CHARGE</c>, <c>SELF_CONSUMPTION</c>, <c>RUN</c>, <c>ON</c>.</param>
/// <param name="Factor">Operation mode factor 0..1.</param>
public sealed record PlannedInstruction(string ResourceId, int Step, DateTimeOffset At, string ModeId, double Factor);

/// <summary>The planned run of one appliance.</summary>
/// <param name="Id">Appliance id.</param>
/// <param name="StartStep">Step at which it starts.</param>
/// <param name="PowerW">Its power per step (W).</param>
public sealed record AppliancePlan(string Id, int StartStep, double[] PowerW);

/// <summary>An EV departure target the plan does not reach.</summary>
/// <param name="Step">Departure step.</param>
/// <param name="TargetSoc">Wanted state of charge.</param>
/// <param name="PlannedSoc">State of charge the plan reaches.</param>
/// <param name="ShortfallKwh">Missing stored energy (kWh).</param>
public sealed record EvShortfall(int Step, double TargetSoc, double PlannedSoc, double ShortfallKwh);
