namespace Quartier.Simulation.Engine;

/// <summary>When a service runs: the step index, simulated seconds since start, and seconds since its previous run.</summary>
public readonly record struct StepContext(int Index, long Seconds, DateTime Time, int ElapsedSeconds);
