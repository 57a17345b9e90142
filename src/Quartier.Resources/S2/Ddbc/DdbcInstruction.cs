using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ddbc;

/// <summary>S2 <c>DDBC.Instruction</c>: the CEM asks an actuator to switch to an operation mode at a factor.</summary>
public sealed record DdbcInstruction : S2IdentifiedMessage
{
    public const string MessageTypeName = "DDBC.Instruction";

    public DdbcInstruction()
        : base(MessageTypeName)
    {
    }

    /// <summary>Instruction id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>When to execute; a time in the past means as soon as possible.</summary>
    [JsonPropertyName("execution_time")]
    public required DateTimeOffset ExecutionTime { get; init; }

    [JsonPropertyName("abnormal_condition")]
    public required bool AbnormalCondition { get; init; }

    [JsonPropertyName("actuator_id")]
    public required string ActuatorId { get; init; }

    [JsonPropertyName("operation_mode_id")]
    public required string OperationModeId { get; init; }

    /// <summary>Factor within the mode's ranges, 0..1.</summary>
    [JsonPropertyName("operation_mode_factor")]
    public required double OperationModeFactor { get; init; }
}
