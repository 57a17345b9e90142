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
public sealed record MpcResult(string Controller, double CostEur, double ImportKwh, double ExportKwh, double EvShortfallKwh, int Plans, double PlanSeconds, int FailedPlans, double EvKwh, int ApplianceRuns, double BatteryEndSoc);
