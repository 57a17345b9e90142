using Quartier.Core.Errors;
using Quartier.Core.Model;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

/// <summary>DOTS's 2-node RC house and buffer, stepped by explicit Euler, against hand calculations.</summary>
public sealed class HeatPumpServiceTests
{
    private const string House = "house_temperature";

    /// <summary>
    /// k_exch = 100 W/K, k_floor = 50 W/K, k_vent = 100 W/K, k_cond = 200 W/K; C_in = 1e7 J/K, C_out = 2e7 J/K; 10 m² glass.
    /// </summary>
    private const string Rc = """{"C_in": 1e7, "C_out": 2e7, "R_exch": 0.01, "R_floor": 0.02, "R_vent": 0.01, "R_cond": 0.005, "A_glass": 10}""";

    /// <summary>Weather of steps 1, 2, 3 (elements 1..3): 100, 300, 0 W/m²; air 10, 0, 5 °C; soil 12, 11, 10 °C.</summary>
    private static EsdlBuilder Weather() => new EsdlBuilder().Weather(
        irradiance: [0, 100, 300, 0, 0],
        airKelvin: [0, 283.15, 273.15, 278.15, 278.15],
        soilKelvin: [0, 285.15, 284.15, 283.15, 283.15]);

    private static string Pump(double houseSetC, double house0C = 20, double buffer0C = 40, double bufferC = 752_940) =>
        $$"""{"buffer_capacitance": {{EsdlBuilder.Num(bufferC)}}, "buffer_temp_set": 313.15, "buffer_temp_min": 298.15, "buffer_temp_max": 338.15, "buffer_temp_0": {{EsdlBuilder.Num(buffer0C + 273.15)}}, "house_temp_set": {{EsdlBuilder.Num(houseSetC + 273.15)}}, "house_temp_min": 278.15, "house_temp_0": {{EsdlBuilder.Num(house0C + 273.15)}}}""";

    /// <remarks>Quartier's rules (ESDL COP, heatPumpThermalPower, tap profile by time): these tests check the thermostat; DOTS's rules are in <c>HeatPumpDotsTests</c>.</remarks>
    private static Sim Run(string pumpDescription, int steps, AssetKind kind = AssetKind.HybridHeatPump, double? cop = null, ServiceRules rules = ServiceRules.Quartier)
    {
        var attrs = new List<(string, double)> { ("heatPumpThermalPower", 4000) };
        if (cop is { } c)
        {
            attrs.Add(("heatPumpCOP", c));
        }

        var system = Weather().Building("H", Rc).Device(kind.ToString(), "HP", [1], attrs, pumpDescription).Build();
        return Sim.Run(system, steps, new WeatherService(), new HeatPumpService(kind, HeatPumpControl.Thermostat, rules));
    }

    [Fact]
    public void One_unheated_Euler_step_matches_the_hand_computation()
    {
        // set point 10 °C below the house: no heat. Buffer at its set point: the heat pump stays off.
        var sim = Run(Pump(houseSetC: 10), 3);
        Assert.Equal(20.0, sim.At("HybridHeatPump/" + House, "HP", 1), 9);

        // step 1: T_out from the fabric's steady state: (k_exch·T_in + k_cond·T_air)/(k_cond + k_exch) = (2000 + 2000)/300 = 13.3333 °C
        // C_in dT_in/dt = −(100 + 100 + 50)·20 + 100·13.3333 + 100·10 + 50·12 + 10·100 = −1066.6667 W
        // T_in(2) = 20 + 900 · (−1066.6667) / 1e7 = 19.904 °C   (C_out dT_out/dt = 2000 − 4000 + 2000 = 0)
        Assert.Equal(19.904, sim.At("HybridHeatPump/" + House, "HP", 2), 9);

        // step 3 uses step 2's weather (0 °C air, 11 °C soil, 300 W/m²) and T_out still 13.3333:
        // −250·19.904 + 1333.3333 + 0 + 550 + 3000 = −92.6667 W → 19.904 − 0.00834 = 19.89566
        // fabric: 100·19.904 − 300·13.3333 + 0 = −9.6 W → T_out barely moves (only after this step)
        Assert.Equal(19.904 + (900 * -92.66666666666667 / 1e7), sim.At("HybridHeatPump/" + House, "HP", 3), 9);
        Assert.Equal(0.0, sim.At("HybridHeatPump/heat_power_to_house", "HP", 1));
        Assert.Equal(0.0, sim.At("HybridHeatPump/electric_power", "HP", 1));
        Assert.Equal(40.0, sim.At("HybridHeatPump/buffer_temperature", "HP", 3), 9);
    }

