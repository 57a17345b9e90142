using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2.Ppbc;

/// <summary>Execution state of the power sequence selected in a container (S2 <c>PPBC.PowerSequenceStatus</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<PpbcPowerSequenceStatus>))]
public enum PpbcPowerSequenceStatus
{
    [JsonStringEnumMemberName("NOT_SCHEDULED")]
    NotScheduled,

    [JsonStringEnumMemberName("SCHEDULED")]
    Scheduled,

    [JsonStringEnumMemberName("EXECUTING")]
    Executing,

    [JsonStringEnumMemberName("INTERRUPTED")]
    Interrupted,

    [JsonStringEnumMemberName("FINISHED")]
    Finished,

    [JsonStringEnumMemberName("ABORTED")]
    Aborted,
}
