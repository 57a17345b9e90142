using System.Diagnostics;
using Quartier.Cossmic.Neighbourhood;
using Quartier.Optimization.Modeling;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// The exact re-plan at one event. With what is known at time t it solves the day-ahead problem discretised to
/// MILP slots of S seconds (<see cref="Runs.CossmicRunOptions.MilpSlotSeconds"/>, default 300):
/// maximise Σ_σ min(u⁺_σ, C_σ + Σ_j L_j(s_j)_σ) over the slots σ from t on, where u⁺_σ = max(0, P̂_σ − B_σ) is the
/// predicted production of the slot left after the background loads B_σ (they take PV first), C_σ the energy of the
/// jobs already running and L_j(s)_σ the energy job j started at s uses in slot σ (exact integral of its profile).
/// Each free job's start s_j is one of its candidates: its earliest possible start max(earliest start, registration, t),
/// every multiple of the start grid (<see cref="Runs.CossmicRunOptions.StartGridSeconds"/>, default 900) inside its window,
/// and its latest start.
/// <para>
/// MILP: y_σ ∈ [0, u⁺_σ − C_σ], y_σ ≤ Σ min(L, u⁺_σ − C_σ)·n (rows only where u⁺_σ &gt; C_σ; clipping a run's slot energy at
/// the room keeps every integer plan's value and tightens the relaxation), and integer counts n_{c,s} of the jobs of
/// class c (same profile and window — interchangeable, since only the neighbourhood total counts) starting at s, with
/// Σ_s n_{c,s} = |c|; maximise Σ y. Classes whose footprints [a, b + duration) share no slot are solved separately.
/// CBC stops at a relative gap of 10⁻⁶ (proven optimal); on its time limit the incumbent is used (counted, with its
/// gap), without one a greedy plan (largest marginal coverage, tightest windows first).
/// </para>
/// <para>
/// Then, unless <see cref="Runs.CossmicRunOptions.Refine"/> is off, the plan is refined in the 60 s balance: single jobs move
/// by whole minutes within ± one grid step while the predicted 60 s coverage increases, and finally each job moves to
/// its earliest candidate start that loses no predicted 60 s coverage (the tie-break among equally good plans).
/// </para>
/// </summary>
internal sealed partial class ExactPlanner
{
    private const double Tiny = 1e-9;

    private readonly Dictionary<(int Profile, long A, long B), JobClass> _classes = [];

    public void Plan(RunState state, long now, List<int> free)
    {
        var timeline = state.Timeline;
        var options = timeline.Options;
        var m = options.MilpSlotSeconds / Timeline.Step;
        var k0 = Math.Max(0, Timeline.StepOf(now));
        var fine = Room(state, k0, committedOnly: true);
        var (production, background, committed) = (state.Work1, state.Work2, state.Work3);

        var slots = (timeline.Steps + m - 1) / m;
        var room = new double[slots];
        for (var slot = (int)(k0 / m); slot < slots; slot++)
        {
            double p = 0, b = 0, c = 0;
            var slotEnd = Math.Min(timeline.Steps, (slot + 1) * m);
            for (var k = Math.Max((int)k0, slot * m); k < slotEnd; k++)
            {
                p += production[k];
                b += background[k];
                c += committed[k];
            }

            room[slot] = Math.Max(0, p - b) - c;
        }

        _classes.Clear();
        foreach (var j in free)
        {
            var a = Math.Max(state.A[j], now);
            var b = Math.Max(state.B[j], a);
            var key = (timeline.Profile[j], a, b);
            if (!_classes.TryGetValue(key, out var c))
            {
                var profile = timeline.Profiles[key.Item1];
                var first = LoadProfile.FloorDiv(Timeline.StepOf(a), m);
                var last = LoadProfile.FloorDiv(Timeline.StepOf(b + (long)Math.Ceiling(profile.DurationSeconds)), m);
                c = new JobClass(key.Item1, a, b, first, last + 1);
                _classes.Add(key, c);
            }

            c.Jobs.Add(j);
        }

        var ordered = _classes.Values.OrderBy(c => c.FirstSlot).ThenBy(c => c.Profile).ThenBy(c => c.A).ThenBy(c => c.B).ToList();
        var component = new List<JobClass>();
        var end = long.MinValue;
        foreach (var c in ordered)
        {
            if (component.Count > 0 && c.FirstSlot >= end)
            {
                state.Cancellation.ThrowIfCancellationRequested();
                Solve(state, component, room);
                component.Clear();
            }

            component.Add(c);
            end = Math.Max(end, c.EndSlot);
        }

        if (component.Count > 0)
        {
            Solve(state, component, room);
        }

        if (options.Refine)
        {
            Refine(state, now, free, fine);
        }
    }

