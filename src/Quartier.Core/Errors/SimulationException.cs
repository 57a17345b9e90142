namespace Quartier.Core.Errors;

/// <summary>A failure while a run is under way (not the user's input): the run is marked failed with this message.</summary>
public sealed class SimulationException(string message, Exception? inner = null) : Exception(message, inner);
