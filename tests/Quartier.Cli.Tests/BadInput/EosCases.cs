using System.Text.Json.Nodes;

namespace Quartier.Cli.Tests.BadInput;

/// <summary>Corpus: <c>quartier eos simulate</c> — its EOS request, its plan (controls) and its options.</summary>
[CorpusSection]
internal static class EosCases
{
    /// <summary>EOS reference request <paramref name="number"/> after <paramref name="change"/>.</summary>
    internal static string Input(Action<JsonObject> change, int number = 1)
    {
        var root = JsonNode.Parse(File.ReadAllText(Cli.Reference($"eos/optimize_input_{number}.json")))!.AsObject();
        change(root);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string Controls(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(Cli.Reference("eos/optimize_result_1.json")))!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    /// <summary>Mutations of a valid request, shared with <c>optimize --eos</c>: name, change, expected fragments.</summary>
    internal static IEnumerable<(string Name, string Json, string[] Expect)> BadInputs()
    {
        yield return ("negative load", Input(r => r["ems"]!["gesamtlast"]![5] = -300), ["ems.gesamtlast[5] is -300", "[0 … 1000000] Wh"]);
        yield return ("load of 1e308 Wh", Input(r => r["ems"]!["gesamtlast"]![0] = 1e308), ["ems.gesamtlast[0]", "outside its range"]);
        yield return ("negative PV", Input(r => r["ems"]!["pv_prognose_wh"]![12] = -1), ["ems.pv_prognose_wh[12] is -1"]);
        yield return ("price of 5 per Wh", Input(r => r["ems"]!["strompreis_euro_pro_wh"]![3] = 5), ["ems.strompreis_euro_pro_wh[3] is 5", "[-0.01 … 0.01] per Wh"]);
        yield return ("feed-in tariff of 1 per Wh", Input(r => r["ems"]!["einspeiseverguetung_euro_pro_wh"]![0] = 1), ["ems.einspeiseverguetung_euro_pro_wh[0] is 1"]);
        yield return ("an empty horizon", Input(r => { var a = r["ems"]!.AsObject(); foreach (var k in new[] { "gesamtlast", "pv_prognose_wh", "strompreis_euro_pro_wh", "einspeiseverguetung_euro_pro_wh" }) { a[k]!.AsArray().Clear(); } }), ["ems.gesamtlast has 0 values", "1 … 8784 hours"]);
        yield return ("a 24 h horizon with a 30 h appliance", Input(r => { var a = r["ems"]!.AsObject(); foreach (var k in new[] { "gesamtlast", "pv_prognose_wh", "strompreis_euro_pro_wh", "einspeiseverguetung_euro_pro_wh" }) { var arr = a[k]!.AsArray(); while (arr.Count > 24) { arr.RemoveAt(arr.Count - 1); } } r["dishwasher"] = new JsonObject { ["device_id"] = "dw", ["consumption_wh"] = 2000, ["duration_h"] = 30 }; }), ["dishwasher.duration_h is 30", "24-hour horizon"]);
        yield return ("series of different lengths", Input(r => r["ems"]!["pv_prognose_wh"]!.AsArray().RemoveAt(0)), ["ems.pv_prognose_wh has 47 values but ems.gesamtlast has 48"]);
        yield return ("load as a string", Input(r => r["ems"]!["gesamtlast"]![3] = "lots"), ["ems.gesamtlast[3] must be a number", "\"lots\""]);
        yield return ("SoC of 120 %", Input(r => r["pv_akku"]!["initial_soc_percentage"] = 120), ["pv_akku.initial_soc_percentage is 120", "0…100"]);
        yield return ("min SoC above max SoC", Input(r => { r["pv_akku"]!["min_soc_percentage"] = 90; r["pv_akku"]!["max_soc_percentage"] = 50; }), ["pv_akku.min_soc_percentage 90 is above max_soc_percentage 50"]);
        yield return ("efficiency of 1.5", Input(r => r["eauto"]!["charging_efficiency"] = 1.5), ["eauto.charging_efficiency is 1.5", "> 0 and ≤ 1"]);
        yield return ("negative capacity", Input(r => r["pv_akku"]!["capacity_wh"] = -5), ["pv_akku.capacity_wh is -5"]);
        yield return ("capacity of 1e15 Wh", Input(r => r["pv_akku"]!["capacity_wh"] = 1e15), ["pv_akku.capacity_wh is 1e15", "[1 … 1e7] Wh"]);
        yield return ("charge power of 1e12 W", Input(r => r["eauto"]!["max_charge_power_w"] = 1e12), ["eauto.max_charge_power_w is 1e12", "W"]);
        yield return ("inverter of -1 Wh", Input(r => r["inverter"]!["max_power_wh"] = -1), ["inverter.max_power_wh is -1"]);
        yield return ("inverter for another battery", Input(r => r["inverter"]!["battery_id"] = "battery9"), ["'battery9'", "'battery1'"]);
        yield return ("100 h appliance in a 48 h horizon", Input(r => r["dishwasher"] = new JsonObject { ["device_id"] = "dw", ["consumption_wh"] = 2000, ["duration_h"] = 100 }), ["dishwasher.duration_h is 100", "48-hour horizon"]);
        yield return ("appliance of 0 Wh", Input(r => r["dishwasher"] = new JsonObject { ["device_id"] = "dw", ["consumption_wh"] = 0, ["duration_h"] = 2 }), ["dishwasher.consumption_wh is 0"]);
        yield return ("appliance window starting at hour 25", Input(r => r["dishwasher"] = new JsonObject { ["device_id"] = "dw", ["consumption_wh"] = 2000, ["duration_h"] = 2, ["time_windows"] = new JsonObject { ["windows"] = new JsonArray(new JsonObject { ["start_time"] = 25, ["duration"] = 3600 }) } }), ["start_time", "< 24"]);
        yield return ("temperature forecast of 500 degC", Input(r => r["temperature_forecast"]![7] = 500), ["temperature_forecast[7] is 500", "[-90 … 70] degC"]);
        yield return ("no ems", Input(r => r.Remove("ems")), ["has no 'ems'"]);
        yield return ("ems is an array", Input(r => r["ems"] = new JsonArray(1, 2)), ["ems must be a JSON object"]);
    }

    public static IEnumerable<BadInputCase> Cases()
    {
        const string cmd = "eos simulate";
        string[] Sim(string input = "{dir}/in.json", string controls = "{ref}/eos/optimize_result_1.json", string hour = "10") => ["eos", "simulate", "--input", input, "--controls", controls, "--start-hour", hour];
        foreach (var (name, json, expect) in BadInputs())
        {
            yield return BadInputCase.Of(cmd, "input: " + name, Sim(), ["in.json", .. expect], ("in.json", json));
        }

        yield return BadInputCase.Of(cmd, "input: top level is an array", Sim(), ["in.json", "must be a JSON object"], ("in.json", "[1, 2, 3]"));
        yield return BadInputCase.Of(cmd, "input: truncated", Sim(), ["in.json:", "malformed JSON"], ("in.json", Input(_ => { })[..500]));
        yield return BadInputCase.Of(cmd, "input: nested too deeply", Sim(), ["in.json:1", "exceeds the limit of 64 levels"], ("in.json", "{\"ems\": " + new string('[', 2000) + new string(']', 2000) + "}"));
        yield return BadInputCase.Of(cmd, "input: invalid UTF-8", Sim(), ["in.json:1", "invalid UTF-8"], ("in.json", [(byte)'{', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)':', (byte)'1', (byte)'}']));
        yield return BadInputCase.Of(cmd, "input: missing file", Sim(input: "{dir}/none.json"), ["none.json", "not found"]);
        yield return BadInputCase.Of(cmd, "start hour 48", Sim(input: "{ref}/eos/optimize_input_1.json", hour: "48"), ["start hour 48 is outside 0…47"]);
        yield return BadInputCase.Of(cmd, "start hour -1", Sim(input: "{ref}/eos/optimize_input_1.json", hour: "-1"), ["start hour -1"]);
        yield return BadInputCase.Of(cmd, "start hour is a word", Sim(input: "{ref}/eos/optimize_input_1.json", hour: "noon"), ["noon"]);
        yield return BadInputCase.Of(cmd, "date is not a date", [.. Sim(input: "{ref}/eos/optimize_input_1.json"), "--date", "2024-13-01"], ["--date '2024-13-01'"]);

        string[] WithControls() => Sim(input: "{ref}/eos/optimize_input_1.json", controls: "{dir}/c.json");
        BadInputCase Ctl(string name, string json, params string[] expect) => BadInputCase.Of(cmd, "controls: " + name, WithControls(), ["c.json", .. expect], ("c.json", json));
        yield return Ctl("ac_charge of 2", Controls(c => c["ac_charge"]![4] = 2), "ac_charge[4] is 2", "0…1");
        yield return Ctl("discharge_allowed of 0.5", Controls(c => c["discharge_allowed"]![4] = 0.5), "discharge_allowed[4] is 0.5", "0 and 1");
        yield return Ctl("ac_charge too short", Controls(c => c["ac_charge"]!.AsArray().RemoveAt(0)), "ac_charge has 47 values but the input has 48 hours");
        yield return BadInputCase.Of(cmd, "controls: washingstart at hour 60", Sim(input: "{ref}/eos/optimize_input_2.json", controls: "{dir}/c.json"), ["c.json", "washingstart 60 is outside the horizon"], ("c.json", Controls(c => c["washingstart"] = 60)));
        yield return Ctl("negative washingstart", Controls(c => c["washingstart"] = -3), "washingstart is -3");
        yield return Ctl("EV factor of -0.5", Controls(c => c["eautocharge_hours_float"] = new JsonArray([.. Enumerable.Range(0, 48).Select(h => (JsonNode?)(h == 2 ? -0.5 : 0.0))])), "eautocharge_hours_float[2] is -0.5");
        yield return Ctl("no ac_charge", Controls(c => c.Remove("ac_charge")), "has no 'ac_charge'");
        yield return Ctl("not JSON", "ac_charge = [1, 2]", "malformed JSON");
    }
}