    /// <summary>
    /// The predicted PV left per 60 s step from <paramref name="k0"/> on: known production after the background loads,
    /// less the committed shiftable loads (or all planned ones). Leaves production, background and those loads in
    /// <see cref="RunState.Work1"/>, <see cref="RunState.Work2"/> and <see cref="RunState.Work3"/>.
    /// </summary>
    private static double[] Room(RunState state, long k0, bool committedOnly)
    {
        var (production, background, loads) = (state.Work1, state.Work2, state.Work3);
        state.KnownTotal(production, k0);
        state.PlannedLoads(k0, background, loads, committedOnly);
        var room = new double[state.Timeline.Steps];
        for (var k = (int)k0; k < room.Length; k++)
        {
            room[k] = Math.Max(0, production[k] - background[k]) - loads[k];
        }

        return room;
    }

    /// <summary>
    /// Energy per MILP slot (<paramref name="m"/> balance steps) of a run starting at <paramref name="start"/>:
    /// <c>dest[i]</c> is slot <c>firstSlot + i</c>. Returns the number of slots.
    /// </summary>
    private static int SlotLoads(RunState state, LoadProfile profile, long start, int m, double[] dest, out long firstSlot)
    {
        var steps = profile.FillSteps(start, Timeline.Step, state.Scratch, out var k1);
        firstSlot = LoadProfile.FloorDiv(k1, m);
        if (steps == 0)
        {
            return 0;
        }

        var count = (int)(LoadProfile.FloorDiv(k1 + steps - 1, m) - firstSlot + 1);
        Array.Clear(dest, 0, count);
        for (var i = 0; i < steps; i++)
        {
            dest[(int)(LoadProfile.FloorDiv(k1 + i, m) - firstSlot)] += state.Scratch[i];
        }

        return count;
    }

    private static void Solve(RunState state, List<JobClass> component, double[] room)
    {
        var timeline = state.Timeline;
        var options = timeline.Options;
        var grid = (long)options.StartGridSeconds;
        long nonZeros;
        var coarsened = false;
        while (true)
        {
            nonZeros = 0;
            foreach (var c in component)
            {
                c.Candidates = Candidates(c.A, c.B, grid);
                nonZeros += (long)c.Candidates.Length * ((timeline.Profiles[c.Profile].MaxSteps(Timeline.Step) / (options.MilpSlotSeconds / Timeline.Step)) + 2);
            }

            if (nonZeros <= options.MaxMilpNonZeros || grid >= 86400)
            {
                break;
            }

            grid *= 2;
            coarsened = true;
        }

        if (coarsened)
        {
            state.Counters.CoarsenedGrids++;
        }

        var choices = 0;
        foreach (var c in component)
        {
            c.Counts = new int[c.Candidates.Length];
            choices += c.Candidates.Length > 1 ? 1 : 0;
        }

        if (choices == 0)
        {
            // Every job has a single possible start.
            foreach (var c in component)
            {
                c.Counts[0] = c.Jobs.Count;
            }
        }
        else
        {
            // The greedy plan is the MILP's start (its first incumbent) and the fallback should the MILP give nothing.
            Greedy(state, component, room);
            var greedy = component.ConvertAll(c => (int[])c.Counts.Clone());
            if (!SolveMilp(state, component, room, nonZeros, greedy))
            {
                for (var i = 0; i < component.Count; i++)
                {
                    component[i].Counts = greedy[i];
                }

                state.Counters.GreedyFallbacks++;
            }
        }

        foreach (var c in component)
        {
            c.Jobs.Sort();
            var next = 0;
            for (var s = 0; s < c.Candidates.Length; s++)
            {
                for (var n = 0; n < c.Counts[s]; n++)
                {
                    state.Start[c.Jobs[next++]] = c.Candidates[s];
                }
            }
        }
    }

