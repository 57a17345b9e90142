using System.Runtime.ExceptionServices;
using Quartier.Cossmic.Neighbourhood;

namespace Quartier.Cossmic.Scheduling;

internal sealed partial class ExactPlanner
{
    /// <summary>
    /// The refinement's second core. Each search tries every whole-minute start within ± one start-grid step, and at
    /// city scale the searches are most of a run's time. In a large refinement (<see cref="ExactPlanner.ParallelFrom"/> free jobs or
    /// more, one run at a time in the process, more than one core) this thread evaluates the second half of each search's
    /// candidates while the refinement evaluates the first. The choice among them stays sequential and in the same
    /// order, so the plan is the one a single core makes. Searches come microseconds apart, so the thread spins between
    /// them (yielding, never sleeping); it ends with the refinement.
    /// </summary>
    /// <summary>Free jobs from which a refinement uses a second core (settable for tests: the plan is the same either way).</summary>
    internal static int ParallelFrom { get; set; } = 2000;

    private sealed class GainHelper : IDisposable
    {
        private readonly double[] _room;
        private readonly double[] _load;
        private readonly double[] _current;
        private readonly long[] _starts;
        private readonly double[] _gains;
        private readonly double[] _moved;
        private readonly Thread _thread;
        private LoadProfile? _profile;
        private long _skip;
        private int _from;
        private int _to;
        private int _n0;
        private long _f0;
        private int _posted;
        private int _done;
        private volatile bool _stop;
        private Exception? _error;

        private GainHelper(int maxProfileSteps, double[] room, double[] load, double[] current, long[] starts, double[] gains)
        {
            (_room, _load, _current, _starts, _gains) = (room, load, current, starts, gains);
            _moved = new double[maxProfileSteps];
            _thread = new Thread(Loop) { IsBackground = true, Name = "CoSSMic refinement" };
            _thread.Start();
        }

        /// <summary>A helper for a refinement of <paramref name="jobs"/> free jobs, or null where one core should do.</summary>
        public static GainHelper? For(Timeline timeline, int jobs, double[] room, double[] load, double[] current, long[] starts, double[] gains) =>
            jobs >= ParallelFrom && Environment.ProcessorCount > 1 && (timeline.Options.Runs == 1 || timeline.Options.MaxParallelism == 1)
                ? new GainHelper(timeline.MaxProfileSteps, room, load, current, starts, gains)
                : null;

        /// <summary>
        /// Fills the gains of the first <paramref name="count"/> starts (the run now at <paramref name="skip"/>, its
        /// steps in the refinement's <c>current</c> buffer, gets −∞): the first half here, the second on the helper.
        /// </summary>
        public void Evaluate(LoadProfile profile, long skip, int count, int n0, long f0, double[] moved)
        {
            var half = count / 2;
            (_profile, _skip, _from, _to, _n0, _f0) = (profile, skip, half, count, n0, f0);
            var posted = _posted + 1;
            Volatile.Write(ref _posted, posted);
            Range(profile, skip, 0, half, n0, f0, moved);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) != posted)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            if (_error is { } error)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Range(LoadProfile profile, long skip, int from, int to, int n0, long f0, double[] moved)
        {
            for (var i = from; i < to; i++)
            {
                var t = _starts[i];
                if (t == skip)
                {
                    _gains[i] = double.NegativeInfinity;
                    continue;
                }

                var n1 = profile.FillSteps(t, Timeline.Step, moved, out var f1);
                _gains[i] = Gain(_room, _load, _current, n0, f0, moved, n1, f1);
            }
        }

        private void Loop()
        {
            var seen = 0;
            var spin = default(SpinWait);
            while (true)
            {
                var posted = Volatile.Read(ref _posted);
                if (posted == seen)
                {
                    if (_stop)
                    {
                        return;
                    }

                    spin.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                spin.Reset();
                seen = posted;
                try
                {
                    Range(_profile!, _skip, _from, _to, _n0, _f0, _moved);
                }
                catch (Exception e)
                {
                    _error = e;
                }

                Volatile.Write(ref _done, seen);
            }
        }
    }
}
