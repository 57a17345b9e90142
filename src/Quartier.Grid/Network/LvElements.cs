using System.Numerics;

namespace Quartier.Grid.Network;

/// <summary>What a bus of the LV network stands for.</summary>
public enum LvBusKind
{
    /// <summary>An ESDL Joint.</summary>
    Joint,

    /// <summary>A house connection (ESDL EConnection).</summary>
    Connection,

    /// <summary>The transformer's LV terminal when no joint sits there.</summary>
    TransformerLv,

    /// <summary>The source bus (an Import feeding the LV network directly, or a hand-built slack).</summary>
    Source,
}

/// <summary>A bus (node with phases a, b, c and neutral). <see cref="DotsName"/> is the bus name DOTS's OpenDSS model uses.</summary>
public sealed record LvBus(int Index, string Name, string? AssetId, LvBusKind Kind)
{
    /// <summary>DOTS's bus name: the ESDL name cut before "Bus", lower case (OpenDSS lower-cases names).</summary>
    public string DotsName => DotsNames.Bus(Name);
}

/// <summary>
/// A cable between two buses with its full 4×4 series impedance <see cref="Z"/> (ohm, row-major, conductors
/// a, b, c, neutral) = line code per km × length. <see cref="AmpacityA"/> is the line code's Normamps.
/// </summary>
public sealed record LvBranch(int Index, string Name, string? AssetId, int FromBus, int ToBus, double LengthM, string CodeName, double AmpacityA, Complex[] Z)
{
    /// <summary>DOTS's output name (the ESDL name lower-cased), e.g. <c>cable1</c>.</summary>
    public string DotsName => Name.ToLowerInvariant();

    /// <summary>True when the length came from the cable's geometry (no <c>length</c> attribute).</summary>
    public bool LengthFromGeometry { get; init; }

    /// <summary>Builds the 4×4 impedance from a 4-conductor line code and a length in metres.</summary>
    public static Complex[] Impedance(LineCode code, double lengthM)
    {
        if (code.Phases != 4)
        {
            throw new ArgumentException($"line code '{code.Name}' has {code.Phases} conductors; the LV solver needs 4 (a, b, c, neutral)");
        }

        var z = new Complex[16];
        var km = lengthM / 1000.0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                z[(i * 4) + j] = code.ZPerKm(i, j) * km;
            }
        }

        return z;
    }
}

/// <summary>A house connection drawing power per phase (a, b, c, each to neutral) at <see cref="Bus"/>.</summary>
public sealed record LvLoad(int Index, string Name, string? AssetId, int Bus)
{
    /// <summary>DOTS's bus name of the connection, e.g. <c>connectionhome2</c> (nodes <c>connectionhome2.1</c> …).</summary>
    public string DotsName => DotsNames.Bus(Name);
}

/// <summary>
/// The MV/LV transformer feeding the network: rating, voltages (kV line-to-line), losses (% of rating) and the
/// per-phase series impedance referred to the LV side (Dyn: each LV phase sees it in series with a stiff source).
/// </summary>
public sealed record LvTransformer(
    string Name,
    string? AssetId,
    string? CodeName,
    double RatedKva,
    double PrimaryKv,
    double SecondaryKv,
    double PercentLoadLoss,
    double PercentNoLoadLoss,
    double PercentX,
    Complex SeriesImpedance)
{
    /// <summary>DOTS's output name (the ESDL name lower-cased), e.g. <c>transformer1</c>.</summary>
    public string DotsName => Name.ToLowerInvariant();

    /// <summary>Per-phase LV series impedance (ohm) from %load loss (R) and %X on the LV base kV²/MVA.</summary>
    public static Complex Impedance(double secondaryKv, double ratedKva, double percentLoadLoss, double percentX)
    {
        var zBase = secondaryKv * secondaryKv / (ratedKva / 1000.0);
        return new Complex(percentLoadLoss / 100.0 * zBase, percentX / 100.0 * zBase);
    }
}

/// <summary>DOTS's (OpenDSS's) element naming.</summary>
public static class DotsNames
{
    /// <summary>Bus name as DOTS writes it: the ESDL name cut before "Bus", lower-cased.</summary>
    public static string Bus(string esdlName)
    {
        var cut = esdlName.IndexOf("Bus", StringComparison.Ordinal);
        var name = cut > 0 ? esdlName[..cut] : esdlName;
        return name.ToLowerInvariant();
    }
}
