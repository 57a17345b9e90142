namespace Quartier.Resources.Runtime;

/// <summary>
/// An S2 <c>PowerRange</c>: the power of an operation mode for one commodity quantity, from
/// <see cref="Start"/> (factor 0) to <see cref="End"/> (factor 1). Positive is consumption.
/// </summary>
public readonly record struct PowerRange(double Start, double End, CommodityQuantity Quantity)
{
    /// <summary>S2 factor interpolation: <c>Start + factor·(End − Start)</c>.</summary>
    public double At(double factor) => Start + (factor * (End - Start));
}
