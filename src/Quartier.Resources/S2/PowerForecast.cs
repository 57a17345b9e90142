using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>PowerForecast</c>: expected power from <see cref="StartTime"/> as consecutive elements (1..288).</summary>
public sealed record PowerForecast : S2IdentifiedMessage
{
    public const string MessageTypeName = "PowerForecast";

    public PowerForecast()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("start_time")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Consecutive elements in chronological order (1..288).</summary>
    [JsonPropertyName("elements")]
    public required IReadOnlyList<PowerForecastElement> Elements { get; init; }
}
