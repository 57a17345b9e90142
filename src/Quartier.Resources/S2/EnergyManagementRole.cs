using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>Which side of an S2 session a party is: customer energy manager or resource manager (S2 <c>EnergyManagementRole</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<EnergyManagementRole>))]
public enum EnergyManagementRole
{
    /// <summary>Customer energy manager.</summary>
    [JsonStringEnumMemberName("CEM")]
    Cem,

    /// <summary>Resource manager.</summary>
    [JsonStringEnumMemberName("RM")]
    Rm,
}
