namespace Quartier.Cossmic.Results;

/// <summary>The KPIs across the runs of a run set.</summary>
public sealed record CossmicStatistics(
    RunStatistic PvShare,
    RunStatistic ContractPvShare,
    RunStatistic DemandWh,
    RunStatistic PvWh,
    RunStatistic GridWh,
    RunStatistic ProductionWh,
    RunStatistic PeakToAverageConsumption,
    RunStatistic PeakToAverageProduction,
    RunStatistic Fairness,
    RunStatistic JobsOnGrid,
    RunStatistic WallSeconds,
    IReadOnlyList<CossmicHouseStatistics> Houses)
{
    /// <summary>Statistics of the runs (at least one).</summary>
    public static CossmicStatistics Of(IReadOnlyList<CossmicRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            throw new ArgumentException("statistics need at least one run", nameof(runs));
        }

        RunStatistic S(Func<CossmicRunResult, double> f) => RunStatistic.Of([.. runs.Select(f)])!;
        var houses = new List<CossmicHouseStatistics>();
        // Every run lists the houses in the scenario's order; look them up by id only where a run does not.
        Dictionary<string, CossmicHouseResult>?[] byId = new Dictionary<string, CossmicHouseResult>?[runs.Count];
        for (var index = 0; index < runs[0].Houses.Count; index++)
        {
            var id = runs[0].Houses[index].HouseId;
            var rows = new List<CossmicHouseResult>(runs.Count);
            for (var r = 0; r < runs.Count; r++)
            {
                var list = runs[r].Houses;
                rows.Add(index < list.Count && list[index].HouseId == id ? list[index]
                    : (byId[r] ??= list.ToDictionary(h => h.HouseId, StringComparer.Ordinal))[id]);
            }

            houses.Add(new CossmicHouseStatistics(
                id,
                RunStatistic.Of([.. rows.Where(h => h.SelfSufficiency.HasValue).Select(h => h.SelfSufficiency!.Value)]),
                RunStatistic.Of([.. rows.Select(h => h.DemandWh)])!,
                RunStatistic.Of([.. rows.Select(h => h.PvWh)])!,
                RunStatistic.Of([.. rows.Select(h => h.GridWh)])!));
        }

        return new CossmicStatistics(
            S(r => r.Kpis.PvShare),
            S(r => r.Kpis.ContractPvShare),
            S(r => r.Kpis.DemandWh),
            S(r => r.Kpis.PvWh),
            S(r => r.Kpis.GridWh),
            S(r => r.Kpis.ProductionWh),
            S(r => r.Kpis.PeakToAverageConsumption),
            S(r => r.Kpis.PeakToAverageProduction),
            S(r => r.Kpis.Fairness),
            S(r => r.Kpis.JobsOnGrid),
            S(r => r.WallSeconds),
            houses);
    }
}

/// <summary>A house's figures across runs.</summary>
/// <param name="SelfSufficiency">Across the runs in which the house had demand; null if never.</param>
public sealed record CossmicHouseStatistics(string HouseId, RunStatistic? SelfSufficiency, RunStatistic DemandWh, RunStatistic PvWh, RunStatistic GridWh);
