using Quartier.Core.Model;
using Quartier.Forecasting.Weather;
using Quartier.Simulation.Engine;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Tests.TestSupport;

namespace Quartier.Simulation.Tests.Runs;

/// <summary>A year of Amsterdam's EPW drives a neighbourhood (PV on three roof orientations, heat pumps) end to end.</summary>
public sealed class WeatherYearTests
{
    [Fact]
    public void The_Amsterdam_EPW_drives_a_year_of_a_neighbourhood_with_PV_and_heat_pumps()
    {
        var weather = WeatherReader.Read(ReferenceData.Resolve("weather/NLD_Amsterdam062400_IWEC.epw"));
        var system = Scenarios.SyntheticNeighbourhood.Create(households: 6, days: 366, seed: 5, start: new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var options = new RunOptions { Weather = weather, Start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc), DurationSeconds = 365L * 86_400 };
        var runner = SimulationRunner.Prepare(system, options);
        var monthly = new MonthlySums("PVInstallation/potential_active_power", "HeatPump/electric_power", "EnvironmentalProfiles/air_temperature");
        runner.Simulation.Run([monthly]);
        Assert.Equal(35_040, runner.Grid.Count);

        // PV: 35° roofs facing SE, S, SW; Amsterdam's TMY gives roughly 850–1,100 kWh per kWp and year
        double kwp = system.OfKind(AssetKind.PVInstallation).Sum(a => a.RequiredDouble("surfaceArea") * a.RequiredDouble("panelEfficiency"));
        double pvKwh = monthly.Sum("PVInstallation/potential_active_power").Sum() * 0.25 / 1000;
        double specific = pvKwh / kwp;
        Assert.InRange(specific, 850, 1100);

        // summer makes most of it, and the heat pumps draw far more in January than in July
        var pv = monthly.Sum("PVInstallation/potential_active_power");
        var hp = monthly.Sum("HeatPump/electric_power");
        Assert.True(pv[5] > 4 * pv[11], $"June {pv[5]} vs December {pv[11]}");
        Assert.True(hp[0] > 3 * hp[6], $"January {hp[0]} vs July {hp[6]}");

        // Amsterdam: January around 3 °C, July around 17 °C (monthly means of the weather service)
        var air = monthly.Mean("EnvironmentalProfiles/air_temperature");
        Assert.InRange(air[0], 0, 6);
        Assert.InRange(air[6], 14, 20);
    }

    /// <summary>Monthly sums (and means) of every asset's value of some signals, without keeping the steps.</summary>
    private sealed class MonthlySums(params string[] signals) : IStepObserver
    {
        private readonly Dictionary<string, (double[] Sum, int[] Count)> _data = signals.ToDictionary(s => s, _ => (new double[12], new int[12]));
        private CoSimulation _sim = null!;

        public double[] Sum(string signal) => _data[signal].Sum;

        public double[] Mean(string signal)
        {
            var (sum, count) = _data[signal];
            return [.. sum.Select((v, m) => v / count[m])];
        }

        public void Attach(CoSimulation simulation) => _sim = simulation;

        public void AfterStep(int step)
        {
            int month = _sim.Grid.InstantAt(step).AddSeconds(-1).Month - 1;
            foreach (var (name, (sum, count)) in _data)
            {
                var s = _sim.RequireSignal(name);
                for (int i = 0; i < s.Assets.Count; i++)
                {
                    sum[month] += _sim.Values[s.Base + i];
                    count[month]++;
                }
            }
        }

        public void Complete()
        {
        }
    }
}
