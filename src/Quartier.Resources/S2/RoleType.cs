using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>Energy role a resource plays for one commodity (S2 <c>RoleType</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<RoleType>))]
public enum RoleType
{
    [JsonStringEnumMemberName("ENERGY_PRODUCER")]
    EnergyProducer,

    [JsonStringEnumMemberName("ENERGY_CONSUMER")]
    EnergyConsumer,

    [JsonStringEnumMemberName("ENERGY_STORAGE")]
    EnergyStorage,
}
