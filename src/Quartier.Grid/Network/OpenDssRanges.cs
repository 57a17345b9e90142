using Quartier.Core.Input;

namespace Quartier.Grid.Network;

/// <summary>
/// The accepted range of each number <see cref="OpenDssCodes"/> reads from a line-code or transformer-code
/// library, stated once; a value outside is refused naming the code, the property, the line and the range.
/// </summary>
public static class OpenDssRanges
{
    /// <summary>A line code's ampacity (<c>Normamps</c>), A.</summary>
    public static readonly PhysicalRange NormAmps = new(0, 100_000, "A");

    /// <summary>Entries of <c>Rmatrix</c>/<c>Xmatrix</c> and R1/X1/R0/X0, Ω per length unit.</summary>
    public static readonly PhysicalRange Impedance = new(-1_000, 1_000, "Ω per length unit");

    /// <summary>A winding's rated voltage, kV.</summary>
    public static readonly PhysicalRange Kv = new(0.01, 1_000, "kV");

    /// <summary>A winding's rating, kVA.</summary>
    public static readonly PhysicalRange Kva = new(0.1, 10_000_000, "kVA");

    /// <summary>Losses and winding resistances in per cent of the rating.</summary>
    public static readonly PhysicalRange Percent = new(0, 100, "%");

    /// <summary>Short-circuit reactance, per cent.</summary>
    public static readonly PhysicalRange PercentX = new(0.01, 100, "%");
}
