using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Results;

/// <summary>What was simulated: the neighbourhood's name, source and size.</summary>
/// <param name="TimeZeroUnix">Time zero (earliest event), UNIX seconds.</param>
/// <param name="DemandWh">Energy of all jobs in the input.</param>
/// <param name="PredictedProductionWh">Production of the producers' final merged predictions over the horizon.</param>
public sealed record CossmicInputSummary(
    string Name,
    string Source,
    long TimeZeroUnix,
    int Jobs,
    int BackgroundJobs,
    int Producers,
    int Houses,
    int PredictionUpdates,
    double DemandWh,
    double PredictedProductionWh)
{
    internal static CossmicInputSummary Of(CossmicScenario scenario, double predictedProductionWh) => new(
        scenario.Name,
        scenario.Source,
        scenario.TimeZeroUnix,
        scenario.Jobs.Count,
        scenario.BackgroundJobCount,
        scenario.Producers.Count,
        scenario.HouseIds.Count,
        scenario.PredictionUpdateCount,
        scenario.TotalDemandWh,
        predictedProductionWh);
}
