using Quartier.Cossmic.Neighbourhood;
using Quartier.Cossmic.Runs;
using Quartier.Optimization.Modeling;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// An upper bound on the PV share any scheduler can reach on a nominal run (no prediction error, no jitter): the
/// linear-programming relaxation of the offline problem that knows every job and the actual production from the
/// start. Per 60 s step k, PV used ≤ min(production_k, load_k); background loads stay at their registration; each
/// class of shiftable jobs (same profile and window) spreads its count fractionally over starts in its window. A
/// step's energy of a run is affine in the start between the starts where a profile row meets a step boundary
/// (start ≡ −row time mod 60 s), so those starts and the window's ends span every real start: the bound holds for
/// any plan, not only for the starts the exact planner tries.
/// </summary>
public static class CossmicLpBound
{
    /// <summary>The bound: PV energy (Wh) and PV share of the demand of the jobs that run.</summary>
    /// <param name="PvWh">Largest PV energy the loads can use.</param>
    /// <param name="DemandWh">Energy of the jobs that run (as in the run's KPIs).</param>
    /// <param name="Columns">Start columns of the LP.</param>
    public sealed record Bound(double PvWh, double DemandWh, int Columns)
    {
        /// <summary>Largest reachable PV share.</summary>
        public double PvShare => DemandWh > 0 ? PvWh / DemandWh : 0;
    }

    /// <summary>Solves the relaxation (CBC's LP solver, or <see cref="CossmicRunOptions.Solver"/>).</summary>
    /// <exception cref="InvalidOperationException">The LP solver gave no optimum.</exception>
    public static Bound Compute(CossmicScenario scenario, CossmicRunOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var resolved = (options with { PredictionError = 0, ArrivalJitterSeconds = 0, Runs = 1 }).Resolve();
        var timeline = new Timeline(scenario, resolved, cancellation);
        var steps = timeline.Steps;
        var production = new double[steps];
        for (var p = 0; p < timeline.ProducerCount; p++)
        {
            var final = timeline.Final(p);
            for (var k = 0; k < steps; k++)
            {
                production[k] += final[k];
            }
        }

        var fixedLoad = new double[steps];
        var scratch = new double[timeline.MaxProfileSteps];
        var classes = new Dictionary<(int Profile, long A, long B), int>();
        var demand = 0.0;
        for (var j = 0; j < timeline.JobCount; j++)
        {
            var reg = timeline.Registered[j];
            var a = Math.Max(timeline.Earliest[j], reg);
            var b = Math.Min(timeline.Latest[j], timeline.Horizon);
            if (reg >= timeline.Horizon || a > b)
            {
                continue;
            }

            var profile = timeline.Profiles[timeline.Profile[j]];
            demand += profile.EnergyWh;
            if (timeline.Background[j] || a == b)
            {
                var n = profile.FillSteps(a, Timeline.Step, scratch, out var first);
                for (var i = 0; i < n; i++)
                {
                    if (first + i >= 0 && first + i < steps)
                    {
                        fixedLoad[first + i] += scratch[i];
                    }
                }

                continue;
            }

            var key = (timeline.Profile[j], a, b);
            classes[key] = classes.GetValueOrDefault(key) + 1;
        }

        var model = new Model("cossmic_lp_bound");
        var rows = new LinearExpression?[steps];
        var columns = 0;
        foreach (var ((profileIndex, a, b), count) in classes)
        {
            cancellation.ThrowIfCancellationRequested();
            var profile = timeline.Profiles[profileIndex];
            var sum = new LinearExpression(64);
            foreach (var start in Kinks(profile, a, b))
            {
                var x = model.Continuous($"x{columns++}", 0, count);
                sum.Add(x);
                var n = profile.FillSteps(start, Timeline.Step, scratch, out var first);
                for (var i = 0; i < n; i++)
                {
                    var k = first + i;
                    // Not clipped at the room (as the planner's MILP is): a start between two kinks is a convex
                    // combination of theirs only for the unclipped energies.
                    if (k >= 0 && k < steps && scratch[i] > 0 && production[k] > fixedLoad[k])
                    {
                        (rows[k] ??= new LinearExpression(16)).Add(x, -scratch[i]);
                    }
                }
            }

            model.AddEq(sum, count, $"count{columns}");
        }

        // PV used in step k: min(production, fixed load) for sure, plus y_k ≤ what the shiftable runs add, up to the room left.
        var pv = 0.0;
        var objective = new LinearExpression(steps);
        for (var k = 0; k < steps; k++)
        {
            pv += Math.Min(production[k], fixedLoad[k]);
            if (rows[k] is { } row)
            {
                var y = model.Continuous($"y{k}", 0, production[k] - fixedLoad[k]);
                row.Add(y);
                objective.Add(y);
                model.AddLe(row, 0, $"cover{k}");
            }
        }

        if (columns > 0)
        {
            model.Maximize(objective);
            var solution = Quartier.Optimization.Solvers.Solvers.ByName(resolved.Solver).Solve(model, new SolveOptions { Cancellation = cancellation });
            if (solution.Status != SolveStatus.Optimal)
            {
                throw new InvalidOperationException($"the LP bound's solver ended {solution.Status}");
            }

            pv += solution.Objective;
        }

        return new Bound(pv, demand, columns);
    }

    /// <summary>
    /// The window's ends and every start in between at which a profile row meets a 60 s step boundary: between two of
    /// them each step's energy is affine in the start.
    /// </summary>
    private static SortedSet<long> Kinks(LoadProfile profile, long a, long b)
    {
        var residues = new SortedSet<long>();
        foreach (var t in profile.Seconds)
        {
            foreach (var whole in new[] { Math.Floor(t), Math.Ceiling(t) })
            {
                residues.Add(((-(long)whole % Timeline.Step) + Timeline.Step) % Timeline.Step);
            }
        }

        var starts = new SortedSet<long> { a, b };
        var baseStep = LoadProfile.FloorDiv(a, Timeline.Step) * Timeline.Step;
        for (var s0 = baseStep; s0 <= b; s0 += Timeline.Step)
        {
            foreach (var r in residues)
            {
                var s = s0 + r;
                if (s > a && s < b)
                {
                    starts.Add(s);
                }
            }
        }

        return starts;
    }
}
