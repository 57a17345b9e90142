using Quartier.Core.Model;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>The rule-based home EMS against hand calculations.</summary>
public sealed class EmsServiceTests
{
    private const string Conn = "H_conn";

    /// <summary>Q per watt at power factor 0.95: √(1 − 0.95²)/0.95.</summary>
    private const double Tan095 = 0.328684105178863;

    private static Simulation.Engine.CalculationService[] All(EvRules ev = EvRules.Dots) =>
    [
        new WeatherService(), new MarketService(), new ElectricityDemandService(), new PvService(),
        new BatteryService(), new EvChargingService(ev), new EmsService(),
    ];

    private static double P(Sim sim, int phase, int step) => sim.At($"EConnection/active_power_ph{phase}", Conn, step);

    private static double Q(Sim sim, int phase, int step) => sim.At($"EConnection/reactive_power_ph{phase}", Conn, step);

    /// <summary>
    /// Step 1 sunny (1000 W/m² → 6400 W PV on phase 1), step 2 dark. 1000 W demand on three phases at pf 0.95;
    /// an EV (2 kW station, phase 2, far deadline); a battery (phase 3; 10 kWh half full, 2 kW in at 0.9, 600 W out).
    /// </summary>
    private static EnergySystem Home(string connection = """{"got_ems": true, "energy_contract": "static", "price": 0.30}""", double? capacity = null, bool ev = true, bool battery = true, double? feedIn = null)
    {
        var b = new EsdlBuilder().Weather([0, 1000, 0, 0], [283.15, 283.15, 283.15, 283.15]).Market(0.10, 0.20, 0.40, 0.40);
        if (feedIn is { } f)
        {
            b.FeedInTariff(f);
        }

        var home = b.Building("H").Connection(connection, capacity).Demand("D", [1000, 1000, 1000, 1000]).Pv("PV", [1]);
        if (ev)
        {
            home.Device("EVChargingStation", "EV", [2], [("power", 2000)], """{"arrival_ptus": [0], "departure_ptus": [40], "arrival_socs": [36000000], "departure_socs": [43200000], "max_soc": 144000000, "efficiency": 1.0}""");
        }

        if (battery)
        {
            home.Device("Battery", "B", [3], [("capacity", 36_000_000), ("fillLevel", 0.5), ("chargeEfficiency", 0.9), ("maxChargeRate", 2000), ("maxDischargeRate", 600)]);
        }

        return b.Build();
    }

    [Fact]
    public void PV_surplus_goes_to_the_EV_then_the_battery_then_export()
    {
        var sim = Sim.Run(Home(), 1, All());

        // 6400 − 1000 = 5400 W surplus: 2000 to the EV, 2000 to the battery, 1400 exported
        Assert.Equal(2000.0, sim.At("EConnection/dispatch_ev", Conn, 1), 9);
        Assert.Equal(2000.0, sim.At("EConnection/dispatch_battery", Conn, 1), 9);
        Assert.Equal(-1400.0, sim.At("EConnection/net_power", Conn, 1), 9);
        Assert.Equal(1400.0, sim.At("EConnection/export_power", Conn, 1), 9);
        Assert.Equal(0.0, sim.At("EConnection/import_power", Conn, 1));
        Assert.Equal(-6400.0, sim.At("EConnection/dispatch_pv", Conn, 1), 9);
        Assert.Equal(6400.0, sim.At("EConnection/pv_power", Conn, 1), 9);
        Assert.Equal(3000.0, sim.At("EConnection/consumption_power", Conn, 1), 9);

        // phases: the PV sits on phase 1 only, the EV on 2, the battery on 3, the demand in thirds
        Assert.Equal((1000.0 / 3) - 6400, P(sim, 1, 1), 9);
        Assert.Equal((1000.0 / 3) + 2000, P(sim, 2, 1), 9);
        Assert.Equal((1000.0 / 3) + 2000, P(sim, 3, 1), 9);

        // reactive power only from the demand (pf 0.95); PV, EV and battery at pf 1
        for (int ph = 1; ph <= 3; ph++)
        {
            Assert.Equal(1000.0 / 3 * Tan095, Q(sim, ph, 1), 9);
        }

        Assert.Equal(Math.Sqrt((P(sim, 2, 1) * P(sim, 2, 1)) + (Q(sim, 2, 1) * Q(sim, 2, 1))), sim.At("EConnection/apparent_power_ph2", Conn, 1), 9);

        // cost with the static 0.30 EUR/kWh both ways: −1400 W · 0.25 h = −0.35 kWh → −0.105 EUR
        Assert.Equal(-0.105, sim.At("EConnection/cost", Conn, 1), 12);
        Assert.Equal(0.30, sim.At("EConnection/buy_price", Conn, 1));
    }

