using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>Fields shared by the three PPBC instructions: which sequence of which container of which profile, and when.</summary>
public abstract record PpbcSequenceInstruction : S2IdentifiedMessage
{
    private protected PpbcSequenceInstruction(string messageType)
        : base(messageType)
    {
    }

    /// <summary>Instruction id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("power_profile_id")]
    public required string PowerProfileId { get; init; }

    [JsonPropertyName("sequence_container_id")]
    public required string SequenceContainerId { get; init; }

    [JsonPropertyName("power_sequence_id")]
    public required string PowerSequenceId { get; init; }

    /// <summary>When to act; a time in the past means as soon as possible.</summary>
    [JsonPropertyName("execution_time")]
    public required DateTimeOffset ExecutionTime { get; init; }

    [JsonPropertyName("abnormal_condition")]
    public required bool AbnormalCondition { get; init; }
}

/// <summary>S2 <c>PPBC.ScheduleInstruction</c>: select a power sequence of a container and start it at the execution time.</summary>
public sealed record PpbcScheduleInstruction : PpbcSequenceInstruction
{
    public const string MessageTypeName = "PPBC.ScheduleInstruction";

    public PpbcScheduleInstruction()
        : base(MessageTypeName)
    {
    }
}

/// <summary>S2 <c>PPBC.StartInterruptionInstruction</c>: pause an interruptible running sequence at the execution time.</summary>
public sealed record PpbcStartInterruptionInstruction : PpbcSequenceInstruction
{
    public const string MessageTypeName = "PPBC.StartInterruptionInstruction";

    public PpbcStartInterruptionInstruction()
        : base(MessageTypeName)
    {
    }
}

/// <summary>S2 <c>PPBC.EndInterruptionInstruction</c>: resume an interrupted sequence at the execution time.</summary>
public sealed record PpbcEndInterruptionInstruction : PpbcSequenceInstruction
{
    public const string MessageTypeName = "PPBC.EndInterruptionInstruction";

    public PpbcEndInterruptionInstruction()
        : base(MessageTypeName)
    {
    }
}
