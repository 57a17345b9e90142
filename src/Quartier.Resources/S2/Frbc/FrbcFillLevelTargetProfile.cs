using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.FillLevelTargetProfile</c>: fill level ranges the CEM should aim for, period by period.</summary>
public sealed record FrbcFillLevelTargetProfile : S2IdentifiedMessage
{
    public const string MessageTypeName = "FRBC.FillLevelTargetProfile";

    public FrbcFillLevelTargetProfile()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("start_time")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>1..288 consecutive elements.</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<FrbcFillLevelTargetProfileElement> Elements { get; init; }
}

/// <summary>S2 <c>FRBC.FillLevelTargetProfileElement</c>: the target fill level range during one period.</summary>
public sealed record FrbcFillLevelTargetProfileElement
{
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    /// <summary>Target range; start at most end.</summary>
    [JsonPropertyName("fill_level_range")]
    public required NumberRange FillLevelRange { get; init; }
}
