using System.Runtime.Intrinsics;

namespace Quartier.Simulation.Kpis;

/// <summary>
/// One addend of a system KPI that sums over elements (connections, feeders, charging stations): the KPI's name and
/// scope, the element, and the raw value the sum takes (before any unit conversion). A run cut into partitions hands its
/// terms back, and the merge adds all partitions' terms in the single run's element order with the single run's
/// arithmetic (<see cref="KpiTerms.InOrder"/>), so that the merged figure is the single run's to the bit.
/// </summary>
public readonly record struct KpiTerm(string Name, string Scope, string AssetId, double Value);

/// <summary>A KPI source whose system sums are made of <see cref="KpiTerm"/>s.</summary>
public interface IKpiTerms
{
    /// <summary>The addends of this source's summed system KPIs, each KPI's in the order the source adds them.</summary>
    IEnumerable<KpiTerm> Terms();
}

/// <summary>The one way system sums are taken, in a single run and in a merge of partitions alike.</summary>
public static class KpiTerms
{
    /// <summary>Net power per site in this many units per watt (fixed point), so that the system's per-step sum is exact and order-free.</summary>
    public const double NetUnitsPerWatt = 1 << 20;

    /// <summary>The values added one after the other, first to last (no reordering, no vectorisation).</summary>
    public static double InOrder(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>A site's net power (W) in fixed-point units (<see cref="NetUnitsPerWatt"/>).</summary>
    public static long NetUnits(double watts) => (long)Math.Round(watts * NetUnitsPerWatt);

    /// <summary>
    /// <see cref="NetUnits(double)"/> of four values already scaled by <see cref="NetUnitsPerWatt"/>: rounded half to even and
    /// converted saturating (NaN to 0), as the scalar cast does (tested).
    /// </summary>
    public static Vector256<long> NetUnits(Vector256<double> scaled) => Vector256.ConvertToInt64(Vector256.Round(scaled));

    /// <summary>The largest of the per-step sums of net power (fixed point), at least 0.</summary>
    public static long PeakUnits(ReadOnlySpan<long> perStep)
    {
        long peak = 0;
        foreach (var units in perStep)
        {
            peak = Math.Max(peak, units);
        }

        return peak;
    }

    /// <summary>A peak of summed fixed-point net power, in kW (as the KPI reports it).</summary>
    public static double PeakKw(long units) => units / NetUnitsPerWatt / 1000;
}
