using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Core.Time;

namespace Quartier.Simulation.Runs;

/// <summary>
/// Turns run options into a time grid. By default a run starts where the profiles start and lasts their
/// full span less one step (step k uses the profile value from <c>start + k·step</c>, as DOTS does).
/// </summary>
public static class RunPlanner
{
    public static TimeGrid Plan(EnergySystem system, RunOptions options)
    {
        if (options.StepSeconds is < 1 or > 86_400)
        {
            throw new InputException($"step {options.StepSeconds} s must be between 1 s and 1 day", field: "step");
        }

        var span = system.ProfileSpan() ?? (options.Weather is { } w ? (w.Start, w.End) : null);
        var start = options.Start ?? span?.Start ?? throw new InputException("the system has no time-bounded profiles; give a start and a duration", system.SourceFile, field: "start");
        if (options.Start is { } given && system.ProfileSpan() is { } profiles && given < profiles.Start)
        {
            throw new InputException(
                $"the run starts at {given:yyyy-MM-dd HH:mm} UTC, before the profiles begin at {profiles.Start:yyyy-MM-dd HH:mm} UTC; there are no values for that period — start at or after {profiles.Start:yyyy-MM-dd HH:mm}",
                system.SourceFile,
                field: "start");
        }

        long duration;
        if (options.DurationSeconds is { } d)
        {
            duration = d;
        }
        else if (span is { } s)
        {
            duration = (long)(s.End - start).TotalSeconds - options.StepSeconds;
            duration -= duration % options.StepSeconds;
        }
        else
        {
            throw new InputException("the system has no time-bounded profiles; give a duration", system.SourceFile, field: "duration");
        }

        if (duration < options.StepSeconds)
        {
            throw new InputException($"duration {duration} s is shorter than one {options.StepSeconds} s step", system.SourceFile);
        }

        if (duration % options.StepSeconds != 0)
        {
            throw new InputException($"duration {duration} s is not a whole number of {options.StepSeconds} s steps", system.SourceFile);
        }

        if (span is { } bounds && start.AddSeconds(duration + options.StepSeconds) > bounds.End.AddSeconds(1))
        {
            throw new InputException(
                $"the run would need profile data up to {start.AddSeconds(duration + options.StepSeconds):yyyy-MM-dd HH:mm}, but the profiles end at {bounds.End:yyyy-MM-dd HH:mm}; shorten the duration",
                system.SourceFile,
                field: "duration");
        }

        return TimeGrid.FromDuration(start, duration, options.StepSeconds);
    }
}
