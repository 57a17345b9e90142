using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>ResourceManagerDetails</c>: who the resource manager is, which roles and control types it offers, which power
/// quantities it measures and, if it publishes costs, in which currency.
/// </summary>
public sealed record ResourceManagerDetails : S2IdentifiedMessage
{
    public const string MessageTypeName = "ResourceManagerDetails";

    public ResourceManagerDetails()
        : base(MessageTypeName)
    {
    }

    /// <summary>Identifies the resource manager; unique within the CEM.</summary>
    [JsonPropertyName("resource_id")]
    public required string ResourceId { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>1..3 roles.</summary>
    [JsonPropertyName("roles")]
    public required IReadOnlyList<Role> Roles { get; init; }

    [JsonPropertyName("manufacturer")]
    public string? Manufacturer { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("serial_number")]
    public string? SerialNumber { get; init; }

    [JsonPropertyName("firmware_version")]
    public string? FirmwareVersion { get; init; }

    /// <summary>Average time from receiving an instruction to the device executing it.</summary>
    [JsonPropertyName("instruction_processing_delay")]
    public required Duration InstructionProcessingDelay { get; init; }

    /// <summary>1..5 control types.</summary>
    [JsonPropertyName("available_control_types")]
    public required IReadOnlyList<ControlType> AvailableControlTypes { get; init; }

    /// <summary>Currency of all cost figures; needed when the resource manager publishes costs.</summary>
    [JsonPropertyName("currency")]
    public Currency? Currency { get; init; }

    [JsonPropertyName("provides_forecast")]
    public required bool ProvidesForecast { get; init; }

    /// <summary>1..10 quantities the resource manager can measure.</summary>
    [JsonPropertyName("provides_power_measurement_types")]
    public required IReadOnlyList<CommodityQuantity> ProvidesPowerMeasurementTypes { get; init; }
}