    [Fact]
    public void A_deficit_is_drawn_from_the_battery_then_the_grid()
    {
        var sim = Sim.Run(Home(), 3, All());

        // step 2 is dark: 1000 W demand, the battery gives its 600 W maximum, 400 W imported
        Assert.Equal(-600.0, sim.At("EConnection/dispatch_battery", Conn, 2), 9);
        Assert.Equal(400.0, sim.At("EConnection/import_power", Conn, 2), 9);
        Assert.Equal((1000.0 / 3) - 600, P(sim, 3, 2), 9);
        Assert.Equal(0.0, sim.At("EConnection/dispatch_ev", Conn, 2));

        // 400 W · 0.25 h · 0.30 EUR/kWh
        Assert.Equal(0.03, sim.At("EConnection/cost", Conn, 2), 12);

        // the battery took the step-1 charge (2000 W · 0.25 h · 0.9 = 450 Wh) and then gave 600 W · 0.25 h = 150 Wh;
        // the EV took 2000 W · 0.25 h = 500 Wh
        Assert.Equal(5450.0, sim.At("Battery/state_of_charge", "B", 2), 9);
        Assert.Equal(5300.0, sim.At("Battery/state_of_charge", "B", 3), 9);
        Assert.Equal(10_500.0, sim.At("EVChargingStation/state_of_charge", "EV", 2), 9);
    }

    [Fact]
    public void Without_EV_and_battery_the_surplus_is_exported()
    {
        var sim = Sim.Run(Home(ev: false, battery: false), 1, All());
        Assert.Equal(-5400.0, sim.At("EConnection/net_power", Conn, 1), 9);
        Assert.Equal(0.0, sim.At("EConnection/dispatch_battery", Conn, 1));
        Assert.Equal(0.0, sim.At("EConnection/curtailed_power", Conn, 1));
    }

    [Fact]
    public void The_connection_capacity_is_a_bandwidth_not_a_cap_on_export()
    {
        // DOTS: capacity only sets the bandwidth of a static_bandwidth_tariff; the rule EMS exports the whole surplus
        var sim = Sim.Run(Home(capacity: 1000, ev: false, battery: false), 1, All());
        Assert.Equal(0.0, sim.At("EConnection/curtailed_power", Conn, 1), 9);
        Assert.Equal(-5400.0, sim.At("EConnection/net_power", Conn, 1), 9);
        Assert.Equal(-6400.0, sim.At("EConnection/dispatch_pv", Conn, 1), 9);
        Assert.Equal((1000.0 / 3) - 6400, P(sim, 1, 1), 9);
    }

    [Fact]
    public void A_house_without_EMS_counts_only_its_demand()
    {
        var sim = Sim.Run(Home("""{"got_ems": false, "energy_contract": "static", "price": 0.30}"""), 2, All());
        for (int k = 1; k <= 2; k++)
        {
            Assert.Equal(1000.0, sim.At("EConnection/net_power", Conn, k), 9);
            Assert.Equal(0.0, sim.At("EConnection/pv_power", Conn, k));
            Assert.Equal(0.0, sim.At("EConnection/dispatch_pv", Conn, k));
            Assert.Equal(0.0, sim.At("EConnection/dispatch_ev", Conn, k));
            Assert.Equal(0.0, sim.At("EConnection/dispatch_battery", Conn, k));
            Assert.Equal(1000.0, sim.At("EConnection/consumption_power", Conn, k), 9);
            for (int ph = 1; ph <= 3; ph++)
            {
                Assert.Equal(1000.0 / 3, P(sim, ph, k), 9);
                Assert.Equal(1000.0 / 3 * Tan095, Q(sim, ph, k), 9);
            }
        }

        // 1000 W · 0.25 h · 0.30
        Assert.Equal(0.075, sim.At("EConnection/cost", Conn, 1), 12);
    }

