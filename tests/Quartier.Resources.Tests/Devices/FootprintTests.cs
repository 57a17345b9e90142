using Quartier.Resources.Devices;

namespace Quartier.Resources.Tests.Devices;

public sealed class FootprintTests
{
    /// <summary>The 145 battery transitions are compiled once and shared: a battery costs a few kB, not tens.</summary>
    [Fact]
    public void ManyBatteriesShareTheirTransitionTable()
    {
        var spec = new BatterySpec { CapacityWh = 10_000 };
        _ = new BatteryResource("warm", spec);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var batteries = new BatteryResource[1000];
        for (var i = 0; i < batteries.Length; i++)
        {
            batteries[i] = new BatteryResource("b" + i, spec);
        }

        var perBattery = (GC.GetAllocatedBytesForCurrentThread() - before) / batteries.Length;
        Assert.True(perBattery < 12_000, $"{perBattery} bytes per battery");
    }
}
