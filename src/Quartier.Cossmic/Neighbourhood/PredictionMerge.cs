namespace Quartier.Cossmic.Neighbourhood;

/// <summary>How an updated prediction is merged into a producer's known cumulative curve.</summary>
public enum PredictionMerge
{
    /// <summary>
    /// As PySSMic: the new curve is shifted up by the old curve's value one hour before the new first timestamp;
    /// at the new curve's timestamps its values win, the old curve's other points stay.
    /// </summary>
    PySsmic,

    /// <summary>
    /// As the original CoSSMic simulator: the new curve is re-based to start at 0 and offset by the old curve's value at
    /// the new first timestamp; it replaces the old curve from that timestamp on.
    /// </summary>
    Rebase,
}
