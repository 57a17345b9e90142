namespace Quartier.Resources.Devices;

/// <summary>Operation modes of <see cref="HeatPumpResource"/> (ids <c>OFF</c>, <c>ON</c>).</summary>
public enum HeatPumpMode
{
    /// <summary><c>OFF</c>: no heat, no power.</summary>
    Off,

    /// <summary><c>ON</c>: thermal output factor·MaxThermalPowerW.</summary>
    On,
}
