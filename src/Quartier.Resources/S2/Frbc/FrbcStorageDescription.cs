using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.StorageDescription</c>: the buffer an FRBC system fills and empties, and what it can report.</summary>
public sealed record FrbcStorageDescription
{
    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }

    /// <summary>What the fill level means physically (e.g. °C or % state of charge); diagnostics only.</summary>
    [JsonPropertyName("fill_level_label")]
    public string? FillLevelLabel { get; init; }

    [JsonPropertyName("provides_leakage_behaviour")]
    public required bool ProvidesLeakageBehaviour { get; init; }

    [JsonPropertyName("provides_fill_level_target_profile")]
    public required bool ProvidesFillLevelTargetProfile { get; init; }

    [JsonPropertyName("provides_usage_forecast")]
    public required bool ProvidesUsageForecast { get; init; }

    /// <summary>The range the CEM is expected to keep the fill level in; operation mode elements lie within it.</summary>
    [JsonPropertyName("fill_level_range")]
    public required NumberRange FillLevelRange { get; init; }
}
