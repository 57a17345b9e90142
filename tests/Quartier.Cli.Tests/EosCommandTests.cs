using System.Text.Json;

namespace Quartier.Cli.Tests;

/// <summary>End-to-end: <c>quartier eos simulate</c> replays EOS's stored plans and rejects bad input with exit code 2.</summary>
public sealed class EosCommandTests
{
    [Fact]
    public void Json_output_reproduces_the_stored_eos_result_1()
    {
        var expectedFile = Cli.Reference("eos/optimize_result_1.json");
        var (code, stdout, stderr) = Cli.Run("eos", "simulate", "--input", Cli.Reference("eos/optimize_input_1.json"), "--controls", expectedFile, "--start-hour", "10", "--json");
        Assert.True(code == 0, stderr);
        using var got = JsonDocument.Parse(stdout);
        using var want = JsonDocument.Parse(File.ReadAllText(expectedFile));
        var g = got.RootElement.GetProperty("result");
        var w = want.RootElement.GetProperty("result");
        foreach (var total in new[] { "Gesamtbilanz_Euro", "Gesamtkosten_Euro", "Gesamteinnahmen_Euro", "Gesamt_Verluste" })
        {
            double e = w.GetProperty(total).GetDouble();
            double a = g.GetProperty(total).GetDouble();
            Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Abs(e), $"{total}: {a:R}, EOS {e:R}");
        }

        Assert.Equal(1.053854835771092, g.GetProperty("Gesamtbilanz_Euro").GetDouble());
        Assert.Equal(38, g.GetProperty("Last_Wh_pro_Stunde").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, got.RootElement.GetProperty("washingstart").ValueKind);
    }

    [Fact]
    public void English_names_and_the_table_view()
    {
        var input = Cli.Reference("eos/optimize_input_2.json");
        var controls = Cli.Reference("eos/optimize_result_2.json");
        var english = Cli.Run("eos", "simulate", "--input", input, "--controls", controls, "--start-hour", "10", "--json", "--names", "english");
        Assert.True(english.Code == 0, english.Err);
        using var doc = JsonDocument.Parse(english.Out);
        Assert.Equal(12.78299149726557, doc.RootElement.GetProperty("result").GetProperty("total_balance").GetDouble(), 12);
        Assert.Equal(14, doc.RootElement.GetProperty("washingstart").GetInt32());
        Assert.True(doc.RootElement.TryGetProperty("ev_charge_hours_float", out _));

        var table = Cli.Run("eos", "simulate", "--input", input, "--controls", controls, "--start-hour", "10");
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains("Balance (costs − revenue)", table.Out);
        Assert.Contains("12.7830", table.Out);
        Assert.Contains("Final EV SoC", table.Out);
        Assert.Contains("98.52", table.Out);
    }

    [Fact]
    public void Malformed_input_exits_2_and_names_the_file()
    {
        using var tmp = new TempDir();
        var broken = tmp.File("broken_input.json");
        File.WriteAllText(broken, File.ReadAllText(Cli.Reference("eos/optimize_input_1.json"))[..400]);
        var (code, stdout, stderr) = Cli.Run("eos", "simulate", "--input", broken, "--controls", Cli.Reference("eos/optimize_result_1.json"), "--start-hour", "10", "--json");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        var message = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("broken_input.json:", message);
        Assert.Contains("malformed JSON", message);
    }

    [Fact]
    public void Bad_start_hour_and_missing_files_exit_2()
    {
        var input = Cli.Reference("eos/optimize_input_1.json");
        var controls = Cli.Reference("eos/optimize_result_1.json");
        var late = Cli.Run("eos", "simulate", "--input", input, "--controls", controls, "--start-hour", "48");
        Assert.Equal(2, late.Code);
        Assert.Contains("start hour 48 is outside 0…47", late.Err);

        var missing = Cli.Run("eos", "simulate", "--input", "no-such-input.json", "--controls", controls, "--start-hour", "10");
        Assert.Equal(2, missing.Code);
        Assert.Contains("no-such-input.json", missing.Err);

        Assert.Equal(2, Cli.Run("eos", "simulate", "--input", input, "--controls", controls).Code);
        Assert.Equal(2, Cli.Run("eos", "simulate", "--input", input, "--controls", controls, "--start-hour", "10", "--names", "klingon").Code);
    }
}