    [Fact]
    public void A_demand_on_one_phase_puts_all_its_power_there()
    {
        var b = new EsdlBuilder();
        b.Building("H").Connection("""{"got_ems": false}""").Demand("D", [900, 900, 900], phases: [2], powerFactor: 1.0);
        var sim = Sim.Run(b.Build(), 1, new ElectricityDemandService(), new EmsService());
        Assert.Equal([0.0, 900, 0], new[] { P(sim, 1, 1), P(sim, 2, 1), P(sim, 3, 1) });
        Assert.Equal(0.0, Q(sim, 2, 1));
    }

    [Fact]
    public void A_negative_net_demand_profile_counts_as_local_generation_without_EMS()
    {
        var b = new EsdlBuilder();
        b.Building("H").Connection("""{"got_ems": false, "price": 0.20}""").Demand("D", [0, -600, 0], powerFactor: 1.0);
        var sim = Sim.Run(b.Build(), 1, new ElectricityDemandService(), new EmsService());
        Assert.Equal(600.0, sim.At("EConnection/export_power", Conn, 1), 9);
        Assert.Equal(600.0, sim.At("EConnection/pv_power", Conn, 1), 9);
        Assert.Equal(0.0, sim.At("EConnection/consumption_power", Conn, 1));
        Assert.Equal(-0.03, sim.At("EConnection/cost", Conn, 1), 12);
    }

    [Fact]
    public void A_dynamic_contract_pays_the_day_ahead_price_plus_the_flat_adder()
    {
        var sim = Sim.Run(Home("""{"got_ems": true, "energy_contract": "dynamic", "flat_price": 0.05}""", ev: false, battery: false), 2, All());

        // step 2: day-ahead 0.40 + 0.05; 1000 W imported for 0.25 h
        Assert.Equal(0.45, sim.At("EConnection/buy_price", Conn, 2), 12);
        Assert.Equal(0.25 * 0.45, sim.At("EConnection/cost", Conn, 2), 12);

        // step 1: 5400 W exported at 0.20 + 0.05
        Assert.Equal(-5.4 * 0.25 * 0.25, sim.At("EConnection/cost", Conn, 1), 12);
    }

    [Fact]
    public void A_feed_in_tariff_prices_the_export()
    {
        var sim = Sim.Run(Home(ev: false, battery: false, feedIn: 0.07), 2, All());
        Assert.Equal(-5.4 * 0.25 * 0.07, sim.At("EConnection/cost", Conn, 1), 12);
        Assert.Equal(0.25 * 0.30, sim.At("EConnection/cost", Conn, 2), 12);
    }

    [Fact]
    public void The_EV_gets_its_required_power_even_from_the_grid()
    {
        // 2 kW station, 500 Wh to add within 1 PTU of charging: required 2000 W from the start (DOTS's timing: the
        // session from PTU 0 to PTU 1 is present at step 1 only)
        var b = new EsdlBuilder().Weather([0, 0, 0], [283.15, 283.15, 283.15]);
        b.Building("H").Connection("""{"got_ems": true}""").Demand("D", [1000, 1000, 1000])
            .Device("EVChargingStation", "EV", [1], [("power", 2000)], """{"arrival_ptus": [0], "departure_ptus": [1], "arrival_socs": [0], "departure_socs": [1800000], "max_soc": 36000000}""");
        var sim = Sim.Run(b.Build(), 1, All());
        Assert.Equal(2000.0, sim.At("EConnection/dispatch_ev", Conn, 1), 9);
        Assert.Equal(3000.0, sim.At("EConnection/import_power", Conn, 1), 9);
        Assert.Equal((1000.0 / 3) + 2000, P(sim, 1, 1), 9);
    }

    [Fact]
    public void Two_batteries_behind_one_connection_are_rejected()
    {
        var b = new EsdlBuilder();
        b.Building("H").Connection("""{"got_ems": true}""")
            .Device("Battery", "B1", [1], [("capacity", 3.6e6)])
            .Device("Battery", "B2", [2], [("capacity", 3.6e6)]);
        var ex = Assert.Throws<Core.Errors.InputException>(() => Sim.Run(b.Build(), 1, new BatteryService(), new EmsService()));
        Assert.Contains("2 Battery", ex.Message, StringComparison.Ordinal);
    }
}