    [Fact]
    public void A_hybrid_reaches_its_set_point_in_one_step_with_the_boiler_covering_what_the_buffer_cannot()
    {
        // need = C_in·(21 − 20)/900 − gains = 11,111.111 + 1,066.667 = 12,177.778 W
        // a small buffer (75,294 J/K) can give C_buf·(40 − 25)/900 = 1,254.9 W; the boiler gives the rest
        var sim = Run(Pump(houseSetC: 21, bufferC: 75_294), 2);
        double need = (1e7 / 900) + (3200.0 / 3);
        Assert.Equal(1254.9, sim.At("HybridHeatPump/heat_power_to_house", "HP", 1), 6);
        Assert.Equal(need - 1254.9, sim.At("HybridHeatPump/gas_power", "HP", 1), 6);
        Assert.Equal(21.0, sim.At("HybridHeatPump/" + House, "HP", 2), 9);
        Assert.Equal(25.0, sim.At("HybridHeatPump/buffer_temperature", "HP", 2), 9);
    }

    [Fact]
    public void The_hybrid_COP_follows_the_DOTS_quadratic_in_the_lift()
    {
        // 8.736555867367798 − 0.18997851·30 + 0.00125921·900
        Assert.Equal(4.170489567367798, HeatPumpService.HybridCop(30), 12);
        Assert.Equal(8.736555867367798, HeatPumpService.HybridCop(0), 12);
        Assert.Equal(8.736555867367798 - (0.18997851 * 60) + (0.00125921 * 3600), HeatPumpService.HybridCop(60), 12);
    }

    [Fact]
    public void A_cold_buffer_switches_the_heat_pump_on_at_full_power_with_the_hybrid_COP()
    {
        // buffer at 30 °C below its 40 °C set point; lift = 40 − 10 = 30 K → COP 4.1705; 4000 W heat
        var sim = Run(Pump(houseSetC: 10, buffer0C: 30), 2);
        Assert.Equal(4000.0, sim.At("HybridHeatPump/heat_power_to_buffer", "HP", 1));
        Assert.Equal(4000 / 4.170489567367798, sim.At("HybridHeatPump/electric_power", "HP", 1), 9);

        // buffer: 30 + 900 · 4000 / 752,940 = 34.7813 °C
        Assert.Equal(30 + (900.0 * 4000 / 752_940), sim.At("HybridHeatPump/buffer_temperature", "HP", 2), 9);
    }

    [Theory]
    [InlineData(0, 45.0, 0.0)]
    [InlineData(1800, 60.0, 1254.9)]
    public void A_minimum_on_time_keeps_the_heat_pump_running_after_the_thermostat_wants_it_off(double minOnSeconds, double bufferAtStep3, double heatAtStep2)
    {
        // a small buffer (75,294 J/K) at 30 °C: step 1 heats it to the 45 °C top at C·15 K/900 s = 1254.9 W (factor 0.31).
        // At step 2 the thermostat switches off; with min_on_time 1800 s the resource's S2 timer (started at 00:15)
        // rejects OFF at 00:30, so the heat pump keeps heating at 1254.9 W: 45 + 15 = 60 °C at step 3.
        var description = Pump(houseSetC: 10, buffer0C: 30, bufferC: 75_294).Replace("}", $", \"min_on_time\": {minOnSeconds}}}", StringComparison.Ordinal);
        var sim = Run(description, 3);
        Assert.Equal(1254.9, sim.At("HybridHeatPump/heat_power_to_buffer", "HP", 1), 6);
        Assert.Equal(45.0, sim.At("HybridHeatPump/buffer_temperature", "HP", 2), 9);
        Assert.Equal(heatAtStep2, sim.At("HybridHeatPump/heat_power_to_buffer", "HP", 2), 6);
        Assert.Equal(bufferAtStep3, sim.At("HybridHeatPump/buffer_temperature", "HP", 3), 6);
    }

