using System.Text.Json;
using System.Text.Json.Nodes;
using Quartier.Resources.Eos;

namespace Quartier.Resources.Tests.Eos;

/// <summary>Replaying EOS's stored genetic controls reproduces EOS's stored simulation results.</summary>
public sealed class EosReplayTests
{
    private const int StartHour = 10;

    private static readonly (string German, Func<EosSimulationResult, double[]> Series)[] SeriesMap =
    [
        ("Last_Wh_pro_Stunde", r => r.LoadWhPerHour),
        ("EAuto_SoC_pro_Stunde", r => r.EvSocPerHour),
        ("Einnahmen_Euro_pro_Stunde", r => r.RevenuePerHour),
        ("Home_appliance_wh_per_hour", r => r.HomeApplianceWhPerHour),
        ("Kosten_Euro_pro_Stunde", r => r.CostsPerHour),
        ("Netzbezug_Wh_pro_Stunde", r => r.GridConsumptionWhPerHour),
        ("Netzeinspeisung_Wh_pro_Stunde", r => r.GridFeedInWhPerHour),
        ("Verluste_Pro_Stunde", r => r.LossesWhPerHour),
        ("akku_soc_pro_stunde", r => r.BatterySocPerHour),
        ("Electricity_price", r => r.ElectricityPrice),
    ];

