using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>Life cycle state of an instruction as reported by the resource manager (S2 <c>InstructionStatus</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<InstructionStatus>))]
public enum InstructionStatus
{
    [JsonStringEnumMemberName("NEW")]
    New,

    [JsonStringEnumMemberName("ACCEPTED")]
    Accepted,

    [JsonStringEnumMemberName("REJECTED")]
    Rejected,

    [JsonStringEnumMemberName("REVOKED")]
    Revoked,

    [JsonStringEnumMemberName("STARTED")]
    Started,

    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    [JsonStringEnumMemberName("ABORTED")]
    Aborted,
}
