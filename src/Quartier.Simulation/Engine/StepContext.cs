namespace Quartier.Simulation.Engine;

/// <summary>
/// When a service runs: the step index, simulated seconds since start, and seconds since its previous run; and the run's
/// cancellation, for a service whose step is long work of its own (the planning EMS's solves).
/// </summary>
public readonly record struct StepContext(int Index, long Seconds, DateTime Time, int ElapsedSeconds, CancellationToken Cancellation = default);
