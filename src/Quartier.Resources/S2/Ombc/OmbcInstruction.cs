using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ombc;

/// <summary>S2 <c>OMBC.Instruction</c>: the CEM asks the device to switch to an operation mode at a factor.</summary>
public sealed record OmbcInstruction : S2IdentifiedMessage
{
    public const string MessageTypeName = "OMBC.Instruction";

    public OmbcInstruction()
        : base(MessageTypeName)
    {
    }

    /// <summary>Instruction id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>When to execute; a time in the past means as soon as possible.</summary>
    [JsonPropertyName("execution_time")]
    public required DateTimeOffset ExecutionTime { get; init; }

    [JsonPropertyName("operation_mode_id")]
    public required string OperationModeId { get; init; }

    /// <summary>Factor within the mode's ranges, 0..1.</summary>
    [JsonPropertyName("operation_mode_factor")]
    public required double OperationModeFactor { get; init; }

    [JsonPropertyName("abnormal_condition")]
    public required bool AbnormalCondition { get; init; }
}
