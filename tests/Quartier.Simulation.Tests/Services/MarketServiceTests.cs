using Quartier.Core.Errors;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

public sealed class MarketServiceTests
{
    [Fact]
    public void Step_k_publishes_the_price_of_the_element_from_start_plus_k_steps()
    {
        var system = new EsdlBuilder().Market(0.10, 0.21, 0.32, 0.43).Build();
        var sim = Sim.Run(system, 3, new MarketService());
        Assert.Equal([0.21, 0.32, 0.43], sim.Series("EnergyMarket/day_ahead_price", "DA-market"));
    }

    [Fact]
    public void The_small_test_market_matches_its_profile()
    {
        var system = ReferenceData.SmallTest;
        var market = system.OfKind(Core.Model.AssetKind.EnergyMarket).Single();
        var profile = (Core.Model.DateTimeProfile)market.Profiles["marketPrice"];
        var sim = Sim.Run(system, 4, new MarketService());
        for (int k = 1; k <= 4; k++)
        {
            Assert.Equal(profile.Values[k], sim.At("EnergyMarket/day_ahead_price", "DA-market", k));
        }
    }

    [Fact]
    public void A_market_without_prices_is_an_input_error()
    {
        const string xml = """
            <esdl:EnergySystem xmlns:esdl="http://www.tno.nl/esdl" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="s">
              <services xsi:type="esdl:Services" id="svc">
                <service xsi:type="esdl:EnergyMarket" id="m" name="empty-market"/>
              </services>
            </esdl:EnergySystem>
            """;
        var system = Esdl.EsdlReader.ReadString(xml);
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 2, new MarketService()));
        Assert.Contains("empty-market", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>DOTS's market unit test (test_market_service.py, dots-market-service @ 978e708) on its file market-test.esdl.</summary>
public sealed class MarketDotsTests
{
    [Fact]
    public void The_price_of_2020_08_11_00_00_is_DOTS_value()
    {
        // DOTS publishes the element whose 'from' lies in [t, t + 899 s] for t = 2020-08-11 00:00: 0.10354000000000001.
        // Quartier's step k reads the element from start + k·900 s, so a grid from 23:45 puts 00:00 at step 1.
        var system = Esdl.EsdlReader.ReadFile(ReferenceData.Resolve("dots/service-tests/market-test.esdl"));
        var grid = new Core.Time.TimeGrid(new DateTime(2020, 8, 10, 23, 45, 0, DateTimeKind.Utc), 900, 1);
        var sim = Sim.Run(system, grid, new MarketService());
        Assert.Equal(0.10354000000000001, sim.At("EnergyMarket/day_ahead_price", "DA-market", 1));
    }
}
