using System.Text.Json.Nodes;
using Quartier.Core.Errors;
using Quartier.Resources.Eos;

namespace Quartier.Resources.Tests.Eos;

/// <summary>Bad EOS inputs and controls give one clear <see cref="InputException"/> naming the file and the field.</summary>
public sealed class EosInputErrorTests
{
    [Fact]
    public void Missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-eos-input.json");
        var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Load(path));
        Assert.Equal(path, ex.File);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => EosControls.Load(path));
    }

    [Fact]
    public void Malformed_json_gives_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"eos-broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\n  \"ems\": {\n    \"gesamtlast\": [1, 2,, 3]\n  }\n}\n");
        try
        {
            var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Load(path));
            Assert.Equal(path, ex.File);
            Assert.Equal(3, ex.Line);
            Assert.StartsWith($"{path}:3: malformed JSON at line 3", ex.Located, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Series_of_different_lengths_are_named_with_both_lengths()
    {
        var input = Reference("optimize_input_1.json");
        input["ems"]!["pv_prognose_wh"]!.AsArray().RemoveAt(0);
        var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Equal("in.json", ex.File);
        Assert.Contains("ems.pv_prognose_wh has 47 values but ems.gesamtlast has 48", ex.Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["ems"]!["einspeiseverguetung_euro_pro_wh"]!.AsArray().Add(0.0);
        ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains("einspeiseverguetung_euro_pro_wh has 49 values", ex.Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["temperature_forecast"]!.AsArray().RemoveAt(0);
        ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains("temperature_forecast has 47 values", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pv_akku", "capacity_wh", -5.0, "capacity_wh is -5")]
    [InlineData("pv_akku", "capacity_wh", 0.0, "must be > 0")]
    [InlineData("pv_akku", "initial_soc_percentage", 120.0, "initial_soc_percentage is 120; a SoC percentage must be within 0…100")]
    [InlineData("pv_akku", "min_soc_percentage", -1.0, "min_soc_percentage is -1")]
    [InlineData("eauto", "max_soc_percentage", 101.0, "eauto.max_soc_percentage is 101")]
    [InlineData("eauto", "charging_efficiency", 1.5, "charging_efficiency is 1.5")]
    [InlineData("inverter", "max_power_wh", -1.0, "max_power_wh is -1")]
    [InlineData("inverter", "dc_to_ac_efficiency", 0.0, "dc_to_ac_efficiency is 0")]
    public void Device_values_out_of_range(string device, string field, double value, string message)
    {
        var input = Reference("optimize_input_1.json");
        input[device]![field] = value;
        var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal("in.json", ex.File);
    }

    [Fact]
    public void Series_values_are_checked_against_their_ranges_and_the_horizon()
    {
        var input = Reference("optimize_input_1.json");
        input["ems"]!["gesamtlast"]![5] = -300.0;
        var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Equal("ems.gesamtlast[5]", ex.Field);
        Assert.Contains("ems.gesamtlast[5] is -300, outside its range [0 … 1000000] Wh", ex.Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["ems"]!["strompreis_euro_pro_wh"]![0] = 3.0;
        Assert.Contains("[-0.01 … 0.01] per Wh", Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json")).Message, StringComparison.Ordinal);

        input = Reference("optimize_input_2.json");
        input["dishwasher"]!["duration_h"] = 100;
        ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Equal("dishwasher1", ex.ElementId);
        Assert.Contains("dishwasher.duration_h is 100; it must be a whole number of hours within the 48-hour horizon", ex.Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["pv_akku"]!["capacity_wh"] = 1e15;
        Assert.Contains("pv_akku.capacity_wh is 1e15, outside its range [1 … 1e7] Wh", Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void German_and_english_names_together_must_agree()
    {
        var input = Reference("optimize_input_1.json");
        var ems = input["ems"]!.AsObject();
        ems["total_load"] = ems["gesamtlast"]!.DeepClone();
        Assert.Equal(48, EosOptimizeInput.Parse(input.ToJsonString(), "in.json").Hours);

        ems["total_load"]!.AsArray()[5] = 1.0;
        var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains("both ems.gesamtlast and ems.total_load are given and differ", ex.Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["pv_battery"] = input["pv_akku"]!.DeepClone();
        input["pv_battery"]!["capacity_wh"] = 1000;
        ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains("pv_akku and pv_battery", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_blocks_and_mismatched_battery_id()
    {
        var input = Reference("optimize_input_1.json");
        input.Remove("ems");
        Assert.Contains("has no 'ems'", Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json")).Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["ems"]!.AsObject().Remove("strompreis_euro_pro_wh");
        Assert.Contains("ems has no 'strompreis_euro_pro_wh' or 'electricity_price_per_wh'", Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json")).Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["inverter"]!["battery_id"] = "battery9";
        var ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains("'battery9'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'battery1'", ex.Message, StringComparison.Ordinal);

        input = Reference("optimize_input_1.json");
        input["ems"]!["gesamtlast"]!.AsArray()[3] = "lots";
        ex = Assert.Throws<InputException>(() => EosOptimizeInput.Parse(input.ToJsonString(), "in.json"));
        Assert.Contains("ems.gesamtlast[3] must be a number, found the string \"lots\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_hour_outside_the_horizon()
    {
        var input = EosOptimizeInput.Load(ReferenceData.Path("eos/optimize_input_1.json"));
        var controls = EosControls.Load(ReferenceData.Path("eos/optimize_result_1.json"));
        var ex = Assert.Throws<InputException>(() => EosSimulation.Run(input, controls, 48));
        Assert.Contains("start hour 48 is outside 0…47", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => EosSimulation.Run(input, controls, -1));
    }

    [Fact]
    public void Controls_shorter_than_the_horizon_or_out_of_range()
    {
        var input = EosOptimizeInput.Load(ReferenceData.Path("eos/optimize_input_2.json"));
        var controls = Reference("optimize_result_2.json");
        var ac = controls["ac_charge"]!.AsArray();
        while (ac.Count > 24)
        {
            ac.RemoveAt(ac.Count - 1);
        }

        var parsed = EosControls.Parse(controls.ToJsonString(), "ctl.json");
        var ex = Assert.Throws<InputException>(() => EosSimulation.Run(input, parsed, 10));
        Assert.Equal("ctl.json", ex.File);
        Assert.Contains("ac_charge has 24 values but the input has 48 hours", ex.Message, StringComparison.Ordinal);

        controls = Reference("optimize_result_2.json");
        controls["eautocharge_hours_float"]!.AsArray().RemoveAt(0);
        parsed = EosControls.Parse(controls.ToJsonString(), "ctl.json");
        Assert.Contains("eautocharge_hours_float has 47 values", Assert.Throws<InputException>(() => EosSimulation.Run(input, parsed, 10)).Message, StringComparison.Ordinal);

        controls = Reference("optimize_result_2.json");
        controls["discharge_allowed"]!.AsArray()[12] = 2;
        Assert.Contains("discharge_allowed[12] is 2; allowed are 0 and 1", Assert.Throws<InputException>(() => EosControls.Parse(controls.ToJsonString(), "ctl.json")).Message, StringComparison.Ordinal);

        controls = Reference("optimize_result_2.json");
        controls["ac_charge"]!.AsArray()[11] = 1.5;
        Assert.Contains("ac_charge[11] is 1.5", Assert.Throws<InputException>(() => EosControls.Parse(controls.ToJsonString(), "ctl.json")).Message, StringComparison.Ordinal);

        controls = Reference("optimize_result_2.json");
        controls["washingstart"] = 48;
        parsed = EosControls.Parse(controls.ToJsonString(), "ctl.json");
        Assert.Contains("washingstart 48 is outside the horizon 0…47", Assert.Throws<InputException>(() => EosSimulation.Run(input, parsed, 10)).Message, StringComparison.Ordinal);
    }

    private static JsonObject Reference(string name) => JsonNode.Parse(File.ReadAllText(ReferenceData.Path($"eos/{name}")))!.AsObject();
}
