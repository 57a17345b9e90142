namespace Quartier.Resources.Runtime;

/// <summary>An S2 <c>PowerValue</c>: one value for one commodity quantity (W for electricity, positive = consumption).</summary>
public readonly record struct PowerValue(CommodityQuantity Quantity, double Value);
