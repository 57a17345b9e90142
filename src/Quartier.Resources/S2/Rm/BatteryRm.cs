using Quartier.Resources.Devices;
using RT = Quartier.Resources.Runtime;

namespace Quartier.Resources.S2.Rm;

/// <summary>
/// A home battery as an FRBC resource manager: <see cref="BatteryResource"/> with 10 kWh, 5 kW, 95 % efficiency each way,
/// starting at half charge, and a 30-minute minimum dwell per mode (the <c>MIN_DWELL</c> timer blocks transitions).
/// </summary>
public sealed class BatteryRm : FrbcRmDevice
{
    private readonly BatteryResource _battery;

    public BatteryRm(string resourceId)
        : base(resourceId)
    {
        _battery = new BatteryResource(resourceId, new BatterySpec
        {
            CapacityWh = 10_000,
            MaxChargePowerW = 5000,
            ChargeEfficiency = 0.95,
            DischargeEfficiency = 0.95,
            InitialSoc = 0.5,
            MinModeDwell = TimeSpan.FromMinutes(30),
        }, BatteryMode.Idle, 0);
        _battery.StatusUpdates.Enabled = true;
    }

    /// <inheritdoc />
    protected override RT.FrbcSimulation Simulation => _battery.Simulation;

    /// <inheritdoc />
    public override ResourceManagerDetails Details() => DetailsOf("home battery", "battery 10 kWh / 5 kW", RoleType.EnergyStorage);

    /// <inheritdoc />
    public override double Step(DateTimeOffset at, double seconds) => _battery.Step(at, seconds, default).PowerW;
}
