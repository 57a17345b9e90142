namespace Quartier.Cossmic.Neighbourhood;

/// <summary>
/// A PV producer (<c>pv_producer[57]:[220]</c>) with its predictions in the order they are issued: the first creates
/// the producer, later ones update it.
/// </summary>
/// <param name="Id">Producer id as written in producer_event.csv.</param>
/// <param name="HouseId">House (site) the producer belongs to.</param>
/// <param name="DeviceId">Device id within the house.</param>
/// <param name="Predictions">Predictions ordered by issue time (at least one).</param>
public sealed record CossmicProducer(string Id, string HouseId, string DeviceId, IReadOnlyList<PvPrediction> Predictions);
