using System.Runtime.CompilerServices;

namespace Quartier.Resources.Runtime;

/// <summary>
/// One value per <see cref="CommodityQuantity"/> (W for electricity, positive = consumption), stored inline:
/// a value type the simulations return from their step methods without allocating.
/// </summary>
public struct CommodityPowers
{
    private Values _values;

    /// <summary>The value for <paramref name="quantity"/> (0 when nothing was recorded).</summary>
    public readonly double this[CommodityQuantity quantity] => _values[(int)quantity];

    /// <summary>Total electric power: L1 + L2 + L3 + symmetric three-phase.</summary>
    public readonly double ElectricW =>
        _values[(int)CommodityQuantity.ElectricPowerL1] + _values[(int)CommodityQuantity.ElectricPowerL2]
        + _values[(int)CommodityQuantity.ElectricPowerL3] + _values[(int)CommodityQuantity.ElectricPower3PhaseSymmetric];

    /// <summary>
    /// Electric power on phase <paramref name="phase"/> (1, 2 or 3): that phase's own value plus a third of the
    /// symmetric three-phase value.
    /// </summary>
    public readonly double PhaseW(int phase)
    {
        if (phase is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(phase), phase, "phase must be 1, 2 or 3");
        }

        return _values[phase - 1] + (_values[(int)CommodityQuantity.ElectricPower3PhaseSymmetric] / 3.0);
    }

    /// <summary>Sets the value for <paramref name="quantity"/>.</summary>
    public void Set(CommodityQuantity quantity, double value) => _values[(int)quantity] = value;

    /// <summary>Adds <paramref name="value"/> to the value for <paramref name="quantity"/>.</summary>
    public void Add(CommodityQuantity quantity, double value) => _values[(int)quantity] += value;

    /// <summary>Adds every value of <paramref name="other"/> multiplied by <paramref name="weight"/>.</summary>
    public void AddScaled(in CommodityPowers other, double weight)
    {
        for (var i = 0; i < CommodityQuantities.Count; i++)
        {
            _values[i] += other._values[i] * weight;
        }
    }

    /// <summary>Multiplies every value by <paramref name="factor"/>.</summary>
    public void Scale(double factor)
    {
        for (var i = 0; i < CommodityQuantities.Count; i++)
        {
            _values[i] *= factor;
        }
    }

    /// <summary>Sets every value to 0.</summary>
    public void Clear()
    {
        for (var i = 0; i < CommodityQuantities.Count; i++)
        {
            _values[i] = 0;
        }
    }

    [InlineArray(CommodityQuantities.Count)]
    private struct Values
    {
        private double _first;
    }
}
