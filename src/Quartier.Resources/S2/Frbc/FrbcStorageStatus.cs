using System.Text.Json.Serialization;

namespace Quartier.Resources.S2.Frbc;

/// <summary>S2 <c>FRBC.StorageStatus</c>: the present fill level of the storage.</summary>
public sealed record FrbcStorageStatus : S2IdentifiedMessage
{
    public const string MessageTypeName = "FRBC.StorageStatus";

    public FrbcStorageStatus()
        : base(MessageTypeName)
    {
    }

    [JsonPropertyName("present_fill_level")]
    public required double PresentFillLevel { get; init; }
}
