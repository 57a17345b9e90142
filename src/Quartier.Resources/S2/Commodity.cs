using System.Text.Json.Serialization;
using Quartier.Resources.S2.Serialization;

namespace Quartier.Resources.S2;

/// <summary>An energy carrier a resource manager can exchange (S2 <c>Commodity</c>).</summary>
[JsonConverter(typeof(S2EnumConverter<Commodity>))]
public enum Commodity
{
    [JsonStringEnumMemberName("GAS")]
    Gas,

    [JsonStringEnumMemberName("HEAT")]
    Heat,

    [JsonStringEnumMemberName("ELECTRICITY")]
    Electricity,

    [JsonStringEnumMemberName("OIL")]
    Oil,
}
