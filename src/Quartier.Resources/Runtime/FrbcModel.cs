namespace Quartier.Resources.Runtime;

/// <summary>
/// Static description of an FRBC resource (S2 <c>FRBC.SystemDescription</c> plus leakage behaviour and usage
/// forecast): actuators that change the fill level of one storage.
/// </summary>
/// <param name="Actuators">The actuators (S2: 1..10).</param>
/// <param name="Storage">The storage whose fill level the actuators change.</param>
/// <param name="Leakage">Leakage per fill-level range (S2 <c>FRBC.LeakageBehaviour</c>); empty = none.</param>
/// <param name="UsageForecast">Expected usage over time (S2 <c>FRBC.UsageForecast</c>); null = none.</param>
public sealed record FrbcModel(
    IReadOnlyList<FrbcActuator> Actuators,
    FrbcStorage Storage,
    IReadOnlyList<FrbcLeakageElement>? Leakage = null,
    FrbcUsageForecast? UsageForecast = null);

/// <summary>An FRBC actuator: its operation modes, the transitions between them and their timers.</summary>
public sealed record FrbcActuator(
    string Id,
    IReadOnlyList<FrbcOperationMode> OperationModes,
    IReadOnlyList<ResourceTransition> Transitions,
    IReadOnlyList<ResourceTimer> Timers);

/// <summary>
/// An FRBC operation mode: its behaviour per fill-level range (<paramref name="Elements"/>, contiguous).
/// At a fill level no element covers, the mode cannot be activated and the actuator does nothing.
/// </summary>
public sealed record FrbcOperationMode(
    string Id,
    IReadOnlyList<FrbcOperationModeElement> Elements,
    bool AbnormalConditionOnly = false);

/// <summary>
/// Behaviour of an operation mode within <paramref name="FillLevelRange"/>: the fill rate (fill level per
/// second) and the power per commodity quantity, each from its start (factor 0) to its end (factor 1).
/// </summary>
public sealed record FrbcOperationModeElement(
    NumberRange FillLevelRange,
    NumberRange FillRate,
    IReadOnlyList<PowerRange> PowerRanges);

/// <summary>The storage: the range the fill level is kept in (S2 <c>FRBC.StorageDescription</c>).</summary>
public sealed record FrbcStorage(NumberRange FillLevelRange, string? FillLevelLabel = null);

/// <summary>Leakage (fill level per second, positive = decreasing) within <paramref name="FillLevelRange"/>.</summary>
public sealed record FrbcLeakageElement(NumberRange FillLevelRange, double LeakageRate);

/// <summary>Expected usage from <paramref name="StartTime"/>: consecutive elements, each a duration and a rate.</summary>
public sealed record FrbcUsageForecast(DateTimeOffset StartTime, IReadOnlyList<FrbcUsageElement> Elements);

/// <summary>Usage rate (fill level per second, positive = decreasing; S2 <c>usage_rate_expected</c>) for <paramref name="Duration"/>.</summary>
public sealed record FrbcUsageElement(TimeSpan Duration, double UsageRate);
