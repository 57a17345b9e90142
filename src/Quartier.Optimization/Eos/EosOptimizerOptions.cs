namespace Quartier.Optimization.Eos;

/// <summary>Settings of <see cref="EosOptimizer"/>.</summary>
public sealed record EosOptimizerOptions
{
    /// <summary>First hour to plan (EOS's <c>start_hour</c>); hours before it are not simulated and their controls are 0.</summary>
    public int StartHour { get; init; }

    /// <summary>Date of hour 0, used by appliance time windows with a weekday or date (default today).</summary>
    public DateOnly? Day { get; init; }

    /// <summary>
    /// The EV charge factors the plan may use (0 is always added). <c>null</c>: the vehicle's <c>charge_rates</c>, else
    /// EOS's default 0, 0.1, …, 1.0.
    /// </summary>
    public IReadOnlyList<double>? EvChargeRates { get; init; }

    /// <summary>Stops the search (which then throws <see cref="OperationCanceledException"/>) within an hour's moves.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Upper bound on improvement rounds of the local search (each round tries every move once).</summary>
    public int MaxRounds { get; init; } = 100;
}
