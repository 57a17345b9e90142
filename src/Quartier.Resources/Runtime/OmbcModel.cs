namespace Quartier.Resources.Runtime;

/// <summary>Static description of an OMBC resource (S2 <c>OMBC.SystemDescription</c>).</summary>
public sealed record OmbcModel(
    IReadOnlyList<OmbcOperationMode> OperationModes,
    IReadOnlyList<ResourceTransition> Transitions,
    IReadOnlyList<ResourceTimer> Timers);

/// <summary>An OMBC operation mode: power per commodity quantity from start (factor 0) to end (factor 1).</summary>
public sealed record OmbcOperationMode(string Id, IReadOnlyList<PowerRange> PowerRanges, bool AbnormalConditionOnly = false);
