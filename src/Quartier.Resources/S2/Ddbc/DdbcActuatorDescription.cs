using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ddbc;

/// <summary>S2 <c>DDBC.ActuatorDescription</c>: one actuator with its operation modes, transitions and timers.</summary>
public sealed record DdbcActuatorDescription
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }

    /// <summary>
    /// 1..4 commodities; they cover every commodity quantity used in the operation modes' power ranges. The JSON name is
    /// the schema's spelling <c>supported_commodites</c>.
    /// </summary>
    [JsonPropertyName("supported_commodites")]
    public required IReadOnlyList<Commodity> SupportedCommodities { get; init; }

    /// <summary>1..100 operation modes with unique ids.</summary>
    [JsonPropertyName("operation_modes")]
    public required IReadOnlyList<DdbcOperationMode> OperationModes { get; init; }

    /// <summary>0..1000 transitions between this actuator's operation modes.</summary>
    [JsonPropertyName("transitions")]
    public required IReadOnlyList<Transition> Transitions { get; init; }

    /// <summary>0..1000 timers used by the transitions.</summary>
    [JsonPropertyName("timers")]
    public required IReadOnlyList<S2Timer> Timers { get; init; }
}
