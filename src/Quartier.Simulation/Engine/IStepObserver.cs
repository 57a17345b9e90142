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
