using System.Text.Json;
using Quartier.Grid.Network;

namespace Quartier.Application;

/// <summary>
/// The LV networks a run solved, kept with it as a small JSON attachment (<see cref="Attachment"/>) so that the
/// dashboard can draw each feeder — transformer, cables, house connections — without the ESDL: per feeder the source,
/// the buses (name, ESDL id, kind), the cables (buses at both ends, length, ampacity) and the connections with their bus.
/// </summary>
public static class NetworkTopology
{
    /// <summary>Name of the attachment.</summary>
    public const string Attachment = "network.json";

    /// <summary>The feeders as JSON bytes (null when the run has no LV network).</summary>
    public static byte[]? Encode(IReadOnlyList<LvNetwork> feeders)
    {
        ArgumentNullException.ThrowIfNull(feeders);
        if (feeders.Count == 0)
        {
            return null;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            feeders = feeders.Select(n => new
            {
                name = n.Transformer?.Name ?? n.Buses[n.SlackBus].Name,
                transformer = n.Transformer is { } t ? new { name = t.Name, asset_id = t.AssetId, rated_kva = t.RatedKva } : null,
                slack = n.SlackBus,
                buses = n.Buses.Select(b => new { name = b.Name, asset_id = b.AssetId, kind = b.Kind.ToString() }),
                cables = n.Branches.Select(b => new { name = b.Name, asset_id = b.AssetId, from = b.FromBus, to = b.ToBus, length_m = b.LengthM, ampacity_a = b.AmpacityA }),
                loads = n.Loads.Select(l => new { name = l.Name, asset_id = l.AssetId, bus = l.Bus }),
            }),
        });
    }
}