    private static bool SolveMilp(RunState state, List<JobClass> component, double[] room, long nonZeros, List<int[]> greedy)
    {
        var timeline = state.Timeline;
        var options = timeline.Options;
        var m = options.MilpSlotSeconds / Timeline.Step;
        var buffer = new double[(timeline.MaxProfileSteps / m) + 3];
        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (var c in component)
        {
            first = Math.Min(first, c.FirstSlot);
            last = Math.Max(last, c.EndSlot);
        }

        first = Math.Max(0, first);
        last = Math.Min(last, room.Length);
        var rows = new LinearExpression?[Math.Max(0, last - first)];
        var model = new Model("cossmic_exact");
        var objective = new LinearExpression((int)Math.Min(int.MaxValue, nonZeros / 8) + 16);
        var variables = new List<Variable[]>(component.Count);
        for (var ci = 0; ci < component.Count; ci++)
        {
            var c = component[ci];
            var profile = timeline.Profiles[c.Profile];
            var vars = new Variable[c.Candidates.Length];
            var count = new LinearExpression(c.Candidates.Length);
            for (var si = 0; si < c.Candidates.Length; si++)
            {
                var start = c.Candidates[si];
                var n = c.Jobs.Count == 1 ? model.Binary($"n{ci}_{si}") : model.Integer($"n{ci}_{si}", 0, c.Jobs.Count);
                vars[si] = n;
                count.Add(n);
                var slots = SlotLoads(state, profile, start, m, buffer, out var k1);
                for (var i = 0; i < slots; i++)
                {
                    var k = k1 + i;
                    var load = buffer[i];
                    if (load <= 0 || k < first || k >= last || room[k] <= Tiny)
                    {
                        continue;
                    }

                    // A single run covers at most min(load, room) of a slot: clipping keeps every integer plan's value and tightens the LP.
                    var row = rows[k - first] ??= new LinearExpression(16);
                    row.Add(n, -Math.Min(load, room[k]));
                }
            }

            model.AddEq(count, c.Jobs.Count, $"count{ci}");
            variables.Add(vars);
        }

        if (Array.TrueForAll(rows, row => row is null))
        {
            // No run can reach predicted PV: every plan covers nothing; all at their earliest start.
            foreach (var c in component)
            {
                c.Counts[0] = c.Jobs.Count;
            }

            return true;
        }

        for (var r = 0; r < rows.Length; r++)
        {
            var row = rows[r];
            if (row is null)
            {
                continue;
            }

            var y = model.Continuous($"y{r}", 0, room[first + r]);
            row.Add(y);
            objective.Add(y);
            model.AddLe(row, 0, $"cover{r}");
        }

        model.Maximize(objective);
        var solver = Quartier.Optimization.Solvers.Solvers.ByName(options.Solver);
        var clock = Stopwatch.StartNew();
        var warm = new List<KeyValuePair<Variable, double>>();
        for (var ci = 0; ci < component.Count; ci++)
        {
            for (var si = 0; si < variables[ci].Length; si++)
            {
                warm.Add(new(variables[ci][si], greedy[ci][si]));
            }
        }

        var solution = solver.Solve(model, new SolveOptions { TimeLimitSeconds = options.SolverTimeLimitSeconds, RelativeGap = 1e-6, MaxNodes = options.SolverMaxNodes, Cancellation = state.Cancellation, Start = warm });
        var counters = state.Counters;
        counters.SolverSeconds += clock.Elapsed.TotalSeconds;

        counters.MilpSolves++;
        counters.LargestColumns = Math.Max(counters.LargestColumns, model.Variables.Count);
        counters.LargestNonZeros = Math.Max(counters.LargestNonZeros, nonZeros);
        if (!solution.HasValues)
        {
            return false;
        }

        for (var ci = 0; ci < component.Count; ci++)
        {
            var c = component[ci];
            var vars = variables[ci];
            var total = 0;
            for (var si = 0; si < vars.Length; si++)
            {
                c.Counts[si] = (int)Math.Round(solution.Value(vars[si]));
                total += c.Counts[si];
            }

            if (total != c.Jobs.Count)
            {
                return false;
            }
        }

        if (solution.Status == SolveStatus.Optimal)
        {
            counters.ProvenOptimal++;
        }
        else
        {
            counters.TimeLimited++;
            counters.MaxRelativeGap = Math.Max(counters.MaxRelativeGap, solution.RelativeGap ?? 1);
        }

        return true;
    }

