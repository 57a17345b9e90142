using System.Diagnostics;
using Quartier.Cossmic.Results;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// Runs one simulation: the events (prediction issues and job registrations, after jitter) in time order, batched per
/// second — predictions first, then registrations in input order — each batch handed to the scheduler; then the
/// energy balance on the actual production.
/// </summary>
internal static class RunEngine
{
    public static CossmicRunResult Run(Timeline timeline, int run, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var options = timeline.Options;
        var seed = unchecked(options.Seed + run);
        var state = new RunState(timeline, seed, cancellation);
        var scheduler = Schedulers.Create(options.Algorithm);
        var events = new List<Event>();
        for (var p = 0; p < timeline.ProducerCount; p++)
        {
            for (var v = 0; v < timeline.Issued[p].Length; v++)
            {
                events.Add(new Event(timeline.Issued[p][v], 0, p, v));
            }
        }

        for (var j = 0; j < timeline.JobCount; j++)
        {
            if (state.Active[j])
            {
                events.Add(new Event(state.Reg[j], 1, j, 0));
            }
        }

        events.Sort();
        var newJobs = new List<int>();
        var committedAt = new long[timeline.JobCount];
        Array.Fill(committedAt, -1);
        var open = state.Open;
        var check = new List<int>();
        var i = 0;
        while (i < events.Count)
        {
            cancellation.ThrowIfCancellationRequested();
            var now = events[i].Time;
            if (now >= timeline.Horizon)
            {
                break;
            }

            newJobs.Clear();
            for (; i < events.Count && events[i].Time == now; i++)
            {
                var e = events[i];
                if (e.Kind == 0)
                {
                    state.SetKnown(e.A, e.B);
                }
                else
                {
                    newJobs.Add(e.A);
                }
            }

            // Jobs that have started by now no longer move. Only open jobs (registered, not started) are looked at, so
            // a batch costs what is open, not the whole city.
            foreach (var j in open)
            {
                if (state.Start[j] >= 0 && state.Start[j] < now)
                {
                    state.Committed[j] = true;
                    committedAt[j] = state.Start[j];
                }
            }

            state.SyncLoads(open);
            open.RemoveAll(j => state.Committed[j]);
            foreach (var j in newJobs)
            {
                state.Register(j);
                open.Add(j);
            }

            check.Clear();
            check.AddRange(open);
            scheduler.OnBatch(state, now, newJobs);
            CheckInvariants(state, now, committedAt, check);
            state.SyncLoads(open);
            open.RemoveAll(j => state.Committed[j]);
        }

        cancellation.ThrowIfCancellationRequested();
        CheckCommitted(state, committedAt);
        return EnergyBalance.Evaluate(state, run, clock);
    }

    /// <summary>
    /// Guards the scheduling rules after every batch for the jobs the scheduler could move (a violation is a bug, not
    /// bad input): every registered job has a start in [max(earliest, registration), latest]; a job not yet started does
    /// not start before the event. <see cref="CheckCommitted"/> checks at the end that no started job moved.
    /// </summary>
    private static void CheckInvariants(RunState state, long now, long[] committedAt, List<int> jobs)
    {
        foreach (var j in jobs)
        {
            var start = state.Start[j];
            var ok = start >= state.A[j] && start <= state.B[j]
                && (state.Committed[j] ? committedAt[j] < 0 || committedAt[j] == start : start >= now);
            if (!ok)
            {
                throw Broken(state, j, now);
            }

            if (state.Committed[j] && committedAt[j] < 0)
            {
                committedAt[j] = start;
            }
        }
    }

    /// <summary>A job that had started keeps its start, and every registered job stays in its window.</summary>
    private static void CheckCommitted(RunState state, long[] committedAt)
    {
        for (var j = 0; j < state.Timeline.JobCount; j++)
        {
            if (state.Registered[j] && (state.Start[j] < state.A[j] || state.Start[j] > state.B[j] || (committedAt[j] >= 0 && committedAt[j] != state.Start[j])))
            {
                throw Broken(state, j, state.Timeline.Horizon);
            }
        }
    }

    private static InvalidOperationException Broken(RunState state, int j, long now) =>
        new($"scheduler '{state.Timeline.Options.Algorithm}' broke a rule for job '{state.Timeline.Scenario.Jobs[j].Key}' at t = {now} s: start {state.Start[j]} s, window [{state.A[j]}, {state.B[j]}] s, committed {state.Committed[j]}");

    private readonly record struct Event(long Time, int Kind, int A, int B) : IComparable<Event>
    {
        public int CompareTo(Event other)
        {
            var c = Time.CompareTo(other.Time);
            if (c == 0)
            {
                c = Kind.CompareTo(other.Kind);
            }

            if (c == 0)
            {
                c = A.CompareTo(other.A);
            }

            return c == 0 ? B.CompareTo(other.B) : c;
        }
    }
}
