namespace Quartier.Resources.Devices;

/// <summary>
/// The AC power a battery can take (<paramref name="ChargeW"/>) and give (<paramref name="DischargeW"/>) over
/// the next interval, both ≥ 0, from its power limits, state-of-charge bounds and efficiencies.
/// </summary>
public readonly record struct BatteryLimits(double ChargeW, double DischargeW)
{
    /// <summary><paramref name="powerW"/> (+ charge, − discharge) clamped to these limits.</summary>
    public double Clamp(double powerW) => Math.Clamp(powerW, -DischargeW, ChargeW);
}
