namespace Quartier.Optimization.Mpc;

/// <summary>What a home's run under one controller cost and did.</summary>
/// <param name="Controller">"mpc" or "rule-based".</param>
/// <param name="CostEur">Import cost minus export revenue over the run.</param>
/// <param name="ImportKwh">Energy imported.</param>
/// <param name="ExportKwh">Energy exported.</param>
/// <param name="EvShortfallKwh">Energy the EV missed at its departures.</param>
/// <param name="Plans">Plans solved (MPC).</param>
/// <param name="PlanSeconds">Time spent planning (MPC).</param>
/// <param name="FailedPlans">Plans without a solution (the home then ran its rule-based fallback for that day).</param>
/// <param name="EvKwh">Energy charged into the EV (AC side).</param>
/// <param name="ApplianceRuns">Appliance runs started.</param>
/// <param name="BatteryEndSoc">The battery's state of charge at the end (NaN without a battery).</param>
public sealed record MpcResult(string Controller, double CostEur, double ImportKwh, double ExportKwh, double EvShortfallKwh, int Plans, double PlanSeconds, int FailedPlans, double EvKwh, int ApplianceRuns, double BatteryEndSoc)
{
    /// <summary>The plans made, when <see cref="MpcOptions.RecordPlans"/> is set.</summary>
    public IReadOnlyList<MpcPlanRecord> PlanLog { get; init; } = [];
}

/// <summary>One plan of an MPC run.</summary>
/// <param name="StartUtc">When it was made (its first step).</param>
/// <param name="Status">The solver's status.</param>
/// <param name="ObjectiveEur">Its objective (cost − terminal value + penalties) over its horizon.</param>
/// <param name="SolveSeconds">Build + solve time.</param>
/// <param name="Instructions">The S2 instruction plan it produced.</param>
public sealed record MpcPlanRecord(DateTime StartUtc, Quartier.Optimization.Modeling.SolveStatus Status, double ObjectiveEur, double SolveSeconds, IReadOnlyList<Quartier.Optimization.Home.PlannedInstruction> Instructions);