    public static TheoryData<string, string> Pairs => new()
    {
        { "1", "1" },
        { "1", "1_be" },
        { "2", "2" },
        { "2", "2_be" },
        { "2", "2_full" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Stored_controls_reproduce_every_series_and_total(string input, string result)
    {
        var (simulated, expected) = Replay(input, result);
        foreach (var (name, series) in SeriesMap)
        {
            var want = expected.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var got = series(simulated);
            Assert.True(want.Length == got.Length, $"{name}: {got.Length} values, EOS has {want.Length}");
            for (int i = 0; i < want.Length; i++)
            {
                AssertClose(want[i], got[i], $"{name}[{i}] (hour {StartHour + i})");
            }
        }

        AssertClose(expected.GetProperty("Gesamtbilanz_Euro").GetDouble(), simulated.TotalBalance, "Gesamtbilanz_Euro");
        AssertClose(expected.GetProperty("Gesamtkosten_Euro").GetDouble(), simulated.TotalCosts, "Gesamtkosten_Euro");
        AssertClose(expected.GetProperty("Gesamteinnahmen_Euro").GetDouble(), simulated.TotalRevenue, "Gesamteinnahmen_Euro");
        AssertClose(expected.GetProperty("Gesamt_Verluste").GetDouble(), simulated.TotalLosses, "Gesamt_Verluste");
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Replay_is_bit_identical_to_eos_including_the_final_ev_state(string input, string result)
    {
        var (simulated, expected) = Replay(input, result);
        foreach (var (name, series) in SeriesMap)
        {
            Assert.Equal(expected.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray(), series(simulated));
        }

        Assert.Equal(expected.GetProperty("Gesamtbilanz_Euro").GetDouble(), simulated.TotalBalance);
        Assert.Equal(expected.GetProperty("Gesamt_Verluste").GetDouble(), simulated.TotalLosses);

        using var doc = JsonDocument.Parse(File.ReadAllText(ReferenceData.Path($"eos/optimize_result_{result}.json")));
        var ev = doc.RootElement.GetProperty("eauto_obj");
        Assert.Equal(ev.GetProperty("soc_wh").GetDouble(), simulated.FinalEvSocWh);
        Assert.Equal(ev.GetProperty("charge_array").EnumerateArray().Select(e => e.GetDouble()).ToArray(), simulated.EvEffectiveChargeArray);
        var washing = doc.RootElement.GetProperty("washingstart");
        Assert.Equal(washing.ValueKind == JsonValueKind.Null ? null : washing.GetInt32(), simulated.WashingStart);
    }

    [Fact]
    public void Result_1_matches_the_figures_quoted_in_the_reference_readme()
    {
        var (simulated, _) = Replay("1", "1");
        Assert.Equal(1.053854835771092, simulated.TotalBalance);
        Assert.Equal(2878.660271824896, simulated.TotalLosses);
        Assert.Equal(38, simulated.LoadWhPerHour.Length);
        Assert.Equal(80.0, simulated.BatterySocPerHour[0]);
        Assert.Equal(54.0, simulated.FinalEvSocPercentage!.Value, 12);
    }

    [Fact]
    public void German_and_english_field_names_give_identical_results()
    {
        var inputText = File.ReadAllText(ReferenceData.Path("eos/optimize_input_2.json"));
        var controlsText = File.ReadAllText(ReferenceData.Path("eos/optimize_result_2.json"));
        var german = EosSimulation.Run(EosOptimizeInput.Parse(inputText, "de"), EosControls.Parse(controlsText, "de"), StartHour);

        var input = JsonNode.Parse(inputText)!.AsObject();
        var ems = input["ems"]!.AsObject();
        Rename(ems, "gesamtlast", "total_load");
        Rename(ems, "pv_prognose_wh", "pv_forecast_wh");
        Rename(ems, "strompreis_euro_pro_wh", "electricity_price_per_wh");
        Rename(ems, "einspeiseverguetung_euro_pro_wh", "feed_in_tariff_per_wh");
        Rename(ems, "preis_euro_pro_wh_akku", "price_per_wh_battery");
        Rename(input, "pv_akku", "pv_battery");
        Rename(input, "eauto", "ev");
        var controls = JsonNode.Parse(controlsText)!.AsObject();
        Rename(controls, "eautocharge_hours_float", "ev_charge_hours_float");
        Assert.DoesNotContain("gesamtlast", input.ToJsonString(), StringComparison.Ordinal);

        var english = EosSimulation.Run(EosOptimizeInput.Parse(input.ToJsonString(), "en"), EosControls.Parse(controls.ToJsonString(), "en"), StartHour);
        foreach (var (name, series) in SeriesMap)
        {
            Assert.True(series(german).SequenceEqual(series(english)), name);
        }

        Assert.Equal(german.TotalBalance, english.TotalBalance);
        Assert.Equal(german.TotalLosses, english.TotalLosses);
        Assert.Equal(german.FinalEvSocWh, english.FinalEvSocWh);
    }

    [Theory]
    [InlineData(EosNames.German, "Gesamtbilanz_Euro", "Last_Wh_pro_Stunde", "eautocharge_hours_float")]
    [InlineData(EosNames.English, "total_balance", "load_wh_per_hour", "ev_charge_hours_float")]
    public void Json_output_round_trips_every_double(EosNames names, string balance, string load, string ev)
    {
        var (simulated, _) = Replay("2", "2_be");
        var json = EosResultJson.ToJson(simulated, names);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var result = root.GetProperty("result");
        Assert.Equal(simulated.TotalBalance, result.GetProperty(balance).GetDouble());
        Assert.Equal(simulated.LoadWhPerHour, result.GetProperty(load).EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal(48, root.GetProperty(ev).GetArrayLength());
        Assert.Equal(19, root.GetProperty("washingstart").GetInt32());
        Assert.Equal(0, root.GetProperty("discharge_allowed")[9].GetInt32());
        Assert.Equal(14, result.EnumerateObject().Count());
        Assert.Equal(1.0, root.GetProperty("dc_charge")[10].GetDouble());
    }

    internal static (EosSimulationResult Simulated, JsonElement Expected) Replay(string input, string result)
    {
        var parsedInput = EosOptimizeInput.Load(ReferenceData.Path($"eos/optimize_input_{input}.json"));
        var path = ReferenceData.Path($"eos/optimize_result_{result}.json");
        var controls = EosControls.Load(path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return (EosSimulation.Run(parsedInput, controls, StartHour), doc.RootElement.GetProperty("result").Clone());
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Abs(expected), $"{what}: {actual:R}, EOS {expected:R}");
    }

    private static void Rename(JsonObject obj, string from, string to)
    {
        var value = obj[from];
        obj.Remove(from);
        obj[to] = value;
    }
}
