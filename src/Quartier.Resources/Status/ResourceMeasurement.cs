using Quartier.Resources.Runtime;

namespace Quartier.Resources.Status;

/// <summary>The last measured power of a resource per commodity quantity (W, positive = consumption).</summary>
public readonly record struct ResourceMeasurement(DateTimeOffset? Timestamp, CommodityPowers Values)
{
    /// <summary>True once a measurement was reported.</summary>
    public bool HasValue => Timestamp is not null;

    /// <summary>Total measured electric power (W); NaN when nothing was reported.</summary>
    public double ElectricW => HasValue ? Values.ElectricW : double.NaN;

    /// <summary>Measured power on phase 1..3 (W; a third of a symmetric value is added); NaN when nothing was reported.</summary>
    public double PhaseW(int phase) => HasValue ? Values.PhaseW(phase) : double.NaN;
}
