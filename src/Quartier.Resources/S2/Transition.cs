using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>Transition</c>: an allowed switch between two operation modes of the same actuator (or OMBC system), with the
/// timers it starts, the timers that must have finished before it may begin, and its cost and duration.
/// </summary>
public sealed record Transition
{
    /// <summary>Unique within the OMBC system description or the FRBC/DDBC actuator that declares it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Id of the operation mode switched from.</summary>
    [JsonPropertyName("from")]
    public required string From { get; init; }

    /// <summary>Id of the operation mode switched to.</summary>
    [JsonPropertyName("to")]
    public required string To { get; init; }

    /// <summary>Ids of timers (re)started when the transition begins (0..1000).</summary>
    [JsonPropertyName("start_timers")]
    public required IReadOnlyList<string> StartTimers { get; init; }

    /// <summary>Ids of timers that block the transition while any of them is running (0..1000).</summary>
    [JsonPropertyName("blocking_timers")]
    public required IReadOnlyList<string> BlockingTimers { get; init; }

    /// <summary>Absolute cost of the transition in the currency of the <see cref="ResourceManagerDetails"/>.</summary>
    [JsonPropertyName("transition_costs")]
    public double? TransitionCosts { get; init; }

    /// <summary>Time until the device behaves as the target mode; absent means negligible.</summary>
    [JsonPropertyName("transition_duration")]
    public Duration? TransitionDuration { get; init; }

    [JsonPropertyName("abnormal_condition_only")]
    public required bool AbnormalConditionOnly { get; init; }
}
