using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>Timer</c>: started by transitions and blocking others until it has run for <see cref="Duration"/>. Named
/// <c>S2Timer</c> so it does not clash with <see cref="System.Threading.Timer"/> under implicit usings.
/// </summary>
public sealed record S2Timer
{
    /// <summary>Unique within the OMBC system description or the FRBC/DDBC actuator that declares it.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }

    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }
}
