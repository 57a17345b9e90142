using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// The exact planner's moves in the 60 s balance: inserting newly registered jobs into the current plan, and the
/// refinement of a plan by single-job moves (with its memory of searches that found no move).
/// </summary>
internal sealed partial class ExactPlanner
{
    /// <summary>Refinement searches that found no move: (profile, start, from, to, tie-break) → the move count then.</summary>
    private readonly Dictionary<(int Profile, long Start, long From, long To, bool TieBreak), int> _stay = [];

    /// <summary>
    /// Inserts newly registered shiftable <paramref name="jobs"/> into the current plan without moving any other job:
    /// in the predicted 60 s balance with every planned load, each new job (in index order) takes the candidate start
    /// (<see cref="Candidates"/>) that covers most of its energy with the PV left, the earliest on ties; then the new
    /// jobs are refined as a re-plan refines all (<see cref="Refine"/>).
    /// </summary>
    public void Insert(RunState state, long now, List<int> jobs)
    {
        var timeline = state.Timeline;
        var grid = (long)timeline.Options.StartGridSeconds;
        var room = Room(state, Math.Max(0, Timeline.StepOf(now)), committedOnly: false);

        var left = (double[])room.Clone();
        var run = new double[timeline.MaxProfileSteps];
        foreach (var j in jobs)
        {
            state.Cancellation.ThrowIfCancellationRequested();
            var profile = timeline.Profiles[timeline.Profile[j]];
            var a = Math.Max(state.A[j], now);
            var b = Math.Max(state.B[j], a);
            var best = a;
            var bestGain = double.NegativeInfinity;
            foreach (var t in Candidates(a, b, grid))
            {
                var n = profile.FillSteps(t, Timeline.Step, run, out var first);
                var gain = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var k = first + i;
                    if (k >= 0 && k < left.Length && left[k] > 0)
                    {
                        gain += Math.Min(left[k], run[i]);
                    }
                }

                if (gain > bestGain + Tiny)
                {
                    bestGain = gain;
                    best = t;
                }
            }

            state.Start[j] = best;
            var count = profile.FillSteps(best, Timeline.Step, run, out var f);
            for (var i = 0; i < count; i++)
            {
                if (f + i >= 0 && f + i < left.Length)
                {
                    left[f + i] -= run[i];
                }
            }
        }

