namespace Quartier.Optimization.Home;

/// <summary>
/// A shiftable appliance (washing machine, dishwasher…) for <see cref="HomePlanner"/>: it runs its
/// <see cref="ProfileW"/> once, starting at a step the planner chooses, and the whole run lies inside one of the
/// <see cref="Windows"/> (or inside the horizon when there are none).
/// </summary>
public sealed record HomeAppliance
{
    /// <summary>Resource id used in the instruction plan.</summary>
    public required string Id { get; init; }

    /// <summary>Power per step of the run (W, ≥ 0), at the plan's step length; e.g. 2 h at 1 kW with 15-min steps = eight times 1000.</summary>
    public required IReadOnlyList<double> ProfileW { get; init; }

    /// <summary>Windows (<c>[Start, End)</c>) the run must fit in; null (default) = the whole horizon.</summary>
    public IReadOnlyList<StepRange>? Windows { get; init; }

    /// <summary>A constant-power run of <paramref name="steps"/> steps at <paramref name="powerW"/>.</summary>
    public static HomeAppliance Constant(string id, double powerW, int steps, IReadOnlyList<StepRange>? windows = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var profile = new double[steps];
        Array.Fill(profile, powerW);
        return new HomeAppliance { Id = id, ProfileW = profile, Windows = windows };
    }
}
