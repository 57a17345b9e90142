namespace Quartier.Simulation.Engine;

/// <summary>
/// Threads that step disjoint asset ranges of a partitionable service together with the calling thread.
/// The partition is fixed by asset count, so results do not depend on scheduling.
/// </summary>
internal sealed class StepWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim[] _done;
    private readonly int[] _bounds;
    private CalculationService? _service;
    private CalculationService[]? _batch;
    private CoSimulation? _chunked;
    private CoSimulation? _tiled;
    private IStepObserver[]? _observers;
    private int _observedStep;
    private ChunkPlan? _plan;
    private int _batchFrom, _batchTo;
    private StepContext _context;
    private Exception? _error;
    private volatile bool _stop;

    public StepWorkers(int threads)
    {
        int extra = Math.Max(0, threads - 1);
        _threads = new Thread[extra];
        _start = new ManualResetEventSlim[extra];
        _done = new ManualResetEventSlim[extra];
        _bounds = new int[extra + 2];
        for (int w = 0; w < extra; w++)
        {
            _start[w] = new ManualResetEventSlim(false, 1000);
            _done[w] = new ManualResetEventSlim(false, 1000);
            int index = w;
            _threads[w] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"quartier-step-{w + 1}" };
            _threads[w].Start();
        }
    }

    /// <summary>Threads taking part, the caller included.</summary>
    public int Count => _threads.Length + 1;

    public void Step(CalculationService service, in StepContext context, int assets)
    {
        int parts = Count;
        for (int p = 0; p <= parts; p++)
        {
            _bounds[p] = (int)((long)assets * p / parts);
        }

        _service = service;
        _context = context;
        _error = null;
        StartOthers();

        service.StepRange(context, _bounds[0], _bounds[1]);
        JoinOthers();

        if (_error is { } error)
        {
            throw new AggregateException(error.Message, error);
        }
    }

    /// <summary>
    /// Steps services <paramref name="from"/> .. <paramref name="to"/> − 1 of <paramref name="services"/> at once:
    /// thread w takes services w, w + threads, … (a fixed assignment, so results do not depend on scheduling).
    /// </summary>
    public void StepEach(CalculationService[] services, int from, int to, in StepContext context)
    {
        _batch = services;
        _batchFrom = from;
        _batchTo = to;
        _service = null;
        _context = context;
        _error = null;
        StartOthers();

        StepShare(0);
        JoinOthers();

        _batch = null;
        if (_error is { } error)
        {
            throw new AggregateException(error.Message, error);
        }
    }

    /// <summary>Steps the chunks of <paramref name="plan"/>: thread w takes the w-th share of them (a fixed assignment).</summary>
    public void StepChunks(CoSimulation simulation, ChunkPlan plan, in StepContext context)
    {
        _chunked = simulation;
        _plan = plan;
        _service = null;
        _context = context;
        _error = null;
        StartOthers();

        Exception? mine = null;
        try
        {
            simulation.StepChunkShare(plan, context, 0, Count);
        }
        catch (Exception ex)
        {
            mine = ex;
        }

        JoinOthers();

        _chunked = null;
        _plan = null;
        if ((mine ?? _error) is { } error)
        {
            throw new AggregateException(error.Message, error);
        }
    }

    /// <summary>Steps the current time tile of <paramref name="simulation"/>: every thread takes chunks as it comes free.</summary>
    public void StepTile(CoSimulation simulation)
    {
        BeginTile(simulation);
        EndTile(simulation);
    }

    /// <summary>Starts the other threads on the chunks of the current time tile; the caller is free until <see cref="EndTile"/>.</summary>
    public void BeginTile(CoSimulation simulation)
    {
        _tiled = simulation;
        _service = null;
        _error = null;
        StartOthers();
    }

    /// <summary>The caller takes the chunks left of the tile started by <see cref="BeginTile"/> and waits for the others.</summary>
    public void EndTile(CoSimulation simulation, bool rethrow = true)
    {
        Exception? mine = null;
        try
        {
            simulation.TileShare(0, Count);
        }
        catch (Exception ex)
        {
            mine = ex;
        }

        JoinOthers();

        _tiled = null;
        if (rethrow && (mine ?? _error) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Runs the observers' <see cref="IStepObserver.AfterStep"/> at once: thread w takes observers w, w + threads, ….</summary>
    public void ObserveEach(IStepObserver[] observers, int step)
    {
        _observers = observers;
        _observedStep = step;
        _service = null;
        _error = null;
        StartOthers();

        Exception? mine = null;
        try
        {
            ObserveShare(0);
        }
        catch (Exception ex)
        {
            mine = ex;
        }

        JoinOthers();

        _observers = null;
        if ((mine ?? _error) is { } error)
        {
            // as if the observer had run on the calling thread
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Sets the other threads going on what the fields now describe.</summary>
    private void StartOthers()
    {
        for (int w = 0; w < _threads.Length; w++)
        {
            _start[w].Set();
        }
    }

    /// <summary>Waits until every other thread is done with its share.</summary>
    private void JoinOthers()
    {
        for (int w = 0; w < _threads.Length; w++)
        {
            _done[w].Wait();
            _done[w].Reset();
        }
    }

    private void ObserveShare(int part)
    {
        for (int i = part; i < _observers!.Length; i += Count)
        {
            _observers[i].AfterStep(_observedStep);
        }
    }

    private void StepShare(int part)
    {
        for (int i = _batchFrom + part; i < _batchTo; i += Count)
        {
            _batch![i].Step(_context);
        }
    }

    public void Dispose()
    {
        _stop = true;
        for (int w = 0; w < _threads.Length; w++)
        {
            _start[w].Set();
            _threads[w].Join();
            _start[w].Dispose();
            _done[w].Dispose();
        }
    }

    private void Loop(int w)
    {
        while (true)
        {
            _start[w].Wait();
            _start[w].Reset();
            if (_stop)
            {
                return;
            }

            try
            {
                if (_tiled is not null)
                {
                    _tiled.TileShare(w + 1, Count);
                }
                else if (_observers is not null)
                {
                    ObserveShare(w + 1);
                }
                else if (_chunked is not null)
                {
                    _chunked.StepChunkShare(_plan!, _context, w + 1, Count);
                }
                else if (_batch is not null)
                {
                    StepShare(w + 1);
                }
                else
                {
                    _service!.StepRange(_context, _bounds[w + 1], _bounds[w + 2]);
                }
            }
            catch (Exception ex)
            {
                _error = ex;
            }

            _done[w].Set();
        }
    }
}