    /// <summary>Greedy plan: tightest windows first, each job at the candidate adding the most predicted coverage (earliest on ties).</summary>
    private static void Greedy(RunState state, List<JobClass> component, double[] room)
    {
        var timeline = state.Timeline;
        var m = timeline.Options.MilpSlotSeconds / Timeline.Step;
        var buffer = new double[(timeline.MaxProfileSteps / m) + 3];
        var added = new double[room.Length];
        var order = new List<(JobClass Class, int Job)>();
        foreach (var c in component)
        {
            Array.Clear(c.Counts);
            foreach (var j in c.Jobs)
            {
                order.Add((c, j));
            }
        }

        order.Sort((x, y) =>
        {
            var wx = x.Class.B - x.Class.A;
            var wy = y.Class.B - y.Class.A;
            if (wx != wy)
            {
                return wx.CompareTo(wy);
            }

            var ex = timeline.Profiles[x.Class.Profile].EnergyWh;
            var ey = timeline.Profiles[y.Class.Profile].EnergyWh;
            return ex != ey ? ey.CompareTo(ex) : x.Job.CompareTo(y.Job);
        });

        // A class's slot loads per candidate start depend only on its profile and the start: built once per class
        // (the same arithmetic as SlotLoads, so the same plan), not once per job and candidate.
        var cache = new Dictionary<JobClass, (double[][] Loads, long[] First)>(ReferenceEqualityComparer.Instance);
        foreach (var (c, _) in order)
        {
            if (!cache.TryGetValue(c, out var slots))
            {
                var profile = timeline.Profiles[c.Profile];
                slots = (new double[c.Candidates.Length][], new long[c.Candidates.Length]);
                for (var si = 0; si < c.Candidates.Length; si++)
                {
                    var count = SlotLoads(state, profile, c.Candidates[si], m, buffer, out slots.First[si]);
                    slots.Loads[si] = buffer[..count];
                }

                cache.Add(c, slots);
            }

            var best = 0;
            var bestGain = double.NegativeInfinity;
            for (var si = 0; si < c.Candidates.Length; si++)
            {
                var loads = slots.Loads[si];
                var k1 = slots.First[si];
                var gain = 0.0;
                for (var i = 0; i < loads.Length; i++)
                {
                    var k = k1 + i;
                    if (k >= 0 && k < room.Length)
                    {
                        gain += Math.Min(Math.Max(0, room[k] - added[k]), loads[i]);
                    }
                }

                if (gain > bestGain + Tiny)
                {
                    bestGain = gain;
                    best = si;
                }
            }

            c.Counts[best]++;
            var placed = slots.Loads[best];
            var kb = slots.First[best];
            for (var i = 0; i < placed.Length; i++)
            {
                var k = kb + i;
                if (k >= 0 && k < room.Length)
                {
                    added[k] += placed[i];
                }
            }
        }
    }

    /// <summary>a, every multiple of <paramref name="grid"/> strictly inside (a, b), and b.</summary>
    internal static long[] Candidates(long a, long b, long grid)
    {
        var list = new List<long> { a };
        var g = (LoadProfile.FloorDiv(a, grid) + 1) * grid;
        for (; g < b; g += grid)
        {
            list.Add(g);
        }

        if (b > a)
        {
            list.Add(b);
        }

        return [.. list];
    }

    private sealed class JobClass(int profile, long a, long b, long firstSlot, long endSlot)
    {
        public int Profile { get; } = profile;

        public long A { get; } = a;

        public long B { get; } = b;

        /// <summary>First MILP slot the class's runs can touch.</summary>
        public long FirstSlot { get; } = firstSlot;

        /// <summary>One past the last MILP slot the class's runs can touch.</summary>
        public long EndSlot { get; } = endSlot;

        public List<int> Jobs { get; } = [];

        public long[] Candidates { get; set; } = [];

        public int[] Counts { get; set; } = [];
    }
}
