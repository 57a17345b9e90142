namespace Quartier.Resources.Runtime;

/// <summary>
/// An S2 <c>Timer</c>: started by transitions (<see cref="ResourceTransition.StartTimers"/>), it runs for
/// <see cref="Duration"/> and blocks the transitions that list it in <see cref="ResourceTransition.BlockingTimers"/>
/// until it has finished (typical use: minimum on and off times).
/// </summary>
public sealed record ResourceTimer(string Id, TimeSpan Duration);
