using Quartier.Resources.S2;
using Quartier.Resources.S2.Ombc;

namespace Quartier.Optimization.Modes;

/// <summary>The operation mode and factor per step of an OMBC resource, with the plan's cost and number of mode changes.</summary>
public sealed record OmbcPlan(string[] ModeIds, double[] Factors, double[] PowerW, double CostEur, int Transitions);

/// <summary>
/// Plans an OMBC resource exactly, by dynamic programming over its operation modes and timers, against the rest of the home
/// (<see cref="OmbcPlanInput.NetLoadW"/>). Per step the resource stays in its mode or takes one normal transition whose
/// blocking timers have finished; a transition costs its <c>transition_costs</c> and (re)starts its timers. A step in mode m
/// at factor f costs the home's grid energy with the resource's power <c>p(f)</c> (sum of the mode's electric power ranges,
/// <c>start + f·(end − start)</c>, production negative) — import at the step's price, export at the feed-in tariff — plus
/// the mode's running costs (middle of the range) for the step's seconds. That cost is convex in f, so per mode the best
/// factor on the grid of <see cref="OmbcPlanInput.FactorStep"/> is 0, 1, or one of the two next to the one at which the resource
/// balances the home.
/// <para>
/// Timers count in steps: a timer is taken as finished at the start of the step it finishes in, so the plan may change
/// mode in that step and the CEM holds the instruction until the timer's exact end. The plan minimises the total cost over
/// the horizon among all mode sequences the transitions and timers allow (ties: fewer changes, earlier states kept).
/// Transition durations are not modelled (the resource keeps its previous power meanwhile).
/// </para>
/// </summary>
public static class OmbcPlanner
{
    /// <summary>The cheapest plan.</summary>
    /// <exception cref="ArgumentException">The active mode is not one of the description's, or the series' lengths differ.</exception>
    public static OmbcPlan Plan(OmbcPlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var steps = input.NetLoadW.Count;
        if (input.StepBounds.Count != steps + 1 || input.ImportPriceEurPerKwh.Count != steps)
        {
            throw new ArgumentException($"{steps} steps need {steps + 1} step bounds and {steps} prices, not {input.StepBounds.Count} and {input.ImportPriceEurPerKwh.Count}", nameof(input));
        }

        var d = input.Description;
        var modes = d.OperationModes;
        var active = Index(modes, input.ActiveModeId)
            ?? throw new ArgumentException($"active operation mode '{input.ActiveModeId}' is not described; valid: {string.Join(", ", modes.Select(m => m.Id))}", nameof(input));
        var timers = d.Timers;
        var moves = d.Transitions
            .Where(t => !t.AbnormalConditionOnly && Index(modes, t.From) is { } f && Index(modes, t.To) is { } to && !modes[to].AbnormalConditionOnly && f != to)
            .Select(t => new Move(Index(modes, t.From)!.Value, Index(modes, t.To)!.Value, t.TransitionCosts ?? 0, Timers(timers, t.StartTimers), Timers(timers, t.BlockingTimers)))
            .ToArray();

        var (cost, factor) = StepCosts(input, steps);
        var initial = new int[timers.Count];
        for (var i = 0; i < timers.Count; i++)
        {
            initial[i] = input.TimersUntil.TryGetValue(timers[i].Id, out var until) ? FirstFree(input.StepBounds, steps, until, 0) : 0;
        }

        var layer = new Dictionary<string, Node> { [Key(active, initial)] = new Node(active, initial, 0, null, 0) };
        for (var t = 0; t < steps; t++)
        {
            var next = new Dictionary<string, Node>(StringComparer.Ordinal);
            foreach (var node in layer.Values.OrderBy(n => n.Cost).ThenBy(n => n.Changes))
            {
                Relax(next, node, node.Mode, node.Until, node.Cost + cost[node.Mode][t], t, 0);
                foreach (var move in moves)
                {
                    if (move.From != node.Mode || move.Blocking.Any(b => node.Until[b] > t))
                    {
                        continue;
                    }

                    var until = (int[])node.Until.Clone();
                    foreach (var s in move.Start)
                    {
                        until[s] = Math.Max(until[s], FirstFree(input.StepBounds, steps, input.StepBounds[t] + timers[s].Duration.ToTimeSpan(), t + 1));
                    }

                    Relax(next, node, move.To, until, node.Cost + move.Cost + cost[move.To][t], t, 1);
                }
            }

            layer = next;
        }

        var best = layer.Values.OrderBy(n => n.Cost).ThenBy(n => n.Changes).First();
        var ids = new string[steps];
        var factors = new double[steps];
        var power = new double[steps];
        var at = best;
        for (var t = steps - 1; t >= 0; t--)
        {
            ids[t] = modes[at.Mode].Id;
            factors[t] = factor[at.Mode][t];
            power[t] = Power(modes[at.Mode], factors[t]);
            at = at.Parent!;
        }

        return new OmbcPlan(ids, factors, power, best.Cost, best.Changes);
    }

