namespace Quartier.Cossmic.Neighbourhood;

/// <summary>
/// One PV production prediction as a producer event delivers it: issued at <see cref="IssuedUnix"/> (when the
/// scheduler learns it), cumulative Wh at UNIX times (hourly in the reference sets). The producer's known curve is
/// the merge of all predictions issued so far (<see cref="ProductionCurve.Merge"/>).
/// </summary>
/// <param name="IssuedUnix">Event time (UNIX seconds) of the producer_event.csv line.</param>
/// <param name="File">Prediction file name (e.g. <c>57_220_2.csv</c>).</param>
/// <param name="TimesUnix">UNIX seconds, increasing.</param>
/// <param name="CumulativeWh">Cumulative energy at each time, not decreasing.</param>
public sealed record PvPrediction(long IssuedUnix, string File, IReadOnlyList<long> TimesUnix, IReadOnlyList<double> CumulativeWh);