    [Fact]
    public void A_declared_COP_wins_and_an_all_electric_pump_defaults_to_4()
    {
        var declared = Run(Pump(houseSetC: 10, buffer0C: 30), 1, cop: 3.5);
        Assert.Equal(4000 / 3.5, declared.At("HybridHeatPump/electric_power", "HP", 1), 9);

        var electric = Run(Pump(houseSetC: 10, buffer0C: 30), 1, AssetKind.HeatPump);
        Assert.Equal(1000.0, electric.At("HeatPump/electric_power", "HP", 1), 9);
        Assert.Equal(0.0, electric.At("HeatPump/gas_power", "HP", 1));
    }

    [Fact]
    public void Under_DOTS_rules_the_declared_COP_is_ignored()
    {
        // DOTS: the hybrid's COP follows buffer set point − air (step 1: 313.15 − 283.15 = 30 K), the all-electric pump's is 4.0
        var hybrid = Run(Pump(houseSetC: 10, buffer0C: 30), 1, cop: 3.5, rules: ServiceRules.Dots);
        Assert.Equal(4000 / HeatPumpService.HybridCop(30), hybrid.At("HybridHeatPump/electric_power", "HP", 1), 9);
    }

    [Fact]
    public void An_all_electric_pump_heats_its_hot_water_tank_first_at_COP_2_5()
    {
        // tank 100 kJ/K at 45 °C (below 55 − 5: hot-water mode); tap 0.01 L/s of 15 → 55 °C water:
        // 0.01 · 4183 · 40 = 1673.2 W drawn; the pump aims 1 K past the set point: 100,000 · 11 / 900 + 1673.2 = 2895.42 W
        const string pump = """{"buffer_capacitance": 752940, "buffer_temp_set": 40, "buffer_temp_min": 25, "buffer_temp_max": 65, "buffer_temp_0": 40, "house_temp_set": 10, "house_temp_min": 5, "house_temp_0": 20, "dhw_capacitance": 100000, "dhw_temp_set": 55, "dhw_temp_min": 40, "dhw_temp_tap": 15, "dhw_temp_0": 45, "heat_element": 3000, "cop_element": 1.0}""";
        var system = Weather().Building("H", Rc)
            .Device("HeatPump", "HP", [1], [("power", 4000)], pump, profile: [0, 0.01, 0.01, 0.01, 0.01])
            .Build();
        var sim = Sim.Run(system, 3, new WeatherService(), new HeatPumpService(AssetKind.HeatPump, HeatPumpControl.Thermostat, ServiceRules.Quartier));

        double drawn = 0.01 * 4183 * 40;
        double toTank = (100_000.0 * 11 / 900) + drawn;
        Assert.Equal(45.0, sim.At("HeatPump/dhw_temperature", "HP", 1), 9);
        Assert.Equal(toTank / 2.5, sim.At("HeatPump/electric_power", "HP", 1), 9);
        Assert.Equal(0.0, sim.At("HeatPump/heat_power_to_buffer", "HP", 1));

        // one Euler step: 45 + 900 · (toTank − drawn) / 100,000 = 56 °C; then the set point is reached and the pump stops
        Assert.Equal(56.0, sim.At("HeatPump/dhw_temperature", "HP", 2), 9);
        Assert.Equal(0.0, sim.At("HeatPump/electric_power", "HP", 2));
        Assert.Equal(56.0 - (900 * drawn / 100_000), sim.At("HeatPump/dhw_temperature", "HP", 3), 9);
    }

    [Fact]
    public void Kelvin_and_celsius_parameters_read_the_same()
    {
        const string celsius = """{"buffer_capacitance": 752940, "buffer_temp_set": 40, "buffer_temp_min": 25, "buffer_temp_max": 65, "buffer_temp_0": 40, "house_temp_set": 10, "house_temp_min": 5, "house_temp_0": 20}""";
        var a = Run(celsius, 3);
        var b = Run(Pump(houseSetC: 10), 3);
        for (int k = 1; k <= 3; k++)
        {
            Assert.Equal(b.At("HybridHeatPump/" + House, "HP", k), a.At("HybridHeatPump/" + House, "HP", k), 9);
        }
    }

    [Fact]
    public void A_heat_pump_outside_a_building_with_RC_parameters_is_rejected()
    {
        var system = Weather().Building("H").Device("HybridHeatPump", "HP", [1], [("heatPumpThermalPower", 4000)], Pump(20)).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new WeatherService(), new HeatPumpService(AssetKind.HybridHeatPump)));
        Assert.Contains("RC parameters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_heat_pump_kinds_are_accepted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeatPumpService(AssetKind.Battery));
    }
}