    /// <summary>Electric power (W, + = consumption) of <paramref name="mode"/> at <paramref name="factor"/>.</summary>
    public static double Power(OmbcOperationMode mode, double factor)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return mode.PowerRanges.Where(r => S2Commodities.Of(r.CommodityQuantity) == Commodity.Electricity).Sum(r => r.StartOfRange + (factor * (r.EndOfRange - r.StartOfRange)));
    }

    /// <summary>Per mode and step the least cost (EUR) and the factor that gives it.</summary>
    private static (double[][] Cost, double[][] Factor) StepCosts(OmbcPlanInput input, int steps)
    {
        var modes = input.Description.OperationModes;
        var cost = new double[modes.Count][];
        var factor = new double[modes.Count][];
        for (var m = 0; m < modes.Count; m++)
        {
            cost[m] = new double[steps];
            factor[m] = new double[steps];
            var mode = modes[m];
            var p0 = Power(mode, 0);
            var width = Power(mode, 1) - p0;
            var running = mode.RunningCosts is { } r ? (r.StartOfRange + r.EndOfRange) / 2 : 0;
            for (var t = 0; t < steps; t++)
            {
                var seconds = (input.StepBounds[t + 1] - input.StepBounds[t]).TotalSeconds;
                var net = input.NetLoadW[t];
                double Cost(double f)
                {
                    var grid = net + p0 + (f * width);
                    var price = grid > 0 ? input.ImportPriceEurPerKwh[t] : input.ExportPriceEurPerKwh;
                    return (price * grid * seconds / 3_600_000) + (running * seconds);
                }

                var balance = (-net - p0) / width / input.FactorStep;
                double[] candidates = width == 0 ? [0] : [0, 1, Math.Clamp(Math.Floor(balance) * input.FactorStep, 0, 1), Math.Clamp(Math.Ceiling(balance) * input.FactorStep, 0, 1)];
                var (bestF, bestC) = (0.0, double.PositiveInfinity);
                foreach (var f in candidates)
                {
                    var c = Cost(f);
                    if (c < bestC - 1e-12)
                    {
                        (bestF, bestC) = (f, c);
                    }
                }

                (cost[m][t], factor[m][t]) = (bestC, Math.Round(bestF, 6));
            }
        }

        return (cost, factor);
    }

    /// <summary>The first step t ≥ <paramref name="from"/> in which a timer finishing at <paramref name="until"/> no longer blocks (it finishes before the step ends).</summary>
    private static int FirstFree(IReadOnlyList<DateTimeOffset> bounds, int steps, DateTimeOffset until, int from)
    {
        var t = from;
        while (t < steps && until >= bounds[t + 1])
        {
            t++;
        }

        return t;
    }

    private static void Relax(Dictionary<string, Node> next, Node parent, int mode, int[] until, double cost, int t, int change)
    {
        var normal = until.Select(u => u > t + 1 ? u : 0).ToArray();
        var key = Key(mode, normal);
        var changes = parent.Changes + change;
        if (!next.TryGetValue(key, out var known) || cost < known.Cost - 1e-12 || (Math.Abs(cost - known.Cost) <= 1e-12 && changes < known.Changes))
        {
            next[key] = new Node(mode, normal, cost, parent, changes);
        }
    }

    private static string Key(int mode, int[] until) => $"{mode}|{string.Join(',', until)}";

    private static int? Index(IReadOnlyList<OmbcOperationMode> modes, string id)
    {
        for (var i = 0; i < modes.Count; i++)
        {
            if (modes[i].Id == id)
            {
                return i;
            }
        }

        return null;
    }

    private static int[] Timers(IReadOnlyList<S2Timer> timers, IReadOnlyList<string> ids) =>
        [.. ids.Select(id => timers.Select((t, i) => (t, i)).FirstOrDefault(x => x.t.Id == id, (null!, -1)).Item2).Where(i => i >= 0)];

    private sealed record Move(int From, int To, double Cost, int[] Start, int[] Blocking);

    private sealed record Node(int Mode, int[] Until, double Cost, Node? Parent, int Changes);
}
