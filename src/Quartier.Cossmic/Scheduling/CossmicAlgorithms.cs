using Quartier.Core.Errors;

namespace Quartier.Cossmic.Scheduling;

/// <summary>
/// The scheduling algorithms, selectable by name.
/// <list type="bullet">
/// <item><c>naive</c>: every job starts as early as it may (max of earliest start and registration).</item>
/// <item><c>random</c>: a uniform whole second in the window, seeded (PySSMic draws every job's start this way).</item>
/// <item><c>fifty-fifty</c>: PySSMic's protocol — random start; the producers are asked in ranking order; one accepts
/// when its accepted, not yet started jobs plus this one stay under its predicted production in every step and a fair
/// coin says yes (accept: rank up, decline: rank down); when all decline the job takes the grid.</item>
/// <item><c>exact</c>: on every event a MILP re-plans the jobs that have not started, maximising the predicted PV
/// coverage in the 60 s energy balance over the start grid (solved with CBC).</item>
/// </list>
/// </summary>
public static class CossmicAlgorithms
{
    /// <summary>Earliest start.</summary>
    public const string Naive = "naive";

    /// <summary>Seeded uniform start in the window.</summary>
    public const string Random = "random";

    /// <summary>PySSMic's fifty-fifty producer protocol.</summary>
    public const string FiftyFifty = "fifty-fifty";

    /// <summary>Quartier's exact MILP re-planning.</summary>
    public const string Exact = "exact";

    /// <summary>All canonical names.</summary>
    public static IReadOnlyList<string> Names { get; } = [Naive, Random, FiftyFifty, Exact];

    /// <summary>The canonical name (case-insensitive; <c>fifty_fifty</c> and <c>milp</c> are accepted too).</summary>
    public static string Canonical(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "naive" or "earliest" => Naive,
        "random" => Random,
        "fifty-fifty" or "fifty_fifty" or "fiftyfifty" => FiftyFifty,
        "exact" or "milp" => Exact,
        _ => throw new InputException($"unknown algorithm '{name}'; allowed: {string.Join(", ", Names)}", elementId: "algorithm"),
    };
}
