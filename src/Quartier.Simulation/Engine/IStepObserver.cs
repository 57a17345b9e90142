namespace Quartier.Simulation.Engine;

/// <summary>Sees the engine's values after every step (recording, KPIs). Must not allocate per step.</summary>
public interface IStepObserver
{
    void Attach(CoSimulation simulation);

    void AfterStep(int step);

    void Complete();

    /// <summary>
    /// Whether <see cref="AfterStep"/> may run on another core at the same time as other such observers' (it reads the
    /// values and writes only its own state and sink).
    /// </summary>
    bool Concurrent => false;

    /// <summary>
    /// The signals <see cref="AfterStep"/> reads, known after <see cref="Attach"/>, read through
    /// <see cref="CoSimulation.Current"/>; null when unknown, which keeps the run stepping every service at every step
    /// (no time tiles).
    /// </summary>
    IReadOnlyList<Signal>? Reads => null;
}

/// <summary>
/// An observer whose per-asset work can be done inside a time tile's chunks, while each chunk's values are in its core's
/// cache and on every core at once, instead of step by step afterwards. It must give the same result in either mode:
/// per asset, the steps come in order; across assets it may only combine what does not depend on order (integer sums,
/// maxima, counts).
/// </summary>
public interface IChunkObserver : IStepObserver
{
    /// <summary>The signals <see cref="ObserveChunk"/> reads (known after <see cref="IStepObserver.Attach"/>); chunk mode needs all of them made by the chunked services.</summary>
    IReadOnlyList<Signal> ChunkReads { get; }

    /// <summary>
    /// Chunk mode on or off for the run that follows: on, <see cref="ObserveChunk"/> is called for every step of every chunk
    /// and <see cref="IStepObserver.AfterStep"/> must skip what it does.
    /// </summary>
    void UseChunks(bool on);

    /// <summary>
    /// After step <paramref name="step"/> of chunk <paramref name="chunk"/> (called from several threads at once, for
    /// different chunks): the chunk's assets of each signal are <see cref="CoSimulation.ChunkRange"/> in
    /// <see cref="CoSimulation.Values"/>.
    /// </summary>
    void ObserveChunk(int step, int chunk);
}
