namespace Quartier.Simulation.Engine;

/// <summary>Sees the engine's values after every step (recording, KPIs). Must not allocate per step.</summary>
public interface IStepObserver
{
    void Attach(CoSimulation simulation);

    void AfterStep(int step);

    void Complete();
}
