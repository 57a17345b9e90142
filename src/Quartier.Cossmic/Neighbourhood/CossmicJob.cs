namespace Quartier.Cossmic.Neighbourhood;

/// <summary>
/// One job: a run of a device's load profile that must start between <see cref="EarliestStartUnix"/> and
/// <see cref="LatestStartUnix"/>; the scheduler learns it at <see cref="RegisteredUnix"/> and never starts it before.
/// Background loads (<see cref="LoadProfile.IsBackground"/>) start at max(registration, earliest start) and never move.
/// </summary>
/// <param name="Id">Job id as written in the input (<c>[57]:[222]:[3]</c>, <c>[1]:small_heater</c>); may repeat.</param>
/// <param name="Key">Unique key: the id, with <c>#2</c>, <c>#3</c>… appended to later repeats of the same id.</param>
/// <param name="HouseId">House (site) id, e.g. <c>57</c>.</param>
/// <param name="DeviceId">Device id within the house, e.g. <c>222</c> or <c>small_heater</c>.</param>
/// <param name="RegisteredUnix">When the job becomes known (UNIX seconds).</param>
/// <param name="EarliestStartUnix">Earliest start (UNIX seconds).</param>
/// <param name="LatestStartUnix">Latest start (UNIX seconds), not before the earliest start.</param>
/// <param name="Profile">The load profile one run consumes.</param>
/// <param name="SourceFile">File the job came from (for messages), if any.</param>
/// <param name="SourceLine">1-based line in <paramref name="SourceFile"/>, if any.</param>
public sealed record CossmicJob(
    string Id,
    string Key,
    string HouseId,
    string DeviceId,
    long RegisteredUnix,
    long EarliestStartUnix,
    long LatestStartUnix,
    LoadProfile Profile,
    string? SourceFile = null,
    int? SourceLine = null)
{
    /// <summary>True for a background load (fixed start).</summary>
    public bool IsBackground => Profile.IsBackground;

    /// <summary>Energy of the run in Wh.</summary>
    public double EnergyWh => Profile.EnergyWh;
}
