using Quartier.Core.Model;
using Quartier.Core.Units;

namespace Quartier.Simulation.Services;

/// <summary>
/// Which phases an asset draws on, as DOTS reads it: the last character (1..3) of the names of the
/// ElectricityNetwork phase nodes its ports connect to; power is split evenly over them. An asset with no
/// phase node is taken as three-phase balanced.
/// </summary>
internal static class PhaseMap
{
    public static void Fractions(Asset asset, Span<double> fractions)
    {
        fractions.Clear();
        int count = 0;
        Span<bool> on = stackalloc bool[3];
        foreach (var port in asset.Ports)
        {
            foreach (var other in port.ConnectedTo)
            {
                var name = other.Asset.Name;
                if (other.Asset.Kind == AssetKind.ElectricityNetwork && name.Length > 0 && name[^1] is >= '1' and <= '3')
                {
                    int ph = name[^1] - '1';
                    if (!on[ph])
                    {
                        on[ph] = true;
                        count++;
                    }
                }
            }
        }

        if (count == 0)
        {
            fractions.Fill(1.0 / 3);
            return;
        }

        for (int ph = 0; ph < 3; ph++)
        {
            fractions[ph] = on[ph] ? 1.0 / count : 0;
        }
    }

    public static double TanPhi(Asset asset)
    {
        double pf = asset.DoubleOr("powerFactor", 1.0);
        if (pf is <= 0 or > 1)
        {
            throw asset.Error($"powerFactor {pf} must be in (0, 1]");
        }

        return UnitConvert.ReactivePower(1.0, pf);
    }
}
