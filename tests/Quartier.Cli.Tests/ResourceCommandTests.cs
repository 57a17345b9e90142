using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Quartier.Cli.Tests.Server;

namespace Quartier.Cli.Tests;

/// <summary>
/// "May this instruction run, and what happens then?" end to end: <c>quartier resource query</c> as a process and
/// <c>POST /api/resources/query</c> on the real server, on the examples in <c>examples/resources/</c>, against hand
/// calculations (battery 10 kWh at 50 %, 2 kW in at η 0.9, 3 kW out at η 0.8, steps of 15 min); and a whole
/// <c>quartier run</c> with an EOS configuration, an instruction schedule, a frequency series and an outage.
/// </summary>
public sealed class ResourceCommandTests
{
    private static string Example(string name) => Cli.Example(Path.Combine("resources", name));

    [Fact]
    public void A_blocking_timer_refuses_the_instruction_and_the_battery_charges_on()
    {
        // history: FORCED_CHARGE at 10:00 starts MIN_DWELL (1 h); FORCED_DISCHARGE at 10:30 is refused until 11:00, so
        // the battery keeps charging at 2000 W: +2000 · 0.25 h · 0.9 = 450 Wh = 4.5 % per step
        var (code, stdout, stderr) = Cli.Run("resource", "query", Example("battery-query.json"), "--json");
        Assert.True(code == 0, stderr);
        var answer = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("REJECTED", answer.GetProperty("status").GetString());
        Assert.Equal("FILL_RATE_BASED_CONTROL", answer.GetProperty("control_type").GetString());
        Assert.Contains("blocked by timer 'MIN_DWELL' until 2025-06-01T11:00:00Z", answer.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var steps = answer.GetProperty("prediction").EnumerateArray().ToList();
        Assert.Equal(8, steps.Count);
        Assert.All(steps, s => Assert.Equal("FORCED_CHARGE", s.GetProperty("mode").GetString()));
        Assert.All(steps, s => Assert.Equal(2000.0, s.GetProperty("power_w").GetDouble(), 9));
        Assert.Equal(0.545, steps[0].GetProperty("fill_level").GetDouble(), 12);
        Assert.Equal(0.5 + (8 * 0.045), steps[7].GetProperty("fill_level").GetDouble(), 12);

        var table = Cli.Run("resource", "query", Example("battery-query.json"));
        Assert.True(table.Code == 0, table.Err);
        Assert.StartsWith("REJECTED: FORCED_DISCHARGE at factor 0.5 from 2025-06-01 10:30 UTC for 'home_battery'", table.Out, StringComparison.Ordinal);
        Assert.Contains("2025-06-01 10:30  FORCED_CHARGE", table.Out, StringComparison.Ordinal);
        Assert.Contains("0.5450", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_accepted_instruction_predicts_power_and_fill_level()
    {
        // the same battery asked at 11:00, when MIN_DWELL has run out: accepted; 0.5 · 3000 W = 1500 W out,
        // −1500 · 0.25 h / 0.8 = −468.75 Wh = −4.6875 % per step, with a 1 kW site load irrelevant to a forced mode
        using var tmp = new TempDir();
        var query = tmp.File("q.json");
        File.WriteAllText(query, File.ReadAllText(Example("battery-query.json")).Replace("10:30:00Z", "11:00:00Z", StringComparison.Ordinal));
        var (code, stdout, stderr) = Cli.Run("resource", "query", query, "--json");
        Assert.True(code == 0, stderr);
        var answer = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("ACCEPTED", answer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("reason").ValueKind);
        var steps = answer.GetProperty("prediction").EnumerateArray().ToList();
        Assert.Equal(-1500.0, steps[0].GetProperty("power_w").GetDouble(), 9);
        Assert.Equal(0.453125, steps[0].GetProperty("fill_level").GetDouble(), 12);
        Assert.Equal(0.5 - (8 * 0.046875), steps[7].GetProperty("fill_level").GetDouble(), 12);
    }

    [Fact]
    public void The_server_answers_the_same_and_refuses_bad_queries_as_problems()
    {
        using var tmp = new TempDir();
        using var server = ServerProcess.Start("sqlite:" + tmp.File("q.db"));

        // OMBC: ON at 0.5 is accepted; the 1350 s transition leaves 00:15–00:30 half on (1000 W), then 2000 W
        var (status, body, _) = server.Post("/api/resources/query", File.ReadAllBytes(Example("heat-pump-query.json")));
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal("ACCEPTED", body.GetProperty("status").GetString());
        Assert.Equal("OPERATION_MODE_BASED_CONTROL", body.GetProperty("control_type").GetString());
        var power = body.GetProperty("prediction").EnumerateArray().Select(s => s.GetProperty("power_w").GetDouble()).ToArray();
        Assert.Equal(new[] { 0.0, 1000, 2000, 2000, 2000, 2000 }, power);
        Assert.True(body.GetProperty("prediction")[0].GetProperty("in_transition").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("prediction")[0].GetProperty("fill_level").ValueKind);

        // the battery's refusal, as the CLI gives it
        (status, body, _) = server.Post("/api/resources/query", File.ReadAllBytes(Example("battery-query.json")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("REJECTED", body.GetProperty("status").GetString());
        Assert.Contains("MIN_DWELL", body.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // bad input: a 422 problem naming the member
        var bad = File.ReadAllText(Example("battery-query.json")).Replace("FORCED_DISCHARGE", "TURBO", StringComparison.Ordinal);
        (status, body, var type) = server.Post("/api/resources/query", Encoding.UTF8.GetBytes(bad));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains("'TURBO' is not an operation mode of 'home_battery'", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("instruction.mode", body.GetProperty("field").GetString());

        // every query the CLI refuses, the server refuses as a 422 problem with the same words
        int posted = 0;
        foreach (var c in BadInput.CorpusRunner.All().Where(c => c.Command == "resource query" && c.Files.Count == 1))
        {
            (status, body, type) = server.Post("/api/resources/query", c.Files.Single().Value);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{c}: {(int)status} {body}");
            Assert.Equal("application/problem+json", type);
            var detail = body.GetProperty("detail").GetString()!;
            Assert.All(c.Expect, e => Assert.Contains(e.Replace("q.json", "request body", StringComparison.Ordinal), detail, StringComparison.Ordinal));
            posted++;
        }

        Assert.Equal(12, posted);

        // the endpoint is in the OpenAPI document
        Assert.True(server.GetJson("/openapi/v1.json").GetProperty("paths").TryGetProperty("/api/resources/query", out _));
    }

    [Fact]
    public void EOS_s_own_configuration_puts_its_battery_into_a_run_and_names_what_it_leaves_out()
    {
        // eos_config_andreas_now.json: battery pv_akku of 30,000 Wh (EOS defaults: 5000 W, η 0.88, initial SoC 0 %) and one EV
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var run = Cli.Run("run", Cli.Example(Path.Combine("dots-small-test", "test.esdl")), "--db", db, "--duration", "6h", "--eos-config", Cli.Reference("eos/eos_config_andreas_now.json"), "--eos-home", "ConnectionHome2", "--record", "Battery/*");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("1 battery(ies) and 0 home appliance(s) added to home 'ConnectionHome2'", run.Err, StringComparison.Ordinal);
        Assert.Contains("1 electric vehicle(s) and 0 inverter(s) not added", run.Err, StringComparison.Ordinal);
        var export = Cli.Run("results", "export", "latest", "--db", db, "--format", "csv", "--out", tmp.File("out"));
        Assert.True(export.Code == 0, export.Err);
        var lines = File.ReadAllLines(Directory.GetFiles(tmp.File("out"), "series.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        var first = lines[1].Split(',');
        Assert.Equal(0.0, double.Parse(first[header.IndexOf("Battery/pv_akku/state_of_charge [Wh]")], CultureInfo.InvariantCulture));
        Assert.Equal(5000.0, double.Parse(first[header.IndexOf("Battery/pv_akku/max_charge_power [W]")], CultureInfo.InvariantCulture));
        Assert.Equal(1.0, double.Parse(first[header.IndexOf("Battery/pv_akku/operation_mode [code]")], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_run_with_eos_devices_a_schedule_a_frequency_series_and_an_outage_records_what_they_did()
    {
        using var tmp = new TempDir();
        var db = tmp.File("q.db");
        var run = Cli.Run(
            "run", Cli.Example(Path.Combine("dots-small-test", "test.esdl")), "--db", db, "--duration", "36h",
            "--eos-config", Example("eos-devices.json"), "--instructions", Example("instructions.csv"),
            "--grid-frequency", Example("frequency.csv"), "--outages", Example("outages.csv"),
            "--record", "Battery/*", "GenericConsumer/*", "EConnection/net_power");
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("1 battery(ies) and 1 home appliance(s) added to home 'ConnectionHome1'", run.Err, StringComparison.Ordinal);
        var export = Cli.Run("results", "export", "latest", "--db", db, "--format", "csv", "--out", tmp.File("out"));
        Assert.True(export.Code == 0, export.Err);
        var lines = File.ReadAllLines(Directory.GetFiles(tmp.File("out"), "series.csv", SearchOption.AllDirectories).Single());
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        double At(string time, string column) =>
            double.Parse(lines.Single(l => l.StartsWith(time, StringComparison.Ordinal)).Split(',')[header.FindIndex(h => h.StartsWith(column, StringComparison.Ordinal))], CultureInfo.InvariantCulture);

        // FORCED_CHARGE at 0.5 from 02:00: 0.5 · 3000 W, executed over 02:00–02:15
        Assert.Equal(10.0, At("2020-08-11T02:00:00Z", "Battery/home_battery/operation_mode "));
        Assert.Equal(1500.0, At("2020-08-11T02:15:00Z", "Battery/home_battery/power "), 9);

        // FREQUENCY_REGULATION from 20:00: droop 3000 W / 0.2 Hz = 15,000 W/Hz; 49.90 Hz → −0.09 · 15,000 = −1350 W,
        // 50.08 Hz from 20:30 → +0.07 · 15,000 = +1050 W
        Assert.Equal(-1350.0, At("2020-08-11T20:15:00Z", "Battery/home_battery/power "), 6);
        Assert.Equal(1050.0, At("2020-08-11T20:45:00Z", "Battery/home_battery/power "), 6);

        // OUTAGE_SUPPLY from midnight, outage 01:00–03:00: the home exchanges nothing with the grid
        Assert.Equal(9.0, At("2020-08-12T01:00:00Z", "Battery/home_battery/operation_mode "));
        Assert.Equal(0.0, At("2020-08-12T01:15:00Z", "EConnection/ConnectionHome1/net_power "), 9);
        Assert.Equal(0.0, At("2020-08-12T02:45:00Z", "EConnection/ConnectionHome1/net_power "), 9);

        // the dishwasher (1200 Wh over 2 h, window from 10:00) runs 10:00–12:00 at 600 W
        Assert.Equal(600.0, At("2020-08-11T10:00:00Z", "GenericConsumer/dishwasher/active_power "), 9);
        Assert.Equal(600.0, At("2020-08-11T11:45:00Z", "GenericConsumer/dishwasher/active_power "), 9);
        Assert.Equal(0.0, At("2020-08-11T12:00:00Z", "GenericConsumer/dishwasher/active_power "), 9);
    }
}
