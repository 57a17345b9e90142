using System.Diagnostics;
using Quartier.Optimization.Modeling;

namespace Quartier.Optimization.Home;

/// <summary>The result of <see cref="NeighbourhoodPlanner.Plan"/>: every home's plan and what the feeder saw.</summary>
/// <param name="Plans">The homes' plans of the last round, in input order.</param>
/// <param name="ImportSurchargeEurPerKwh">Per step: the congestion surcharge on import the homes were last planned with.</param>
/// <param name="ExportSurchargeEurPerKwh">Per step: the congestion surcharge on export (taken off the feed-in price).</param>
/// <param name="NetW">Per step: the feeder's net import (Σ import − Σ export) of the last round.</param>
/// <param name="PeakW">The largest |net| of the last round.</param>
/// <param name="UncoordinatedPeakW">The largest |net| of the first round, the homes planned on their own.</param>
/// <param name="Rounds">Rounds of planning done.</param>
/// <param name="WithinLimit">True when the last round keeps |net| within the limit (and its tolerance) at every step.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record NeighbourhoodPlan(
    IReadOnlyList<HomePlan> Plans,
    double[] ImportSurchargeEurPerKwh,
    double[] ExportSurchargeEurPerKwh,
    double[] NetW,
    double PeakW,
    double UncoordinatedPeakW,
    int Rounds,
    bool WithinLimit,
    double Seconds)
{
    /// <summary>Sum of the homes' energy costs at their own prices (without the surcharges).</summary>
    public double CostEur => Plans.Sum(p => p.CostEur);
}

/// <summary>
/// Plans the homes of a feeder so that together they stay within a transformer limit, coordinated by prices: each
/// round every home plans on its own (<see cref="HomePlanner"/>) with its prices plus a per-step congestion surcharge;
/// where the feeder's net import (or export) exceeds the limit, the surcharge at that step rises in proportion to
/// the overload (a subgradient step on the limit's dual price), elsewhere it decays. Homes keep their privacy — they
/// only ever see prices — and the result can be compared with CoSSMic's sharing. Identical homes reacting identically
/// would all jump together, so each home's prices carry a tiny deterministic offset (up to 0.1 ct/kWh) that breaks their ties.
/// Where prices alone do not settle within <c>maxRounds</c> (homes answering in bang-bang fashion oscillate), a last
/// round re-plans the homes of the best round one by one, each within the capacity the others leave per step. The
/// result says whether the feeder ends within the limit.
/// </summary>
public static class NeighbourhoodPlanner
{
    /// <summary>Plans <paramref name="homes"/> (same start, step and length) under <paramref name="transformerLimitW"/>.</summary>
    public static NeighbourhoodPlan Plan(IReadOnlyList<HomePlanInput> homes, double transformerLimitW, int maxRounds = 10, double tolerance = 0.01, ISolver? solver = null, SolveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(homes);
        if (homes.Count == 0 || !(transformerLimitW > 0))
        {
            throw new ArgumentException("need at least one home and a positive transformer limit (W)");
        }

        var clock = Stopwatch.StartNew();
        int n = homes[0].Steps;
        foreach (var h in homes)
        {
            if (h.Steps != n || h.StepSeconds != homes[0].StepSeconds || h.Start != homes[0].Start)
            {
                throw new ArgumentException("all homes must share start, step and number of steps");
            }
        }

        var up = new double[n];
        var down = new double[n];
        var net = new double[n];
        var plans = new HomePlan[homes.Count];
        double firstPeak = double.NaN, peak = double.NaN;
        int round = 0;
        bool within = false;
        double bestPeak = double.PositiveInfinity;
        HomePlan[] best = plans;

        // surcharge step: an overload equal to the limit raises the price by about the mean import price
        double meanPrice = homes.Average(h => h.ImportPriceEurPerKwh.Average());
        double step = Math.Max(0.05, meanPrice);
        while (round < maxRounds)
        {
            round++;
            for (int i = 0; i < homes.Count; i++)
            {
                plans[i] = HomePlanner.Plan(WithSurcharges(homes[i], up, down, i), solver, options);
            }

            Array.Clear(net);
            foreach (var p in plans)
            {
                if (!p.HasValues)
                {
                    continue;
                }

                for (int t = 0; t < n; t++)
                {
                    net[t] += p.ImportW[t] - p.ExportW[t];
                }
            }

            peak = net.Max(Math.Abs);
            if (round == 1)
            {
                firstPeak = peak;
            }

            within = peak <= transformerLimitW * (1 + tolerance);
            if (peak < bestPeak)
            {
                bestPeak = peak;
                best = (HomePlan[])plans.Clone();
            }

            if (within)
            {
                break;
            }

            double rate = step / Math.Sqrt(round);
            for (int t = 0; t < n; t++)
            {
                up[t] = Math.Max(0, up[t] + (rate * (net[t] - transformerLimitW) / transformerLimitW));
                down[t] = Math.Max(0, down[t] + (rate * (-net[t] - transformerLimitW) / transformerLimitW));
            }
        }

        if (!within)
        {
            // prices alone oscillate when homes answer in bang-bang fashion: from the best round, re-plan the homes one
            // by one, each within the capacity the others leave at every step (a home that cannot fit keeps its plan)
            plans = best;
            for (int i = 0; i < homes.Count; i++)
            {
                var others = new double[n];
                for (int j = 0; j < homes.Count; j++)
                {
                    if (j != i && plans[j].HasValues)
                    {
                        for (int t = 0; t < n; t++)
                        {
                            others[t] += plans[j].ImportW[t] - plans[j].ExportW[t];
                        }
                    }
                }

                var caps = new double[n];
                for (int t = 0; t < n; t++)
                {
                    caps[t] = Math.Max(0, transformerLimitW - others[t]);
                }

                var replanned = HomePlanner.Plan(homes[i] with { ImportLimitsW = caps }, solver, options);
                if (replanned.HasValues && replanned.EvShortfalls.Count <= plans[i].EvShortfalls.Count)
                {
                    plans[i] = replanned;
                }
            }

            round++;
            Array.Clear(net);
            foreach (var p in plans.Where(p => p.HasValues))
            {
                for (int t = 0; t < n; t++)
                {
                    net[t] += p.ImportW[t] - p.ExportW[t];
                }
            }

            peak = net.Max(Math.Abs);
            within = peak <= transformerLimitW * (1 + tolerance);
        }

        return new NeighbourhoodPlan(plans, up, down, (double[])net.Clone(), peak, firstPeak, round, within, clock.Elapsed.TotalSeconds);
    }

    private static HomePlanInput WithSurcharges(HomePlanInput home, double[] up, double[] down, int index)
    {
        int n = home.Steps;
        var import = new double[n];
        var export = new double[n];
        for (int t = 0; t < n; t++)
        {
            // 0 … 0.1 ct/kWh, different per home and step: equal homes prefer different ones of equally priced steps
            double tie = 1e-3 * (((index * 7) + (t * 3)) % 11) / 10.0;
            import[t] = home.ImportPriceEurPerKwh[t] + up[t] + tie;
            double feedIn = home.ExportPricesEurPerKwh?[t] ?? home.ExportPriceEurPerKwh ?? 0;
            export[t] = feedIn - down[t] - tie;
        }

        return home with { ImportPriceEurPerKwh = import, ExportPriceEurPerKwh = null, ExportPricesEurPerKwh = export };
    }
}
