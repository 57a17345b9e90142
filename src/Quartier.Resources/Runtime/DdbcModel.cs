namespace Quartier.Resources.Runtime;

/// <summary>
/// Static description of a DDBC resource (S2 <c>DDBC.SystemDescription</c>): actuators that together supply a
/// demand rate. S2 gives the present demand rate as a range; the simulation keeps one expected value.
/// </summary>
public sealed record DdbcModel(IReadOnlyList<DdbcActuator> Actuators, double PresentDemandRate = 0);

/// <summary>A DDBC actuator: its operation modes, transitions and timers.</summary>
public sealed record DdbcActuator(
    string Id,
    IReadOnlyList<DdbcOperationMode> OperationModes,
    IReadOnlyList<ResourceTransition> Transitions,
    IReadOnlyList<ResourceTimer> Timers);

/// <summary>
/// A DDBC operation mode: the supply rate it delivers and the power it takes, both from start (factor 0) to
/// end (factor 1).
/// </summary>
public sealed record DdbcOperationMode(
    string Id,
    NumberRange SupplyRange,
    IReadOnlyList<PowerRange> PowerRanges,
    bool AbnormalConditionOnly = false);
