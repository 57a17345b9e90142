using Quartier.Core.Model;
using Quartier.Core.Time;
using Quartier.Core.Units;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Services;

public sealed class WeatherServiceTests
{
    private const string Air = "EnvironmentalProfiles/air_temperature";
    private const string Soil = "EnvironmentalProfiles/soil_temperature";
    private const string Irradiance = "EnvironmentalProfiles/solar_irradiance";

    [Fact]
    public void Kelvin_profile_values_become_celsius_and_step_k_takes_the_element_from_start_plus_k_steps()
    {
        var system = new EsdlBuilder()
            .Weather(irradiance: [10, 20, 30, 40], airKelvin: [297.35, 290.15, 273.15, 263.65], soilKelvin: [285.15, 284.15, 283.15, 282.15])
            .Build();

        // a grid starting one step before the profiles: step 1 (start + 900 s) is the profile's first element
        var grid = new TimeGrid(EsdlBuilder.DefaultStart.AddSeconds(-900), 900, 4);
        var sim = Sim.Run(system, grid, new WeatherService());

        Assert.Equal(24.2, sim.At(Air, "weather", 1), 12);
        Assert.Equal([24.2, 17.0, 0.0, -9.5], sim.Series(Air, "weather").Select(v => Math.Round(v, 10)));
        Assert.Equal([12.0, 11.0, 10.0, 9.0], sim.Series(Soil, "weather").Select(v => Math.Round(v, 10)));
        Assert.Equal([10.0, 20, 30, 40], sim.Series(Irradiance, "weather"));
    }

    [Fact]
    public void On_a_grid_starting_with_the_profiles_step_1_is_the_second_element()
    {
        var system = new EsdlBuilder().Weather([10, 20, 30, 40], [297.35, 290.15, 273.15, 263.65]).Build();
        var sim = Sim.Run(system, 3, new WeatherService());
        Assert.Equal([20.0, 30, 40], sim.Series(Irradiance, "weather"));
        Assert.Equal(17.0, sim.At(Air, "weather", 1), 10);
    }

    [Fact]
    public void Missing_soil_temperature_falls_back_to_the_air_temperature()
    {
        var system = new EsdlBuilder().Weather([0, 0, 0], [280.15, 281.15, 282.15]).Build();
        var sim = Sim.Run(system, 2, new WeatherService());
        Assert.Equal(sim.Series(Air, "weather"), sim.Series(Soil, "weather"));
        Assert.Equal(8.0, sim.At(Soil, "weather", 1), 10);
    }

    [Fact]
    public void The_small_test_weather_starts_at_297_35_K_and_steps_from_00_15()
    {
        var system = ReferenceData.SmallTest;
        var weather = Assert.Single(system.OfKind(AssetKind.EnvironmentalProfiles));
        var air = (DateTimeProfile)weather.Profiles["outsideTemperatureProfile"];
        Assert.Equal(297.35, air.Values[0]);

        var sim = Sim.Run(system, 2, new WeatherService());
        Assert.Equal(air.Values[1] - 273.15, sim.At(Air, "weather", 1), 12);
        Assert.Equal(24.025, sim.At(Air, "weather", 1), 10);
        Assert.Equal(air.Values[2] - 273.15, sim.At(Air, "weather", 2), 12);
    }

    [Fact]
    public void Celsius_values_are_left_alone_by_the_kelvin_heuristic_and_a_declared_unit_decides()
    {
        var profile = new DateTimeProfile("p", null, null, 0, []);
        double[] celsius = [12.5, 13.0];
        WeatherService.ToCelsius(celsius, profile);
        Assert.Equal([12.5, 13.0], celsius);

        double[] kelvin = [283.15, 284.15];
        WeatherService.ToCelsius(kelvin, profile);
        Assert.Equal([10.0, 11.0], kelvin.Select(v => Math.Round(v, 10)));

        var declaredCelsius = new DateTimeProfile("p", null, new QuantityAndUnit(null, "TEMPERATURE", "DEGREES_CELSIUS"), 0, []);
        double[] warm = [300.0];
        WeatherService.ToCelsius(warm, declaredCelsius);
        Assert.Equal([300.0], warm);
    }
}
