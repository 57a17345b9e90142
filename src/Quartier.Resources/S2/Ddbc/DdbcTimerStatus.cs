using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ddbc;

/// <summary>S2 <c>DDBC.TimerStatus</c>: when a timer of an actuator finishes (a past time means it has finished).</summary>
public sealed record DdbcTimerStatus : S2IdentifiedMessage
{
    public const string MessageTypeName = "DDBC.TimerStatus";

    public DdbcTimerStatus()
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