        if (timeline.Options.Refine)
        {
            Refine(state, now, jobs, room);
        }
    }

    /// <summary>
    /// 60 s refinement of the MILP plan: each free job in turn moves to the whole-minute start within ± one start-grid
    /// step (inside its window, its window ends included) that most increases the predicted coverage in the 60 s
    /// balance, until a pass moves nothing (at most 8 passes).
    /// <para>
    /// At city scale most jobs are copies of others (same profile, start and window): a job whose search found no
    /// better start is remembered with the balance steps the search read, and the next copy skips the search while no
    /// move has touched those steps since — exactly the answer the search would give, at the cost of a look-up.
    /// </para>
    /// </summary>
    private void Refine(RunState state, long now, List<int> free, double[] room)
    {
        var timeline = state.Timeline;
        var grid = (long)timeline.Options.StartGridSeconds;
        var load = new double[room.Length];
        foreach (var j in free)
        {
            state.AddLoad(j, state.Start[j], load, 0);
        }

        var stamps = new Stamps(room.Length, timeline.MaxProfileSteps);
        _stay.Clear();
        var current = new double[timeline.MaxProfileSteps];
        var moved = new double[timeline.MaxProfileSteps];
        var starts = new long[((2 * grid) / Timeline.Step) + 4];
        var gains = new double[starts.Length];
        using var helper = GainHelper.For(timeline, free.Count, room, load, current, starts, gains);
        for (var pass = 0; pass < 8; pass++)
        {
            state.Cancellation.ThrowIfCancellationRequested();
            var changed = false;
            foreach (var j in free)
            {
                state.Cancellation.ThrowIfCancellationRequested();
                var profileIndex = timeline.Profile[j];
                var profile = timeline.Profiles[profileIndex];
                var start = state.Start[j];
                var lo = Math.Max(Math.Max(state.A[j], now), start - grid);
                var hi = Math.Min(state.B[j], start + grid);
                var key = (profileIndex, start, lo, hi, false);
                if (_stay.TryGetValue(key, out var seen) && stamps.Unchanged(lo, hi, seen))
                {
                    continue;
                }

                var n0 = profile.FillSteps(start, Timeline.Step, current, out var f0);
                var best = start;
                var bestGain = Tiny;
                if (helper is not null)
                {
                    // The same candidates in the same order; their gains computed on two cores, then chosen as below.
                    var count = 0;
                    for (var t = start - (((start - lo) / Timeline.Step) * Timeline.Step); t <= hi; t += Timeline.Step)
                    {
                        starts[count++] = t;
                    }

                    starts[count++] = lo;
                    starts[count++] = hi;
                    helper.Evaluate(profile, start, count, n0, f0, moved);
                    for (var i = 0; i < count; i++)
                    {
                        var t = starts[i];
                        if (t != start && t != best && gains[i] > bestGain)
                        {
                            bestGain = gains[i];
                            best = t;
                        }
                    }
                }
                else
                {
                    for (var t = start - (((start - lo) / Timeline.Step) * Timeline.Step); t <= hi; t += Timeline.Step)
                    {
                        Consider(t);
                    }

                    Consider(lo);
                    Consider(hi);
                }
                if (best != start)
                {
                    var n1 = profile.FillSteps(best, Timeline.Step, moved, out var f1);
                    Move(load, current, n0, f0, moved, n1, f1);
                    stamps.Moved(Math.Min(f0, f1), Math.Max(f0 + n0, f1 + n1));
                    state.Start[j] = best;
                    changed = true;
                }
                else
                {
                    _stay[key] = stamps.Now;
                }

                void Consider(long t)
                {
                    if (t == start || t == best)
                    {
                        return;
                    }

                    var n1 = profile.FillSteps(t, Timeline.Step, moved, out var f1);
                    var gain = Gain(room, load, current, n0, f0, moved, n1, f1);
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        best = t;
                    }
                }
            }

            if (!changed)
            {
                break;
            }
        }

        // Tie-break: each job moves to the earliest candidate start that loses no predicted coverage.
        foreach (var j in free)
        {
            var profileIndex = timeline.Profile[j];
            var profile = timeline.Profiles[profileIndex];
            var start = state.Start[j];
            var a = Math.Max(state.A[j], now);
            var key = (profileIndex, start, a, start, true);
            if (a >= start || (_stay.TryGetValue(key, out var seen) && stamps.Unchanged(a, start, seen)))
            {
                continue;
            }

            var n0 = profile.FillSteps(start, Timeline.Step, current, out var f0);
            var stays = true;
            for (var t = a; t < start; t = t == a ? (LoadProfile.FloorDiv(a, grid) + 1) * grid : t + grid)
            {
                var n1 = profile.FillSteps(t, Timeline.Step, moved, out var f1);
                if (Gain(room, load, current, n0, f0, moved, n1, f1) < -Tiny)
                {
                    continue;
                }

                Move(load, current, n0, f0, moved, n1, f1);
                stamps.Moved(Math.Min(f0, f1), Math.Max(f0 + n0, f1 + n1));
                state.Start[j] = t;
                stays = false;
                break;
            }

            if (stays)
            {
                _stay[key] = stamps.Now;
            }
        }
    }

    /// <summary>Change of the predicted coverage Σ min(room, load) when a run's steps change from current to moved.</summary>
    private static double Gain(double[] room, double[] load, double[] current, int n0, long f0, double[] moved, int n1, long f1)
    {
        var from = Math.Min(f0, f1);
        var to = Math.Max(f0 + n0, f1 + n1);
        var gain = 0.0;
        for (var k = from; k < to; k++)
        {
            var r = room[k];
            if (r <= 0)
            {
                continue;
            }

            var before = load[k];
            var after = before - (k >= f0 && k < f0 + n0 ? current[k - f0] : 0) + (k >= f1 && k < f1 + n1 ? moved[k - f1] : 0);
            gain += Math.Min(r, after) - Math.Min(r, before);
        }

        return gain;
    }

    private static void Move(double[] load, double[] current, int n0, long f0, double[] moved, int n1, long f1)
    {
        for (var i = 0; i < n0; i++)
        {
            load[f0 + i] -= current[i];
        }

        for (var i = 0; i < n1; i++)
        {
            load[f1 + i] += moved[i];
        }
    }

    /// <summary>
    /// Which balance steps the refinement's moves have touched, by blocks of 16 steps: the count of moves when a block
    /// last changed. A search over starts [from, to] reads the steps from <c>from</c> to <c>to</c> plus the longest run.
    /// </summary>
    private sealed class Stamps(int steps, int maxRunSteps)
    {
        private const int Shift = 4;

        private readonly int[] _block = new int[(steps >> Shift) + 2];

        /// <summary>Moves made so far.</summary>
        public int Now { get; private set; }

        public void Moved(long fromStep, long toStep)
        {
            Now++;
            var b0 = (int)Math.Max(0, fromStep >> Shift);
            var b1 = (int)Math.Min(_block.Length - 1, Math.Max(0, toStep) >> Shift);
            for (var b = b0; b <= b1; b++)
            {
                _block[b] = Now;
            }
        }

        public bool Unchanged(long fromSeconds, long toSeconds, int since)
        {
            var b0 = (int)Math.Max(0, (Timeline.StepOf(fromSeconds) - 1) >> Shift);
            var b1 = (int)Math.Min(_block.Length - 1, Math.Max(0, Timeline.StepOf(toSeconds) + maxRunSteps + 1) >> Shift);
            for (var b = b0; b <= b1; b++)
            {
                if (_block[b] > since)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
