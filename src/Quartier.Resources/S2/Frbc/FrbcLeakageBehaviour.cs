using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.LeakageBehaviour</c>: how fast the storage loses fill level by itself, per fill level range.</summary>
public sealed record FrbcLeakageBehaviour : S2IdentifiedMessage
{
    public const string MessageTypeName = "FRBC.LeakageBehaviour";

    public FrbcLeakageBehaviour()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("valid_from")]
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>1..288 elements whose fill level ranges are contiguous, in ascending order.</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<FrbcLeakageBehaviourElement> Elements { get; init; }
}

/// <summary>S2 <c>FRBC.LeakageBehaviourElement</c>: the leakage rate within one fill level range.</summary>
public sealed record FrbcLeakageBehaviourElement
{
    /// <summary>Fill levels this element applies to; start strictly below end.</summary>
    [JsonPropertyName("fill_level_range")]
    public required NumberRange FillLevelRange { get; init; }

    /// <summary>Decrease of the fill level per second due to leakage (positive = the level drops).</summary>
    [JsonPropertyName("leakage_rate")]
    public required double LeakageRate { get; init; }
}
