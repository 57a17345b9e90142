using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>
/// S2 <c>ReceptionStatus</c>: acknowledges (or refuses) a received message. The one S2 message without a
/// <c>message_id</c>: it refers to the received message through <see cref="SubjectMessageId"/>.
/// </summary>
public sealed record ReceptionStatus : S2Message
{
    public const string MessageTypeName = "ReceptionStatus";

    public ReceptionStatus()
        : base(MessageTypeName)
    {
    }

    /// <summary>The <c>message_id</c> of the message this status is about.</summary>
    [JsonPropertyName("subject_message_id")]
    public required string SubjectMessageId { get; init; }

    [JsonPropertyName("status")]
    public required ReceptionStatusValues Status { get; init; }

    /// <summary>Free text for debugging, not for end users.</summary>
    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }
}
