using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>
/// S2 <c>PPBC.PowerProfileDefinition</c> (power profile based control): a run of the device as consecutive containers,
/// each offering alternative power sequences the CEM picks and schedules between <see cref="StartTime"/> and
/// <see cref="EndTime"/>.
/// </summary>
public sealed record PpbcPowerProfileDefinition : S2IdentifiedMessage
{
    public const string MessageTypeName = "PPBC.PowerProfileDefinition";

    public PpbcPowerProfileDefinition()
        : base(MessageTypeName)
    {
    }

    /// <summary>Profile id, unique for the session.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Earliest start of the first sequence.</summary>
    [JsonPropertyName("start_time")]
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Latest end of the last sequence.</summary>
    [JsonPropertyName("end_time")]
    public required DateTimeOffset EndTime { get; init; }

    /// <summary>1..1000 containers in chronological order with unique ids (the schema's name is <c>power_sequences_containers</c>).</summary>
    [JsonPropertyName("power_sequences_containers")]
    public required IReadOnlyList<PpbcPowerSequenceContainer> PowerSequencesContainers { get; init; }
}
