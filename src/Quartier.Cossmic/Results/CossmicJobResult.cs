namespace Quartier.Cossmic.Results;

/// <summary>
/// One job's outcome in one run: the requested window, the assigned start and contract, and its energy split into
/// PV and grid by the 60 s energy balance. Times are UNIX seconds.
/// </summary>
/// <param name="Key">Unique job key (id, with #n for repeats).</param>
/// <param name="Id">Job id as in the input.</param>
/// <param name="HouseId">House.</param>
/// <param name="DeviceId">Device.</param>
/// <param name="Profile">Load profile file name.</param>
/// <param name="Background">True for a background load.</param>
/// <param name="RegisteredUnix">Registration in this run (after arrival jitter).</param>
/// <param name="EarliestStartUnix">Requested earliest start.</param>
/// <param name="LatestStartUnix">Requested latest start.</param>
/// <param name="StartUnix">Assigned start, within [max(earliest, registered), latest].</param>
/// <param name="Producer">Contracted producer id, or <c>grid</c>.</param>
/// <param name="EnergyWh">Energy of the run.</param>
/// <param name="PvWh">Part covered by local PV in the balance.</param>
/// <param name="GridWh">Part taken from the grid.</param>
public sealed record CossmicJobResult(
    string Key,
    string Id,
    string HouseId,
    string DeviceId,
    string Profile,
    bool Background,
    long RegisteredUnix,
    long EarliestStartUnix,
    long LatestStartUnix,
    long StartUnix,
    string Producer,
    double EnergyWh,
    double PvWh,
    double GridWh);
