using System.Text.Json;

namespace Quartier.Cli.Tests;

/// <summary>End-to-end: <c>quartier optimize --eos</c> answers an EOS request with EOS's response shape, which replays to the same totals.</summary>
public sealed class OptimizeCommandTests
{
    private static readonly string[] Totals = ["Gesamtbilanz_Euro", "Gesamtkosten_Euro", "Gesamteinnahmen_Euro", "Gesamt_Verluste"];

    [Fact]
    public void Json_response_replays_to_the_printed_totals()
    {
        var input = Cli.Reference("eos/optimize_input_2.json");
        var (code, stdout, stderr) = Cli.Run("optimize", "--eos", input, "--start-hour", "10", "--json");
        Assert.True(code == 0, stderr);
        using var got = JsonDocument.Parse(stdout);
        var root = got.RootElement;
        foreach (var key in new[] { "ac_charge", "dc_charge", "discharge_allowed", "eautocharge_hours_float", "result", "eauto_obj", "washingstart" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
        }

        Assert.Equal(48, root.GetProperty("ac_charge").GetArrayLength());
        Assert.Equal(38, root.GetProperty("result").GetProperty("Last_Wh_pro_Stunde").GetArrayLength());
        int washing = root.GetProperty("washingstart").GetInt32();
        Assert.InRange(washing, 10, 23);

        // At least as good as EOS's best stored answer to this request (7.8246; the battery is worth nothing at the end here).
        double balance = root.GetProperty("result").GetProperty("Gesamtbilanz_Euro").GetDouble();
        Assert.True(balance <= 7.824605715847156, $"balance {balance}");
        Assert.True(root.GetProperty("eauto_obj").GetProperty("soc_wh").GetDouble() >= 48000.0);

        // Feeding the response back as the plan reproduces the printed totals exactly.
        using var tmp = new TempDir();
        var plan = tmp.File("plan.json");
        File.WriteAllText(plan, stdout);
        var replay = Cli.Run("eos", "simulate", "--input", input, "--controls", plan, "--start-hour", "10", "--json");
        Assert.True(replay.Code == 0, replay.Err);
        using var again = JsonDocument.Parse(replay.Out);
        foreach (var total in Totals)
        {
            Assert.Equal(root.GetProperty("result").GetProperty(total).GetDouble(), again.RootElement.GetProperty("result").GetProperty(total).GetDouble());
        }

        Assert.Equal(washing, again.RootElement.GetProperty("washingstart").GetInt32());
    }

    [Fact]
    public void English_names_and_the_table_view()
    {
        var input = Cli.Reference("eos/optimize_input_1.json");
        var english = Cli.Run("optimize", "--eos", input, "--start-hour", "10", "--json", "--names", "english");
        Assert.True(english.Code == 0, english.Err);
        using var doc = JsonDocument.Parse(english.Out);
        var result = doc.RootElement.GetProperty("result");
        Assert.True(result.TryGetProperty("total_balance", out _));
        Assert.True(result.TryGetProperty("battery_soc_per_hour", out _));

        // No EV target in this request (min SoC below the initial SoC): EOS answers without an EV plan.
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("ev_charge_hours_float").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("washingstart").ValueKind);

        var table = Cli.Run("optimize", "--eos", input, "--start-hour", "10");
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains("Objective (balance − battery value)", table.Out);
        Assert.Contains("-2.2077", table.Out);
        Assert.Contains("discharge", table.Out);
        Assert.Contains("Solve time", table.Out);
    }

    [Fact]
    public void Bad_requests_exit_2_with_a_message()
    {
        var input = Cli.Reference("eos/optimize_input_2.json");
        var late = Cli.Run("optimize", "--eos", input, "--start-hour", "48", "--json");
        Assert.Equal(2, late.Code);
        Assert.Equal(string.Empty, late.Out);
        Assert.Contains("start hour 48 is outside 0…47", late.Err);

        var rates = Cli.Run("optimize", "--eos", input, "--start-hour", "10", "--ev-charge-rates", "0,0.5,2");
        Assert.Equal(2, rates.Code);
        Assert.Contains("'2' is not a factor within 0…1", rates.Err);

        var missing = Cli.Run("optimize", "--eos", "no-such-request.json", "--start-hour", "10");
        Assert.Equal(2, missing.Code);
        Assert.Contains("no-such-request.json", missing.Err);

        Assert.Equal(2, Cli.Run("optimize", "--start-hour", "10").Code);
    }

    [Fact]
    public void Unreachable_ev_target_warns_on_stderr()
    {
        var input = Cli.Reference("eos/optimize_input_2.json");
        var (code, stdout, stderr) = Cli.Run("optimize", "--eos", input, "--start-hour", "46", "--json");
        Assert.True(code == 0, stderr);
        Assert.Contains("warning: the EV cannot reach its target of 80.00 %", stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(23976.0, doc.RootElement.GetProperty("eauto_obj").GetProperty("soc_wh").GetDouble(), 6);
    }
}
