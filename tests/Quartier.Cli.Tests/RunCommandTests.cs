using System.Globalization;
using Quartier.Core.Results;
using Quartier.Storage;

namespace Quartier.Cli.Tests;

/// <summary>End-to-end: the real program on the DOTS examples, bad inputs, and export.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public void Small_test_request_runs_60_hours_and_prints_kpis()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var (code, stdout, stderr) = Cli.Run("run", Cli.Example("dots-small-test/small-test.post.json"), "--db", db, "--ems", "rule");
        Assert.True(code == 0, stderr);
        Assert.Contains("Self-consumption", stdout);
        Assert.Contains("Self-sufficiency", stdout);
        Assert.Contains("Transformer peak loading", stdout);
        Assert.Contains("240 steps of 900 s", stderr);

        using var store = SqliteResultStore.Open(db);
        var run = Assert.Single(store.ListRuns());
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(240, run.StepCount);
        Assert.Equal(new DateTime(2020, 8, 11, 0, 0, 0, DateTimeKind.Utc), run.GridStart);
        var kpis = store.GetKpis(run.Id).Where(k => k.Scope == "system").ToDictionary(k => k.Name, k => k.Value);
        // Under the rule EMS with DOTS's service rules (EV PTU p at step p + 1 without losses, heat pumps at DOTS's COPs
        // from their equilibrium start, capacity not a cap). Checked: PV = the ESDL's irradiance at the 240 step instants from 00:15
        // (DOTS reads the value starting at a step's instant; they sum to 55,797.22 W/m²) × 32 m² × 20 % × 0.25 h;
        // import − export = consumption − PV; the ratios are (PV − export) / PV and 1 − import / consumption.
        Assert.Equal(55_797.222222 * 32 * 0.2 * 0.25 / 1000, kpis["pv_production"], 6);
        Assert.Equal(59.3753576, kpis["energy_imported"], 6);
        Assert.Equal(51.3557076, kpis["energy_exported"], 6);
        Assert.Equal(kpis["consumption"] - kpis["pv_production"], kpis["energy_imported"] - kpis["energy_exported"], 9);
        Assert.Equal(100 * (kpis["pv_production"] - kpis["energy_exported"]) / kpis["pv_production"], kpis["self_consumption"], 9);
        Assert.Equal(42.4750624, kpis["self_consumption"], 6);
        Assert.Equal(38.9740149, kpis["self_sufficiency"], 6);
    }

    [Fact]
    public void A_DOTS_request_runs_DOTSs_EMS_by_default()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var (code, stdout, stderr) = Cli.Run("run", Cli.Example("dots-small-test/small-test.post.json"), "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Contains("note: EMS dots: DOTS's cost-minimising MILP per EConnection and step, 48 steps ahead", stderr, StringComparison.Ordinal);
        Assert.Contains("EMS plans made", stdout, StringComparison.Ordinal);

        using var store = SqliteResultStore.Open(db);
        var run = Assert.Single(store.ListRuns());
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Contains("\"ems\":\"dots\"", run.Parameters, StringComparison.Ordinal);
        var kpis = store.GetKpis(run.Id).Where(k => k.Scope == "system").ToDictionary(k => k.Name, k => k.Value);

        // one plan per step for each of the two EMS connections
        Assert.Equal(480, kpis["ems_plans"]);

        // every car leaves with its target, the houses stay within comfort, the energy balance holds
        Assert.Equal(0.0, kpis["ev_departure_shortfall"], 9);
        Assert.Equal(0.0, kpis["heat_pump_hours_below_comfort"], 9);
        Assert.Equal(kpis["consumption"] - kpis["pv_production"], kpis["energy_imported"] - kpis["energy_exported"], 9);

        // PV is the ESDL's potential (55,797.22 W/m² × 32 m² × 20 % × 0.25 h) less what the plans curtailed
        Assert.Equal(55_797.222222 * 32 * 0.2 * 0.25 / 1000, kpis["pv_production"] + kpis["pv_curtailed"], 6);
    }

    [Fact]
    public void Arch72_simulates_all_60_houses_over_the_profile_span()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var (code, stdout, stderr) = Cli.Run("run", Cli.Reference("dots/arch72-bandwidth/arch72-bandwidth.esdl"), "--db", db);
        Assert.True(code == 0, stderr);
        Assert.Contains("287 steps × 60 connections", stdout);
        using var store = SqliteResultStore.Open(db);
        var run = store.FindRun("latest")!;
        Assert.Equal(60, store.GetSeries(run.Id).Count(s => s.EsdlType == "EConnection" && s.Output == "net_power"));

        // the LV network was solved every step: violation KPIs in the table and the store
        Assert.Contains("Grid: hours a cable over its limit", stdout, StringComparison.Ordinal);
        Assert.Contains("Grid worst cases: lowest voltage", stdout, StringComparison.Ordinal);
        var kpis = store.GetKpis(run.Id);
        Assert.Equal(0, kpis.Single(k => k.Name == "grid_steps_not_converged").Value);
        Assert.InRange(kpis.Single(k => k.Name == "grid_worst_min_voltage").Value, 180, 230);
    }

    [Fact]
    public void A_meshed_lv_network_stops_the_run_with_exit_2_and_the_loop_named_unless_power_flow_is_off()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var meshed = tmp.File("meshed.esdl");
        File.WriteAllText(meshed, File.ReadAllText(Cli.Reference("dots/lv-network/lv-network-test.esdl")).Replace(
            "id=\"4fc5a130-6654-402a-a36e-656187aa8fbf\" name=\"Out\"/>",
            "id=\"4fc5a130-6654-402a-a36e-656187aa8fbf\" name=\"Out\" connectedTo=\"00bb059f-45ac-479a-b7bc-5bbe9f26ed8b\"/>",
            StringComparison.Ordinal));
        var (code, _, stderr) = Cli.Run("run", meshed, "--db", db);
        Assert.Equal(2, code);
        Assert.Contains("LV network:", stderr, StringComparison.Ordinal);
        Assert.Contains("meshed", stderr, StringComparison.Ordinal);
        Assert.Contains("Cable8", stderr, StringComparison.Ordinal);
        Assert.Contains("without power flow", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db) && SqliteResultStore.Open(db).ListRuns().Count > 0);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("dangling")]
    [InlineData("battery")]
    public void Malformed_esdl_exits_2_with_a_located_message_and_leaves_the_database_alone(string kind)
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var ok = Cli.Run("run", Cli.Example("dots-small-test/test.esdl"), "--db", db, "--duration", "2h");
        Assert.Equal(0, ok.Code);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = File.ReadAllBytes(db);

        var text = File.ReadAllText(Cli.Example("dots-small-test/test.esdl"));
        var broken = kind switch
        {
            "truncated" => text[..20_000],
            "dangling" => text.Replace("connectedTo=\"7134c518-3333-4dd5-9e75-318789a36f6f\"", "connectedTo=\"no-such-port\"", StringComparison.Ordinal),
            _ => text.Replace("</area>", "<asset xsi:type=\"esdl:Battery\" id=\"bat-1\" name=\"Battery1\"/></area>", StringComparison.Ordinal),
        };
        var file = tmp.File("broken.esdl");
        File.WriteAllText(file, broken);
        var (code, stdout, stderr) = Cli.Run("run", file, "--db", db);
        Assert.Equal(2, code);
        var message = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("broken.esdl:", message);
        switch (kind)
        {
            case "truncated":
                Assert.Contains("malformed XML", message);
                break;
            case "dangling":
                Assert.Contains("no-such-port", message);
                Assert.Contains("5c19dcff-b004-4644-99b9-f42d15a34f3a", message);
                break;
            default:
                Assert.Contains("capacity", message);
                Assert.Contains("bat-1", message);
                break;
        }

        Assert.Equal(string.Empty, stdout);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(db));
    }

    [Fact]
    public void Bad_options_exit_2()
    {
        using var tmp = new TempDir();
        var (code, _, stderr) = Cli.Run("run", Cli.Example("dots-small-test/test.esdl"), "--db", tmp.File("q.db"), "--duration", "100d");
        Assert.Equal(2, code);
        Assert.Contains("profiles end at 2020-08-14 00:00", stderr);
        Assert.False(File.Exists(tmp.File("q.db")) && new SqliteProbe(tmp.File("q.db")).Runs > 0);
        Assert.Equal(2, Cli.Run("run", "missing.esdl").Code);
        Assert.Equal(2, Cli.Run("run", Cli.Example("dots-small-test/test.esdl"), "--step", "soon").Code);
        Assert.Equal(2, Cli.Run("frobnicate").Code);
    }

    [Fact]
    public void Results_list_show_and_export_csv_that_a_spreadsheet_opens()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        Assert.Equal(0, Cli.Run("run", Cli.Example("dots-small-test/test.esdl"), "--db", db, "--duration", "6h", "--record", "EConnection/net_power,Transformer/loading").Code);
        var list = Cli.Run("results", "list", "--db", db);
        Assert.Equal(0, list.Code);
        Assert.Contains("Succeeded", list.Out);
        var show = Cli.Run("results", "show", "latest", "--db", db);
        Assert.Equal(0, show.Code);
        Assert.Contains("24 × 900 s", show.Out);

        var outDir = tmp.File("csv");
        var export = Cli.Run("results", "export", "--db", db, "--format", "csv", "--out", outDir);
        Assert.True(export.Code == 0, export.Err);
        var series = Directory.GetFiles(outDir, "series.csv", SearchOption.AllDirectories).Single();
        var lines = File.ReadAllLines(series);
        Assert.Equal(25, lines.Length);
        var header = lines[0].Split(',');
        Assert.Equal("time_utc", header[0]);
        Assert.Equal(4, header.Length);
        Assert.Contains("\"EConnection/ConnectionHome1/net_power [W]\"", header);
        var first = lines[1].Split(',');
        Assert.Equal("2020-08-11T00:15:00Z", first[0]);
        foreach (var cell in first.Skip(1))
        {
            Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _), cell);
        }

        var kpis = File.ReadAllLines(Directory.GetFiles(outDir, "kpis.csv", SearchOption.AllDirectories).Single());
        Assert.Equal("scope,name,value,unit", kpis[0]);
        Assert.Contains(kpis, l => l.StartsWith("\"system\",\"self_consumption\",", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_reports_counts()
    {
        var (code, stdout, _) = Cli.Run("validate", Cli.Reference("dots/arch72-bandwidth/arch72-bandwidth.esdl"));
        Assert.Equal(0, code);
        Assert.Contains("EVChargingStation", stdout);
        Assert.Contains("22", stdout);
    }

    private sealed class SqliteProbe(string path)
    {
        public int Runs
        {
            get
            {
                using var store = SqliteResultStore.Open(path);
                return store.ListRuns().Count;
            }
        }
    }
}
