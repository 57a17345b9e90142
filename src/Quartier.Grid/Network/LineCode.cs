using System.Numerics;

namespace Quartier.Grid.Network;

/// <summary>
/// An OpenDSS line code: series impedance matrices per km (phases in order 1..n, for DOTS's 4-wire
/// cables a, b, c and neutral) and the normal ampacity. Shunt capacitance (C1/C0) is not kept: it is
/// negligible on low-voltage cables.
/// </summary>
public sealed class LineCode
{
    /// <summary>Creates a line code; <paramref name="rPerKm"/> and <paramref name="xPerKm"/> are full n×n row-major matrices in ohm/km.</summary>
    public LineCode(string name, int phases, double[] rPerKm, double[] xPerKm, double normAmps, string? file = null, int line = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phases, 1);
        if (rPerKm.Length != phases * phases || xPerKm.Length != phases * phases)
        {
            throw new ArgumentException($"line code '{name}': matrices must hold {phases * phases} values");
        }

        Name = name;
        Phases = phases;
        RPerKm = rPerKm;
        XPerKm = xPerKm;
        NormAmps = normAmps;
        File = file;
        Line = line;
    }

    public string Name { get; }

    public int Phases { get; }

    /// <summary>Resistance matrix, ohm/km, row-major n×n.</summary>
    public double[] RPerKm { get; }

    /// <summary>Reactance matrix at 50 Hz, ohm/km, row-major n×n.</summary>
    public double[] XPerKm { get; }

    /// <summary>Normal current rating per conductor (A); 0 when the code gives none.</summary>
    public double NormAmps { get; }

    /// <summary>Where the code was defined (for messages).</summary>
    public string? File { get; }

    public int Line { get; }

    /// <summary>Series impedance between conductors <paramref name="i"/> and <paramref name="j"/> in ohm/km.</summary>
    public Complex ZPerKm(int i, int j) => new(RPerKm[(i * Phases) + j], XPerKm[(i * Phases) + j]);
}
