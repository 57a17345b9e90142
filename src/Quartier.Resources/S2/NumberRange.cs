using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>NumberRange</c>: a closed interval [start, end]. Where an operation mode factor applies, the start belongs to
/// factor 0 and the end to factor 1; elsewhere (costs) the range expresses uncertainty.
/// </summary>
public sealed record NumberRange
{
    [JsonPropertyName("start_of_range")]
    public required double StartOfRange { get; init; }

    [JsonPropertyName("end_of_range")]
    public required double EndOfRange { get; init; }

    /// <summary>A range from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static NumberRange Of(double start, double end) => new() { StartOfRange = start, EndOfRange = end };

    /// <summary>The value at <paramref name="factor"/> (0 → start, 1 → end), linearly interpolated.</summary>
    public double At(double factor) => StartOfRange + ((EndOfRange - StartOfRange) * factor);
}
