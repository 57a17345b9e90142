namespace Quartier.Resources.Runtime;

/// <summary>Result of one <see cref="PebcSimulation.Step"/>: the natural power and the power after the envelope (averages).</summary>
public readonly record struct PebcStep(double Power, double NaturalPower)
{
    /// <summary>Natural minus limited power: positive when consumption was cut, negative when production was cut.</summary>
    public double Limited => NaturalPower - Power;
}
