namespace Quartier.Core.Time;

/// <summary>
/// A fixed-step grid of UTC instants: step k (1-based, as DOTS counts) ends at <c>Start + k·Step</c>.
/// Simulation time is data: nothing here reads the wall clock.
/// </summary>
public readonly record struct TimeGrid
{
    public TimeGrid(DateTime start, int stepSeconds, int count)
    {
        if (start.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("TimeGrid start must be UTC or unspecified (read as UTC).", nameof(start));
        }

        if (stepSeconds < 1 || stepSeconds > 86_400)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSeconds), stepSeconds, "step must be between 1 s and 1 day");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Start = DateTime.SpecifyKind(start, DateTimeKind.Utc);
        StepSeconds = stepSeconds;
        Count = count;
    }

    public DateTime Start { get; }

    public int StepSeconds { get; }

    /// <summary>Number of steps; the grid spans <c>Count · StepSeconds</c> seconds.</summary>
    public int Count { get; }

    public long DurationSeconds => (long)Count * StepSeconds;

    public DateTime End => Start.AddSeconds(DurationSeconds);

    /// <summary>Seconds since start at which step <paramref name="k"/> (1..Count) is computed.</summary>
    public long SecondsAt(int k) => (long)k * StepSeconds;

    public DateTime InstantAt(int k) => Start.AddSeconds(SecondsAt(k));

    public static TimeGrid FromDuration(DateTime start, long durationSeconds, int stepSeconds)
    {
        if (durationSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(durationSeconds), durationSeconds, "duration must be positive");
        }

        if (stepSeconds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stepSeconds), stepSeconds, "step must be between 1 s and 1 day");
        }

        if (durationSeconds % stepSeconds != 0)
        {
            throw new ArgumentException($"duration {durationSeconds} s is not a whole number of {stepSeconds} s steps", nameof(durationSeconds));
        }

        return new TimeGrid(start, stepSeconds, checked((int)(durationSeconds / stepSeconds)));
    }

    public override string ToString() => $"{Start:yyyy-MM-ddTHH:mm:ssZ} + {Count} × {StepSeconds} s";
}
