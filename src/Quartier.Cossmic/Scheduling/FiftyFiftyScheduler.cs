namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// PySSMic's fifty-fifty protocol. A job gets a random start in its window (background loads: at registration). The
/// producers known at that time are asked in ranking order (score 10 at creation, −1 per accepted, +1 per declined
/// request; ties by creation order). A producer accepts when the jobs it accepted that have not started yet plus this
/// one stay at or below its predicted production in every 60 s step and a fair coin says yes; otherwise the next one
/// is asked, and when all decline the job takes the grid. Contracts are never revisited; predictions only change
/// what later requests are checked against.
/// </summary>
internal sealed class FiftyFiftyScheduler : IScheduler
{
    private readonly List<int> _order = [];
    private int[] _score = [];
    private int[] _created = [];
    private List<int>[] _contracts = [];
    private int[] _ranked = [];
    private bool _initialised;

    public void OnBatch(RunState state, long now, List<int> newJobs)
    {
        var producers = state.Timeline.ProducerCount;
        if (!_initialised)
        {
            _score = new int[producers];
            _created = new int[producers];
            _contracts = new List<int>[producers];
            _ranked = new int[producers];
            for (var p = 0; p < producers; p++)
            {
                _created[p] = -1;
                _contracts[p] = [];
            }

            _initialised = true;
        }

        for (var p = 0; p < producers; p++)
        {
            if (_created[p] < 0 && state.KnownSteps[p] is not null)
            {
                _created[p] = _order.Count;
                _order.Add(p);
                _score[p] = 10;
            }
        }

        foreach (var j in newJobs)
        {
            state.Start[j] = RandomScheduler.Draw(state, j);
            state.Committed[j] = state.Timeline.Background[j];
            state.Producer[j] = RunState.Grid;
            var count = Rank();
            for (var r = 0; r < count; r++)
            {
                var p = _ranked[r];
                var coin = state.AlgorithmRandom.NextDouble();
                var fits = StaysPositive(state, p, j, now);
                if (coin < 0.5 || !fits)
                {
                    _score[p]++;
                    continue;
                }

                _score[p]--;
                _contracts[p].Add(j);
                state.Producer[j] = p;
                break;
            }
        }
    }

    private int Rank()
    {
        var n = 0;
        foreach (var p in _order)
        {
            _ranked[n++] = p;
        }

        // Insertion sort by (score, creation order): a handful of producers.
        for (var i = 1; i < n; i++)
        {
            var p = _ranked[i];
            var k = i - 1;
            while (k >= 0 && (_score[_ranked[k]] > _score[p] || (_score[_ranked[k]] == _score[p] && _created[_ranked[k]] > _created[p])))
            {
                _ranked[k + 1] = _ranked[k];
                k--;
            }

            _ranked[k + 1] = p;
        }

        return n;
    }

    /// <summary>PySSMic's "strictly positive" check of producer <paramref name="p"/>'s schedule with job <paramref name="j"/> added.</summary>
    private bool StaysPositive(RunState state, int p, int j, long now)
    {
        var known = state.KnownSteps[p]!;
        var load = state.Work1;
        long lo = long.MaxValue, hi = long.MinValue;
        var contracts = _contracts[p];
        for (var i = contracts.Count - 1; i >= 0; i--)
        {
            if (state.Start[contracts[i]] <= now)
            {
                contracts.RemoveAt(i); // a producer forgets a job once it has started
            }
        }

        for (var i = 0; i <= contracts.Count; i++)
        {
            var job = i < contracts.Count ? contracts[i] : j;
            var profile = state.Timeline.Profiles[state.Timeline.Profile[job]];
            var count = profile.FillSteps(state.Start[job], Timeline.Step, state.Scratch, out var first);
            for (var s = 0; s < count; s++)
            {
                var k = first + s;
                if (k >= 0 && k < load.Length)
                {
                    load[k] += state.Scratch[s];
                    lo = Math.Min(lo, k);
                    hi = Math.Max(hi, k);
                }
            }
        }

        var ok = true;
        for (var k = lo; k <= hi; k++)
        {
            if (load[k] > known[k] + 1e-9)
            {
                ok = false;
            }

            load[k] = 0;
        }

        return ok;
    }
}
