using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>InstructionStatusUpdate</c>: the resource manager reports a new state of an instruction.</summary>
public sealed record InstructionStatusUpdate : S2IdentifiedMessage
{
    public const string MessageTypeName = "InstructionStatusUpdate";

    public InstructionStatusUpdate()
        : base(MessageTypeName)
    {
    }

    /// <summary>The <c>id</c> of the instruction (not its message id).</summary>
    [JsonPropertyName("instruction_id")]
    public required string InstructionId { get; init; }

    [JsonPropertyName("status_type")]
    public required InstructionStatus StatusType { get; init; }

    /// <summary>When the status last changed.</summary>
    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }
}
