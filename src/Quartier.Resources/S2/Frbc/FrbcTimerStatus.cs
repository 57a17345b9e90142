using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.TimerStatus</c>: when a timer of an actuator finishes (a past time means it has finished).</summary>
public sealed record FrbcTimerStatus : S2IdentifiedMessage
{
    public const string MessageTypeName = "FRBC.TimerStatus";

    public FrbcTimerStatus()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("timer_id")]
    public required string TimerId { get; init; }

    [JsonPropertyName("actuator_id")]
    public required string ActuatorId { get; init; }

    [JsonPropertyName("finished_at")]
    public required DateTimeOffset FinishedAt { get; init; }
}
