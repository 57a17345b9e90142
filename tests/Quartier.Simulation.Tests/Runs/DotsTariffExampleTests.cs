using Quartier.Core.Input;
using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Esdl;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;

namespace Quartier.Simulation.Tests.Runs;

/// <summary>
/// DOTS's tariff examples (dots-examples "Variable tariff example" and "Variable peak tariff example": Arch72, 60 homes,
/// 30 with an EMS, 22 EVs, 3 hybrid heat pumps), 60 h from 2020-08-11 as DOTS runs them: the rule EMS is blind to the
/// tariff; DOTS's EMS (and Quartier's MPC) move the EVs' charging out of the expensive hours where departures allow, and
/// every car still leaves with its target. Solved with GLPK (DOTS's solver; its plans run on both cores) to keep the test short.
/// </summary>
public sealed class DotsTariffExampleTests
{
    private static EnergySystem Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "examples", "dots-tariffs", name + ".esdl.gz");
            if (File.Exists(path))
            {
                return EsdlReader.ReadBytes(InputFiles.GunzipWhole(File.ReadAllBytes(path), path), path);
            }
        }

        throw new FileNotFoundException($"examples/dots-tariffs/{name}.esdl.gz not found above {AppContext.BaseDirectory}");
    }

    private static Dictionary<string, double> Run(EnergySystem system, EmsStrategy strategy, out IReadOnlyList<Kpi> kpis)
    {
        var options = new RunOptions
        {
            DurationSeconds = 216_000,
            PowerFlow = false,
            Ems = new EmsOptions { Strategy = strategy, Solver = "glpk" },
        };
        var runner = SimulationRunner.Prepare(system, options);
        kpis = runner.Execute(new NullSink()).Kpis;
        return kpis.Where(k => k.Name == "ev_energy_at_tariff").ToDictionary(k => k.Scope, k => k.Value);
    }

    private static double Share(Dictionary<string, double> bands, string band) => bands[band] / bands.Values.Sum();

    private static double System(IReadOnlyList<Kpi> kpis, string name) => kpis.Single(k => k.Name == name && k.Scope == "system").Value;

    [Fact]
    public void Under_a_variable_tariff_DOTSs_EMS_charges_the_EVs_in_the_cheap_hours()
    {
        var system = Example("variable-tariff");
        var rule = Run(system, EmsStrategy.Rule, out var ruleKpis);
        var dots = Run(system, EmsStrategy.Dots, out var dotsKpis);
        const string cheap = "tariff 0.05 EUR/kWh", dear = "tariff 0.1 EUR/kWh";

        // the rule EMS charges on arrival, whatever the tariff: over a third of the EV energy in the 0.10 hours
        Assert.True(Share(rule, dear) > 0.3, $"rule: {Share(rule, dear):P1} in the dear hours");

        // DOTS's EMS: less than a tenth there, most of it in the night hours at 0.05
        Assert.True(Share(dots, dear) < 0.1, $"dots: {Share(dots, dear):P1} in the dear hours");
        Assert.True(Share(dots, cheap) > 0.7, $"dots: {Share(dots, cheap):P1} in the cheap hours");
        Assert.Equal(0.0, System(dotsKpis, "ev_departure_shortfall"), 6);
        Assert.Equal(0.0, System(ruleKpis, "ev_departure_shortfall"), 6);

        // about the same EV energy either way (±1 %): the shift is in time, not in amount
        Assert.Equal(1.0, dots.Values.Sum() / rule.Values.Sum(), 1);
    }

    [Fact]
    public void Under_a_variable_peak_tariff_DOTSs_EMS_lowers_the_peak_charges()
    {
        var system = Example("variable-peak-tariff");
        var rule = Run(system, EmsStrategy.Rule, out var ruleKpis);
        var dots = Run(system, EmsStrategy.Dots, out var dotsKpis);
        const string dear = "tariff 4.29 EUR/kW";
        Assert.True(Share(dots, dear) < Share(rule, dear) * 0.7, $"dots {Share(dots, dear):P1} vs rule {Share(rule, dear):P1} of the EV energy in the dearest band");
        Assert.True(System(dotsKpis, "grid_tariff_cost") < System(ruleKpis, "grid_tariff_cost") * 0.85, "the peak charges fall by at least 15 %");
        Assert.Equal(0.0, System(dotsKpis, "ev_departure_shortfall"), 6);
    }

    private sealed class NullSink : IResultSink
    {
        public void DeclareSeries(IReadOnlyList<SeriesInfo> series)
        {
        }

        public void WriteBlock(int seriesId, int firstStep, ReadOnlySpan<double> values)
        {
        }
    }
}
