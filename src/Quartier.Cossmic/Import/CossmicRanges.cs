using Quartier.Core.Input;

namespace Quartier.Cossmic.Import;

/// <summary>
/// The physical ranges of every quantity in PySSMic / CoSSMic input (folders and web-editor XML), stated once and
/// checked by <see cref="CossmicImport"/> and <see cref="CossmicXml"/>; a refusal quotes the range. The bounds are
/// generous for a household neighbourhood and exclude only the impossible or absurd.
/// </summary>
public static class CossmicRanges
{
    /// <summary>Event times (registration, earliest and latest start, prediction issue and rows): 2000-01-01 to 2100-01-01 UTC.</summary>
    public static readonly PhysicalRange UnixTime = new(946_684_800, 4_102_444_800, "s (UNIX time, 2000–2100)");

    /// <summary>A job's window (latest minus earliest start): at most a year.</summary>
    public static readonly PhysicalRange JobWindow = new(0, 366 * 86_400, "s");

    /// <summary>Time of a load-profile row (seconds since the job's start): a run lasts at most a week.</summary>
    public static readonly PhysicalRange LoadSeconds = new(0, 7 * 86_400, "s");

    /// <summary>Cumulative energy of one appliance run: at most 200 kWh.</summary>
    public static readonly PhysicalRange LoadEnergy = new(0, 200_000, "Wh");

    /// <summary>Mean power between two load-profile rows: at most 100 kW for one household device.</summary>
    public static readonly PhysicalRange LoadPower = new(0, 100_000, "W");

    /// <summary>Cumulative energy of a PV prediction: at most 100 MWh.</summary>
    public static readonly PhysicalRange PredictionEnergy = new(0, 100_000_000, "Wh");

    /// <summary>Mean predicted power between two prediction rows: at most 10 MW for one producer.</summary>
    public static readonly PhysicalRange PredictionPower = new(0, 10_000_000, "W");
}
