using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Ombc;

/// <summary>
/// S2 <c>OMBC.SystemDescription</c> (operation mode based control): the device's operation modes, the transitions between
/// them and the timers that constrain those transitions.
/// </summary>
public sealed record OmbcSystemDescription : S2IdentifiedMessage
{
    public const string MessageTypeName = "OMBC.SystemDescription";

    public OmbcSystemDescription()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("valid_from")]
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>1..100 operation modes with unique ids.</summary>
    [JsonPropertyName("operation_modes")]
    public required IReadOnlyList<OmbcOperationMode> OperationModes { get; init; }

    /// <summary>0..1000 transitions between the operation modes.</summary>
    [JsonPropertyName("transitions")]
    public required IReadOnlyList<Transition> Transitions { get; init; }

    /// <summary>0..1000 timers used by the transitions.</summary>
    [JsonPropertyName("timers")]
    public required IReadOnlyList<S2Timer> Timers { get; init; }
}
