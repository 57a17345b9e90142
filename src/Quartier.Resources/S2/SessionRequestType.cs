using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>What a <see cref="SessionRequest"/> asks of the other party (S2 <c>SessionRequestType</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<SessionRequestType>))]
public enum SessionRequestType
{
    /// <summary>Close this session and connect again.</summary>
    [JsonStringEnumMemberName("RECONNECT")]
    Reconnect,

    /// <summary>End the session.</summary>
    [JsonStringEnumMemberName("TERMINATE")]
    Terminate,
}
