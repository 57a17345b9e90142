using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>Outcome of receiving a message, sent back in a <see cref="ReceptionStatus"/> (S2 <c>ReceptionStatusValues</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<ReceptionStatusValues>))]
public enum ReceptionStatusValues
{
    /// <summary>The message is not valid JSON or not valid for its schema.</summary>
    [JsonStringEnumMemberName("INVALID_DATA")]
    InvalidData,

    /// <summary>The message type is unknown or not allowed now.</summary>
    [JsonStringEnumMemberName("INVALID_MESSAGE")]
    InvalidMessage,

    /// <summary>The message is well formed but its content is inconsistent.</summary>
    [JsonStringEnumMemberName("INVALID_CONTENT")]
    InvalidContent,

    /// <summary>The receiver could not process the message now; it may be resent.</summary>
    [JsonStringEnumMemberName("TEMPORARY_ERROR")]
    TemporaryError,

    /// <summary>The receiver cannot process the message and the session should end.</summary>
    [JsonStringEnumMemberName("PERMANENT_ERROR")]
    PermanentError,

    /// <summary>Received and accepted.</summary>
    [JsonStringEnumMemberName("OK")]
    Ok,
}
