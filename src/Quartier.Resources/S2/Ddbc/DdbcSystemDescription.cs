using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ddbc;

/// <summary>
/// S2 <c>DDBC.SystemDescription</c> (demand driven based control): actuators that together must supply a demand rate
/// the CEM cannot change, only choose how to meet.
/// </summary>
public sealed record DdbcSystemDescription : S2IdentifiedMessage
{
    public const string MessageTypeName = "DDBC.SystemDescription";

    public DdbcSystemDescription()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("valid_from")]
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>1..10 actuators with unique ids.</summary>
    [JsonPropertyName("actuators")]
    public required IReadOnlyList<DdbcActuatorDescription> Actuators { get; init; }

    /// <summary>The demand rate the system has to satisfy now.</summary>
    [JsonPropertyName("present_demand_rate")]
    public required NumberRange PresentDemandRate { get; init; }

    [JsonPropertyName("provides_average_demand_rate_forecast")]
    public required bool ProvidesAverageDemandRateForecast { get; init; }
}
