using System.Globalization;

namespace Quartier.Cli.Tests;

/// <summary><c>quartier sweep</c>: the axes' product as stored runs and one KPI row each, the same one by one or two at a time.</summary>
public sealed class SweepCommandTests
{
    [Fact]
    public void A_sweep_runs_every_combination_and_its_table_follows_the_overrides()
    {
        using var tmp = new TempDir();
        var sweep = tmp.File("pv.json");
        File.WriteAllText(sweep, File.ReadAllText(Cli.Example("sweeps/small-test-pv.json"))
            .Replace("../../../shared/reference/dots/small-test/test.esdl", Cli.Reference("dots/small-test/test.esdl").Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal));

        var listed = Cli.Run("sweep", sweep, "--list");
        Assert.Equal(0, listed.Code);
        Assert.Contains("6  small-test PV [pv_surface_m2=40 rules=quartier]", listed.Out, StringComparison.Ordinal);

        var one = Run(tmp, sweep, "one", 1);
        var two = Run(tmp, sweep, "two", 2);
        Assert.Equal(6, one.Count);

        // PV production is the surface times what one square metre gives: 10, 20, 40 m² → × 1, 2, 4 (the ESDL has 32 m²)
        var perSquareMetre = one[0]["pv_production [kWh]"] / 10;
        foreach (var row in one)
        {
            Assert.Equal(perSquareMetre * row["pv_surface_m2"], row["pv_production [kWh]"], 9);
        }

        // the rules differ only where DOTS's and Quartier's rules do (the EV's losses)
        Assert.NotEqual(one[0]["energy_imported [kWh]"], one[1]["energy_imported [kWh]"]);

        // two at a time, each single-threaded: the same figures
        for (int i = 0; i < one.Count; i++)
        {
            foreach (var (key, value) in one[i].Where(kv => kv.Key != "wall_seconds"))
            {
                Assert.Equal(value, two[i][key]);
            }
        }

        // every run is stored under its axis values
        var runs = Cli.Run("results", "list", "--db", tmp.File("one.db"));
        Assert.Equal(6, runs.Out.Split('\n').Count(l => l.Contains("small-test", StringComparison.Ordinal)));
    }

    /// <summary>The YAML example is the JSON example written in YAML: the same six runs with the same overrides.</summary>
    [Fact]
    public void A_YAML_sweep_expands_as_its_JSON_twin()
    {
        using var tmp = new TempDir();
        var esdl = Cli.Reference("dots/small-test/test.esdl").Replace("\\", "/", StringComparison.Ordinal);
        var lists = new List<string>();
        foreach (var file in new[] { "small-test-pv.json", "small-test-pv.yaml" })
        {
            var copy = tmp.File(file);
            File.WriteAllText(copy, File.ReadAllText(Cli.Example("sweeps/" + file)).Replace("../../../shared/reference/dots/small-test/test.esdl", esdl, StringComparison.Ordinal));
            var (code, output, error) = Cli.Run("sweep", copy, "--list");
            Assert.True(code == 0, error);
            lists.Add(output.Replace("small-test PV (YAML)", "small-test PV", StringComparison.Ordinal));
        }

        Assert.Contains("pv_surface_m2=20 rules=dots", lists[1], StringComparison.Ordinal);
        Assert.Equal(lists[0], lists[1]);
    }

    /// <summary>
    /// A sweep over a PySSMic folder: algorithm × seed, two runs each; every row's key figures are those of the run set
    /// <c>quartier cossmic run</c> computes with the same options, and one or two at a time give the same table.
    /// </summary>
    [Fact]
    public void A_CoSSMic_sweep_runs_a_run_set_per_combination()
    {
        using var tmp = new TempDir();
        var folder = Cli.Reference("pyssmic/small_test");
        var sweep = tmp.File("algorithms.json");
        File.WriteAllText(sweep, "{\"name\": \"algorithms\", \"base\": \"" + folder.Replace("\\", "/", StringComparison.Ordinal) + "\", \"settings\": {\"runs\": 2}, "
            + "\"axes\": [{\"name\": \"algorithm\", \"values\": [\"naive\", \"exact\"]}, {\"name\": \"seed\", \"values\": [1, 2]}]}");
        var listed = Cli.Run("sweep", sweep, "--list");
        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains("4  algorithms [algorithm=exact seed=2]", listed.Out, StringComparison.Ordinal);

        var one = Run(tmp, sweep, "one", 1, 4);
        var two = Run(tmp, sweep, "two", 2, 4);
        var scenario = Quartier.Cossmic.Import.CossmicImport.ReadFolder(folder);
        int row = 0;
        foreach (var algorithm in new[] { "naive", "exact" })
        {
            foreach (var seed in new[] { 1, 2 })
            {
                var set = Quartier.Cossmic.Runs.CossmicSimulator.Run(scenario, new Quartier.Cossmic.Runs.CossmicRunOptions { Algorithm = algorithm, Runs = 2, Seed = seed });
                Assert.Equal(set.Statistics.PvShare.Mean, one[row]["pv_share [ratio]"]);
                Assert.Equal(set.Statistics.GridWh.Mean / 1000, one[row]["job_grid_energy [kWh]"], 9);
                Assert.Equal(seed, one[row]["seed"]);
                Assert.Equal(one[row]["pv_share [ratio]"], two[row]["pv_share [ratio]"]);
                row++;
            }
        }

        // the seed draws the runs' production: 198.14 and 198.73 kWh
        Assert.NotEqual(one[0]["pv_production [kWh]"], one[1]["pv_production [kWh]"]);
        var runs = Cli.Run("results", "list", "--db", tmp.File("one.db"));
        Assert.Equal(4, runs.Out.Split('\n').Count(l => l.Contains("Succeeded", StringComparison.Ordinal)));
    }

    private static List<Dictionary<string, double>> Run(TempDir tmp, string sweep, string name, int parallel, int count = 6)
    {
        var (code, _, error) = Cli.Run("sweep", sweep, "--db", tmp.File(name + ".db"), "--out", tmp.File(name + ".csv"), "--parallel", parallel.ToString(CultureInfo.InvariantCulture));
        Assert.True(code == 0, error);
        Assert.Contains($"{count} of {count} run(s) succeeded", error, StringComparison.Ordinal);
        var lines = File.ReadAllLines(tmp.File(name + ".csv"));
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => l.Split(','))
            .Select(cells => header.Select((h, i) => (h, cell: cells[i])).Where(x => double.TryParse(x.cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                .ToDictionary(x => x.h, x => double.Parse(x.cell, NumberStyles.Float, CultureInfo.InvariantCulture)))];
    }
}
