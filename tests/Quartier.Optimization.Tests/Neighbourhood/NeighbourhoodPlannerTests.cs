using Quartier.Optimization.Home;

namespace Quartier.Optimization.Tests.Neighbourhood;

/// <summary>Homes of one feeder coordinated by congestion prices under a transformer limit.</summary>
public sealed class NeighbourhoodPlannerTests
{
    /// <summary>A home whose EV (11 kW) needs 20 kWh by morning; the night is cheapest between 02:00 and 04:00.</summary>
    private static HomePlanInput Home(int index)
    {
        int n = 96;
        var price = new double[n];
        var load = new double[n];
        for (int t = 0; t < n; t++)
        {
            double hour = t / 4.0;
            price[t] = hour is >= 2 and < 4 ? 0.10 : hour < 7 ? 0.18 : 0.30;
            load[t] = 300 + (20 * index);
        }

        return new HomePlanInput
        {
            Start = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            PvW = new double[n],
            LoadW = load,
            ImportPriceEurPerKwh = price,
            ExportPriceEurPerKwh = 0.05,
            Ev = new HomeEv { Id = $"ev{index}", CapacityWh = 50_000, MaxChargeW = 11_000, ChargeEfficiency = 1, InitialSoc = 0.2, Available = [new StepRange(0, 28)], Departures = [new EvDeparture(28, 0.6)] },
        };
    }

    [Fact]
    public void Congestion_prices_spread_the_EVs_over_the_night_to_keep_the_feeder_within_its_limit()
    {
        var homes = Enumerable.Range(0, 6).Select(Home).ToArray();
        var plan = NeighbourhoodPlanner.Plan(homes, transformerLimitW: 30_000);

        // on their own all six charge at 11 kW in the 02:00–04:00 window: 66 kW plus base load
        Assert.True(plan.UncoordinatedPeakW > 60_000, $"uncoordinated peak {plan.UncoordinatedPeakW:F0} W");
        Assert.True(plan.WithinLimit, $"peak {plan.PeakW:F0} W after {plan.Rounds} rounds");
        Assert.True(plan.PeakW <= 30_000 * 1.01);

        // every EV still gets its 20 kWh by 07:00
        foreach (var p in plan.Plans)
        {
            Assert.Empty(p.EvShortfalls);
            Assert.Equal(20.0, p.EvPowerW.Sum() * 0.25 / 1000, 3);
        }

        // the feeder pays more than the unconstrained optimum (6 · 20 kWh at 0.10) but less than charging at 0.18 throughout
        Assert.InRange(plan.Plans.Sum(p => p.EvPowerW.Select((w, t) => w * 0.25 / 1000 * homes[0].ImportPriceEurPerKwh[t]).Sum()), 12.0, 21.6);
    }

    [Fact]
    public void A_feeder_that_is_never_congested_keeps_every_home_at_its_own_optimum()
    {
        var homes = Enumerable.Range(0, 3).Select(Home).ToArray();
        var plan = NeighbourhoodPlanner.Plan(homes, transformerLimitW: 100_000);
        Assert.Equal(1, plan.Rounds);
        Assert.All(plan.ImportSurchargeEurPerKwh, s => Assert.Equal(0.0, s));
        Assert.Equal(plan.UncoordinatedPeakW, plan.PeakW);
    }
}
