namespace Quartier.Cossmic.Results;

/// <summary>
/// Neighbourhood KPIs of one run.
/// </summary>
/// <param name="PvShare">
/// Share of the jobs' consumption (background loads included) covered by local PV in the 60 s energy balance on the
/// actual production: in each step the background loads take PV first, the shiftable jobs share what is left pro rata.
/// </param>
/// <param name="ContractPvShare">PySSMic's figure: energy of the jobs contracted to a producer / all jobs' energy.</param>
/// <param name="DemandWh">Consumption of all scheduled jobs.</param>
/// <param name="PvWh">Consumption covered by local PV.</param>
/// <param name="GridWh">Consumption from the grid (DemandWh − PvWh).</param>
/// <param name="ProductionWh">Actual production of all producers over the balance (horizon plus the longest run).</param>
/// <param name="SurplusWh">Production not used by the jobs.</param>
/// <param name="PeakToAverageConsumption">Max / mean of the consumption per bucket (per-minute energy summed into buckets of the peak interval) over the horizon (longer if a run ends later).</param>
/// <param name="PeakToAverageProduction">The same for the actual production over the horizon (0 without production).</param>
/// <param name="Fairness">Jain's index (Σx)²/(n·Σx²) of the per-house PV shares of the houses with demand (1: all equal).</param>
/// <param name="JobsOnGrid">Jobs contracted to the grid.</param>
/// <param name="ScheduledJobs">Jobs scheduled in the horizon.</param>
/// <param name="SkippedJobs">Jobs registered after the horizon or whose window lies beyond it.</param>
public sealed record CossmicKpis(
    double PvShare,
    double ContractPvShare,
    double DemandWh,
    double PvWh,
    double GridWh,
    double ProductionWh,
    double SurplusWh,
    double PeakToAverageConsumption,
    double PeakToAverageProduction,
    double Fairness,
    int JobsOnGrid,
    int ScheduledJobs,
    int SkippedJobs);
