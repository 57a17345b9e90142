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
}
