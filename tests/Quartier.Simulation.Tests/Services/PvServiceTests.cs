using Quartier.Core.Errors;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

public sealed class PvServiceTests
{
    private const string Power = "PVInstallation/potential_active_power";

    private static EsdlBuilder Sunny() => new EsdlBuilder().Weather([0, 500, 1000, 250, 0], [283.15, 283.15, 283.15, 283.15, 283.15]);

    [Fact]
    public void Potential_power_is_efficiency_times_area_times_irradiance()
    {
        var system = Sunny().Building("H").Pv("PV", [1], surfaceArea: 32, panelEfficiency: 0.2).Build();
        var sim = Sim.Run(system, 4, new WeatherService(), new PvService());

        // 0.2 · 32 m² = 6.4 m²: 500 W/m² → 3200 W
        Assert.Equal(3200.0, sim.At(Power, "PV", 1), 9);
        Assert.Equal([3200.0, 6400, 1600, 0], sim.Series(Power, "PV").Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void A_PV_with_only_a_peak_power_scales_it_by_irradiance_over_1000()
    {
        var system = Sunny().Building("H").Pv("PV", [1, 2, 3], surfaceArea: null, panelEfficiency: null, power: 4000).Build();
        var sim = Sim.Run(system, 3, new WeatherService(), new PvService());
        Assert.Equal([2000.0, 4000, 1000], sim.Series(Power, "PV").Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void A_peak_power_next_to_area_and_efficiency_caps_the_output()
    {
        var system = Sunny().Building("H").Pv("PV", [1], surfaceArea: 32, panelEfficiency: 0.2, power: 5000).Build();
        var sim = Sim.Run(system, 2, new WeatherService(), new PvService());
        Assert.Equal(3200.0, sim.At(Power, "PV", 1), 9);
        Assert.Equal(5000.0, sim.At(Power, "PV", 2));
    }

    [Fact]
    public void The_small_test_PV_is_6_4_times_the_irradiance()
    {
        var sim = Sim.Run(ReferenceData.SmallTest, 60, new WeatherService(), new PvService());
        var irradiance = sim.Series("EnvironmentalProfiles/solar_irradiance", "weather");
        var pv = sim.Series(Power, "pv_Home12_1");
        Assert.Contains(irradiance, i => i > 100);
        for (int k = 0; k < pv.Length; k++)
        {
            Assert.Equal(6.4 * irradiance[k], pv[k], 9);
        }
    }

    [Fact]
    public void A_PV_without_size_is_rejected()
    {
        // the reader insists on surfaceArea/panelEfficiency when power is absent; power 0 passes it but not the service
        var system = Sunny().Building("H").Pv("tiny", [1], surfaceArea: null, panelEfficiency: null, power: 0).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new WeatherService(), new PvService()));
        Assert.Contains("tiny", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PV_without_weather_is_rejected_naming_it()
    {
        var system = new EsdlBuilder().Building("H").Pv("PV", [1]).Build();
        var ex = Assert.Throws<InputException>(() => Sim.Run(system, 1, new PvService()));
        Assert.Equal("PV", ex.ElementId);
    }
}
