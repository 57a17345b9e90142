using System.Text.Json;

namespace Quartier.Cli.Tests;

/// <summary>End-to-end: <c>quartier grid check</c> on DOTS's LV test network and Arch72, and its input errors (exit 2).</summary>
public sealed class GridCommandTests
{
    private static string TestEsdl => Cli.Reference("dots/lv-network/lv-network-test.esdl");

    [Fact]
    public void Text_output_lists_cables_buses_and_the_snapshot()
    {
        var (code, stdout, stderr) = Cli.Run("grid", "check", TestEsdl);
        Assert.True(code == 0, stderr);
        Assert.Contains("12 buses, 11 cables (607.9 m), 3 connections", stdout, StringComparison.Ordinal);
        Assert.Contains("code 10000_400_V_250_kVA_Smit, 250 kVA", stdout, StringComparison.Ordinal);
        Assert.Contains("CableHome1", stdout, StringComparison.Ordinal);
        Assert.Contains("ConnectionHome2", stdout, StringComparison.Ordinal);
        Assert.Contains("Loads 9.000 kW", stdout, StringComparison.Ordinal);
        Assert.Contains("converged in", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_names_elements_as_dots_and_balances_power()
    {
        var (code, stdout, stderr) = Cli.Run("grid", "check", TestEsdl, "--json", "--load-per-phase", "1000");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("converged").GetBoolean());

        var t = root.GetProperty("transformer");
        Assert.Equal("transformer1", t.GetProperty("name").GetString());
        Assert.Equal(250, t.GetProperty("limit_kva").GetDouble());

        var cables = root.GetProperty("cables");
        Assert.Equal(11, cables.GetArrayLength());
        var cable4 = cables.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "cable4");
        Assert.Equal(236.5, cable4.GetProperty("length_m").GetDouble());
        Assert.Equal(184, cable4.GetProperty("limit_a").GetDouble());
        Assert.Equal("4x95Al_4x6Cu_35CuAs_V_VMvKhsas", cable4.GetProperty("code").GetString());

        var home2 = root.GetProperty("buses").EnumerateArray().Single(b => b.GetProperty("name").GetString() == "connectionhome2");
        Assert.True(home2.GetProperty("nodes").TryGetProperty("connectionhome2.1", out var v1));
        Assert.InRange(v1.GetDouble(), 220, 235);

        // Acceptance: loads + losses = transformer power within 0.1 kW (9 connections' phases × 1 kW).
        var s = root.GetProperty("summary");
        Assert.Equal(9.0, s.GetProperty("load_kw").GetDouble(), 9);
        double balance = s.GetProperty("load_kw").GetDouble() + s.GetProperty("cable_losses_kw").GetDouble() + s.GetProperty("transformer_losses_kw").GetDouble();
        Assert.Equal(t.GetProperty("p_kw").GetDouble(), balance, 0.1);
    }

    [Fact]
    public void Arch72_snapshot_solves()
    {
        var (code, stdout, stderr) = Cli.Run("grid", "check", Cli.Reference("dots/arch72-bandwidth/arch72-bandwidth.esdl"), "--json", "--load-per-phase", "500");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(187, doc.RootElement.GetProperty("cables").GetArrayLength());
        Assert.Equal(90.0, doc.RootElement.GetProperty("summary").GetProperty("load_kw").GetDouble(), 9); // 60 × 3 × 0.5 kW
    }

    [Fact]
    public void Meshed_network_and_unknown_codes_exit_2()
    {
        using var dir = new TempDir();
        var meshed = dir.File("meshed.esdl");
        File.WriteAllText(meshed, File.ReadAllText(TestEsdl).Replace(
            "id=\"4fc5a130-6654-402a-a36e-656187aa8fbf\" name=\"Out\"/>",
            "id=\"4fc5a130-6654-402a-a36e-656187aa8fbf\" name=\"Out\" connectedTo=\"00bb059f-45ac-479a-b7bc-5bbe9f26ed8b\"/>",
            StringComparison.Ordinal));
        var (code, _, stderr) = Cli.Run("grid", "check", meshed);
        Assert.Equal(2, code);
        Assert.Contains("meshed", stderr, StringComparison.Ordinal);
        Assert.Contains("Cable8", stderr, StringComparison.Ordinal);

        var codes = dir.File("LineCode.dss");
        File.WriteAllText(codes, "New LineCode.only nphases=4 Rmatrix=[1|0 1|0 0 1|0 0 0 1] Xmatrix=[1|0 1|0 0 1|0 0 0 1] Normamps=10 Units=km\n");
        var (code2, _, stderr2) = Cli.Run("grid", "check", TestEsdl, "--line-codes", codes);
        Assert.Equal(2, code2);
        Assert.Contains("is not in the line-code library (1 codes); nearest: only", stderr2, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_transformers_are_checked_as_two_feeders()
    {
        // the test network twice in one area: the copy's ids and names get a suffix, so it is a second feeder
        using var dir = new TempDir();
        var text = File.ReadAllText(TestEsdl);
        int open = text.IndexOf('>', text.IndexOf("<area ", StringComparison.Ordinal)) + 1;
        int close = text.IndexOf("</area>", StringComparison.Ordinal);
        var copy = System.Text.RegularExpressions.Regex.Replace(text[open..close], "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", m => m.Value + "-b");
        copy = System.Text.RegularExpressions.Regex.Replace(copy, "name=\"([^\"]+)\"", m => $"name=\"{m.Groups[1].Value}B\"");
        var two = dir.File("two.esdl");
        File.WriteAllText(two, text[..close] + copy + text[close..]);

        var (code, stdout, stderr) = Cli.Run("grid", "check", two, "--json", "--load-per-phase", "1000");
        Assert.True(code == 0, stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var feeders = doc.RootElement.GetProperty("feeders");
        Assert.Equal(2, feeders.GetArrayLength());
        var a = feeders[0];
        var b = feeders[1];
        Assert.Equal("transformer1", a.GetProperty("transformer").GetProperty("name").GetString());
        Assert.Equal("transformer1b", b.GetProperty("transformer").GetProperty("name").GetString());

        // identical feeders, identical figures, and the same as the network checked on its own (source from the import)
        var (_, alone, _) = Cli.Run("grid", "check", TestEsdl, "--json", "--load-per-phase", "1000");
        using var single = System.Text.Json.JsonDocument.Parse(alone);
        double p = single.RootElement.GetProperty("transformer").GetProperty("p_kw").GetDouble();
        Assert.Equal(p, a.GetProperty("transformer").GetProperty("p_kw").GetDouble(), 9);
        Assert.Equal(p, b.GetProperty("transformer").GetProperty("p_kw").GetDouble(), 9);
        Assert.Equal(9.0, a.GetProperty("summary").GetProperty("load_kw").GetDouble(), 9);
        Assert.Equal(a.GetProperty("cables").GetArrayLength(), b.GetProperty("cables").GetArrayLength());

        var (code2, text2, stderr2) = Cli.Run("grid", "check", two);
        Assert.True(code2 == 0, stderr2);
        Assert.Contains("Transformer Transformer1B:", text2, StringComparison.Ordinal);
    }
}
