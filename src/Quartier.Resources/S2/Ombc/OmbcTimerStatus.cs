using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ombc;

/// <summary>S2 <c>OMBC.TimerStatus</c>: when a timer finishes (a past time means it has finished).</summary>
public sealed record OmbcTimerStatus : S2IdentifiedMessage
{
    public const string MessageTypeName = "OMBC.TimerStatus";

    public OmbcTimerStatus()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("timer_id")]
    public required string TimerId { get; init; }

    [JsonPropertyName("finished_at")]
    public required DateTimeOffset FinishedAt { get; init; }
}
