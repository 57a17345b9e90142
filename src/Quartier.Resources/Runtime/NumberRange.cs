namespace Quartier.Resources.Runtime;

/// <summary>
/// An S2 <c>NumberRange</c>. Where a range is tied to an operation mode factor, factor 0 gives
/// <see cref="Start"/> and factor 1 gives <see cref="End"/>.
/// </summary>
public readonly record struct NumberRange(double Start, double End)
{
    /// <summary>The smaller end.</summary>
    public double Min => Math.Min(Start, End);

    /// <summary>The larger end.</summary>
    public double Max => Math.Max(Start, End);

    /// <summary>S2 factor interpolation: <c>Start + factor·(End − Start)</c>.</summary>
    public double At(double factor) => Start + (factor * (End - Start));

    /// <summary>True when <paramref name="value"/> lies within the range (ends included, any orientation).</summary>
    public bool Contains(double value) => value >= Min && value <= Max;

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Start}..{End}");
}
