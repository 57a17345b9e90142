using System.Text.Json.Serialization;

namespace Quartier.Resources.S2;

/// <summary>S2 <c>SessionRequest</c>: asks the other party to reconnect or to end the session.</summary>
public sealed record SessionRequest : S2IdentifiedMessage
{
    public const string MessageTypeName = "SessionRequest";

    public SessionRequest()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("request")]
    public required SessionRequestType Request { get; init; }

    /// <summary>Free text for debugging, not for end users.</summary>
    [JsonPropertyName("diagnostic_label")]
    public string? DiagnosticLabel { get; init; }
}
