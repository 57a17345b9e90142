using Quartier.Core.Model;
using Quartier.Core.Results;
using Quartier.Esdl;
using Quartier.Simulation.Runs;
using Quartier.Simulation.Services;
using Quartier.Simulation.Tests.TestSupport;
using Quartier.Tests.Shared;

namespace Quartier.Simulation.Tests.Runs;

/// <summary>
/// Issue 15's 600-house system: ten copies of Arch72 as sub-areas (<see cref="EsdlCopies"/>), each its own feeder, run
/// with the LV power flow beside the single Arch72. The copies share weather and market and nothing else, so every
/// house, cable and feeder figure is the single run's to the bit, and the system's sums are ten times its sums.
/// (Its wall time is a benchmark: bench/Quartier.Bench.Grid/run.sh.)
/// </summary>
public sealed class Arch72TenCopiesTests
{
    private const int Copies = 10;

    [Fact]
    public void Ten_copies_keep_their_references_and_the_last_character_of_every_name()
    {
        var (single, copies) = Systems.Value;
        var area = single.Assets.Where(a => !a.IsGlobal).ToList();

        Assert.Equal(600, copies.OfKind(AssetKind.EConnection).Count());
        Assert.Equal(Copies, copies.OfKind(AssetKind.Transformer).Count());
        Assert.Equal(Copies * area.Count, copies.Assets.Count(a => !a.IsGlobal));
        Assert.Equal(Copies * area.Count, copies.Assets.Where(a => !a.IsGlobal).Select(a => a.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Copies * single.PortsById.Count, copies.PortsById.Count);
        for (int copy = 1; copy <= Copies; copy++)
        {
            foreach (var asset in area)
            {
                var twin = copies.AssetsById[EsdlCopies.NewId(copy, asset.Id)];
                Assert.Equal(asset.Type, twin.Type);
                Assert.Equal(EsdlCopies.Rename(asset.Name, copy), twin.Name);
                Assert.Equal(asset.Name[^1], twin.Name[^1]);
                Assert.Equal(asset.Attributes.Where(a => a.Key is not ("id" or "name")), twin.Attributes.Where(a => a.Key is not ("id" or "name")));
                Assert.Equal(
                    asset.Ports.Select(p => (p.Name, p.ConnectedTo.Select(q => EsdlCopies.NewId(copy, q.Id)).ToList())),
                    twin.Ports.Select(p => (p.Name, p.ConnectedTo.Select(q => q.Id).ToList())));
            }
        }
    }

    [Fact]
    public void Ten_feeders_solve_every_step_and_every_house_and_cable_matches_the_single_arch72()
    {
        var (single, copies) = Systems.Value;
        var one = SimulationRunner.Prepare(single, new RunOptions());
        var oneResult = one.Execute(new MemorySink());
        var ten = SimulationRunner.Prepare(copies, new RunOptions());
        var tenResult = ten.Execute(new MemorySink());

        Assert.Equal(287, tenResult.Steps);
        Assert.Equal(600, tenResult.Connections);
        var feeders = ten.Simulation.Services.OfType<LvNetworkService>().ToList();
        Assert.Equal(Copies, feeders.Count);
        Assert.Equal(
            Enumerable.Range(1, Copies).Select(c => EsdlCopies.Rename("Transformer1", c)),
            feeders.Select(f => f.Network.Transformer!.Name));
        Assert.All(feeders, f =>
        {
            Assert.Equal((188, 187, 60), (f.Network.Buses.Count, f.Network.Branches.Count, f.Network.Loads.Count));
            Assert.Equal(-1, f.FirstStepNotConverged);
        });

        double One(string name) => oneResult.Kpis.Single(k => k.Name == name && k.Scope == "system").Value;
        double Ten(string name) => tenResult.Kpis.Single(k => k.Name == name && k.Scope == "system").Value;
        Assert.Equal(0, Ten("grid_steps_not_converged"));

        // per house, cable and feeder: the single run's figure for the original element, to the bit
        var byScope = tenResult.Kpis.Where(k => k.Scope != "system").ToDictionary(k => (k.Name, k.Scope));
        var local = oneResult.Kpis.Where(k => k.Scope != "system" && !k.Name.EndsWith("_at", StringComparison.Ordinal)).ToList();
        Assert.Equal(60 * 8 + 60 * 2 + 187, local.Count);
        for (int copy = 1; copy <= Copies; copy++)
        {
            foreach (var k in local)
            {
                Assert.Equal(k.Value, byScope[(k.Name, EsdlCopies.Rename(k.Scope, copy))].Value);
            }
        }

        // the system: hours and extremes as one feeder's (every feeder has them at the same steps), sums ten times
        foreach (var name in new[]
        {
            "grid_transformer_hours_over_limit", "grid_cable_hours_over_limit", "grid_voltage_hours_out_of_band", "grid_worst_min_voltage",
            "grid_worst_max_voltage", "grid_worst_cable_loading", "grid_max_voltage_unbalance", "transformer_peak_loading",
            "self_consumption", "self_sufficiency",
        })
        {
            Assert.True(Math.Abs(One(name) - Ten(name)) <= 1e-12 * Math.Abs(One(name)), $"{name}: {One(name)} vs {Ten(name)}");
        }

        foreach (var name in new[]
        {
            "energy_imported", "energy_exported", "consumption", "pv_production", "peak_import", "energy_cost", "grid_losses",
            "pv_curtailed", "ev_departure_shortfall", "heat_pump_hours_below_comfort",
        })
        {
            Assert.Equal(Copies * One(name), Ten(name), 1e-12 * Math.Abs(Copies * One(name)));
        }

        Assert.True(One("grid_cable_hours_over_limit") > 0 && One("grid_transformer_hours_over_limit") > 0);
        Assert.Equal(EsdlCopies.Rename(Scope(oneResult, "grid_worst_cable_loading_at"), 1), Scope(tenResult, "grid_worst_cable_loading_at"));
    }

    private static readonly Lazy<(EnergySystem Single, EnergySystem Copies)> Systems = new(() =>
    {
        var file = Path.Combine(Path.GetTempPath(), $"quartier-arch72x{Copies}-{Guid.NewGuid():N}.esdl");
        try
        {
            EsdlCopies.Write(ReferenceData.Arch72Path, file, Copies);
            return (ReferenceData.Arch72, EsdlReader.ReadFile(file));
        }
        finally
        {
            File.Delete(file);
        }
    });

    private static string Scope(RunResult result, string name) => result.Kpis.Single(k => k.Name == name).Scope;
}
