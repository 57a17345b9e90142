using System.Globalization;
using System.Text;
using Quartier.Cossmic.Scheduling;

namespace Quartier.Cossmic.Results;

/// <summary>Plain-text tables of a run set for the command line (invariant culture).</summary>
public static class CossmicReport
{
    /// <summary>
    /// The KPI table. The first line is always <c>PV share: 0.xxxx</c> (the mean over the runs, 4 decimals); then the
    /// neighbourhood and settings, one KPI per line (a value for one run; mean, std, min, max for several) and, for the
    /// exact algorithm, what the solver did.
    /// </summary>
    public static string KpiTable(CossmicRunSet runSet)
    {
        ArgumentNullException.ThrowIfNull(runSet);
        var s = runSet.Statistics;
        var o = runSet.Options;
        var i = runSet.Input;
        var sb = new StringBuilder();
        Line(sb, $"PV share: {s.PvShare.Mean:0.0000}");
        Line(sb, $"Neighbourhood {i.Name}: {i.Jobs} jobs ({i.BackgroundJobs} background), {i.Producers} producers, {i.Houses} houses, {i.PredictionUpdates} prediction updates; demand {i.DemandWh:0.00} Wh, predicted production {i.PredictedProductionWh:0.00} Wh");
        Line(sb, $"Algorithm {o.Algorithm}: {o.Runs} run{(o.Runs == 1 ? string.Empty : "s")}, seed {o.Seed}, {o.Days} day{(o.Days == 1 ? string.Empty : "s")}, prediction error {o.PredictionError * 100:0.#} %, arrival jitter ±{o.ArrivalJitterSeconds} s");
        var several = runSet.Runs.Count > 1;
        if (several)
        {
            Line(sb, $"{"KPI",-36} {"mean",12} {"std",12} {"min",12} {"max",12}");
        }
        else
        {
            Line(sb, $"{"KPI",-36} {"value",12}");
        }
        var interval = o.PeakIntervalMinutes;
        Row(sb, "PV share (energy balance)", s.PvShare, "0.0000", several);
        Row(sb, "PV share (PySSMic contracts)", s.ContractPvShare, "0.0000", several);
        Row(sb, "Demand (Wh)", s.DemandWh, "0.00", several);
        Row(sb, "PV energy used (Wh)", s.PvWh, "0.00", several);
        Row(sb, "Grid energy (Wh)", s.GridWh, "0.00", several);
        Row(sb, "Production (Wh)", s.ProductionWh, "0.00", several);
        Row(sb, $"Peak/average consumption ({interval} min)", s.PeakToAverageConsumption, "0.000", several);
        Row(sb, $"Peak/average production ({interval} min)", s.PeakToAverageProduction, "0.000", several);
        Row(sb, "Fairness (Jain, house PV shares)", s.Fairness, "0.0000", several);
        Row(sb, "Jobs on grid", s.JobsOnGrid, "0.##", several);
        Row(sb, "Run wall time (s)", s.WallSeconds, "0.000", several);
        if (o.Algorithm == CossmicAlgorithms.Exact)
        {
            int solves = 0, optimal = 0, limited = 0, greedy = 0, coarse = 0;
            var gap = 0.0;
            foreach (var r in runSet.Runs)
            {
                solves += r.Solver.MilpSolves;
                optimal += r.Solver.ProvenOptimal;
                limited += r.Solver.TimeLimited;
                greedy += r.Solver.GreedyFallbacks;
                coarse += r.Solver.CoarsenedGrids;
                gap = Math.Max(gap, r.Solver.MaxRelativeGap);
            }

            Line(sb, $"Exact: {solves} MILP solves, {optimal} proven optimal, {limited} stopped at the node/time limit{(limited > 0 ? $" (largest gap {gap * 100:0.###} %)" : string.Empty)}, {greedy} greedy fallbacks, {coarse} coarsened grids; MILP slot {o.MilpSlotSeconds} s, start grid {o.StartGridSeconds} s");
        }

        return sb.ToString();
    }

    /// <summary>Per-house table: jobs, demand, PV, grid, own production and self-sufficiency (means over the runs).</summary>
    public static string HouseTable(CossmicRunSet runSet)
    {
        ArgumentNullException.ThrowIfNull(runSet);
        var sb = new StringBuilder();
        Line(sb, $"{"house",-12} {"jobs",5} {"demand Wh",12} {"PV Wh",12} {"grid Wh",12} {"produced Wh",12} {"self-suff.",10}");
        var first = runSet.Runs[0];
        foreach (var h in runSet.Statistics.Houses)
        {
            var jobs = first.Houses.First(x => x.HouseId == h.HouseId).Jobs;
            var produced = runSet.Runs.Average(r => r.Houses.First(x => x.HouseId == h.HouseId).ProductionWh);
            var ss = h.SelfSufficiency is { } st ? st.Mean.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
            Line(sb, $"{h.HouseId,-12} {jobs,5} {h.DemandWh.Mean,12:0.00} {h.PvWh.Mean,12:0.00} {h.GridWh.Mean,12:0.00} {produced,12:0.00} {ss,10}");
        }

        return sb.ToString();
    }

    /// <summary>Per-job table of one run: window, start (UTC), contract and energies.</summary>
    public static string JobTable(CossmicRunSet runSet, int run = 0)
    {
        ArgumentNullException.ThrowIfNull(runSet);
        var r = runSet.Runs[run];
        var sb = new StringBuilder();
        Line(sb, $"{"job",-22} {"house",-8} {"profile",-18} {"earliest",-11} {"latest",-11} {"start",-11} {"producer",-24} {"energy Wh",10} {"PV Wh",10} {"grid Wh",10}");
        foreach (var j in r.Jobs)
        {
            Line(sb, $"{j.Key,-22} {j.HouseId,-8} {j.Profile,-18} {T(j.EarliestStartUnix),-11} {T(j.LatestStartUnix),-11} {T(j.StartUnix),-11} {j.Producer,-24} {j.EnergyWh,10:0.00} {j.PvWh,10:0.00} {j.GridWh,10:0.00}");
        }

        return sb.ToString();
    }

    private static string T(long unix) =>
        unix is >= -62135596800 and <= 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("dd HH:mm:ss", CultureInfo.InvariantCulture)
            : unix.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder sb, string name, RunStatistic stat, string format, bool several)
    {
        string F(double x) => x.ToString(format, CultureInfo.InvariantCulture);
        if (several)
        {
            Line(sb, $"{name,-36} {F(stat.Mean),12} {F(stat.StdDev),12} {F(stat.Min),12} {F(stat.Max),12}");
        }
        else
        {
            Line(sb, $"{name,-36} {F(stat.Mean),12}");
        }
    }

    private static void Line(StringBuilder sb, FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
