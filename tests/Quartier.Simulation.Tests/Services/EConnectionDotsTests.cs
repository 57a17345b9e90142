using Quartier.Core.Model;
using Quartier.Esdl;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>
/// DOTS's EConnection unit test without an EMS (TestEmsService.test_without_ems, dots-econnection-service @ 20b514c) on
/// its file econnection-without-ems.esdl through Quartier's EmsService: ConnectionHome1 (<c>got_ems: false</c>) with
/// DemandHome1 (pf 0.95, three phases) at 104.0 W.
/// </summary>
public sealed class EConnectionDotsTests
{
    private const string Home1 = "ConnectionHome1";

    [Fact]
    public void Without_EMS_the_demand_is_split_over_its_phases_with_Q_from_its_power_factor()
    {
        var system = EsdlReader.ReadFile(ReferenceData.Resolve("dots/service-tests/econnection-without-ems.esdl"));
        var demand = new ProbeService("demand", AssetKind.ElectricityDemand, outputs: [ElectricityDemandService.ActivePower]);
        demand.OnStep = (p, _) => p.Set(ElectricityDemandService.ActivePower, 104.0);
        var sim = Sim.Run(system, 1, new MarketService(), demand, new EmsService());

        for (int ph = 1; ph <= 3; ph++)
        {
            // DOTS: aggregated_active_power [34.666666666666664] × 3, aggregated_reactive_power [11.394382312867256] × 3
            Assert.Equal(34.666666666666664, sim.At($"EConnection/active_power_ph{ph}", Home1, 1));
            // Q: DOTS computes (104/3)·√(1 − 0.95²)/0.95 per phase, EmsService (104·tan φ)·(1/3): 2 ulp apart
            // (11.394382312867254); asserted to 1e-14 (EmsService's phase arithmetic is left as it is)
            Assert.Equal(11.394382312867256, sim.At($"EConnection/reactive_power_ph{ph}", Home1, 1), 1e-14);
        }

        Assert.Equal(0.0, sim.At("EConnection/dispatch_ev", Home1, 1));
        Assert.Equal(0.0, sim.At("EConnection/dispatch_pv", Home1, 1));
    }
}
